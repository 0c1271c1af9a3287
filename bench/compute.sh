#!/usr/bin/env bash
# Measures `impactmonitor compute` for one organisation and year over 10^6
# registrations (release build, SQLite): wall time and peak memory of the
# whole command (reading the records from the database and computing every
# figure), and of the import that precedes it. Reference, measured in the
# same run: Python's csv module reading the two input files once.
#
# Usage: bash bench/compute.sh [ROWS]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
cargo build --release --quiet -p cli
bin="$PWD/target/release/impactmonitor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# The files of bench/run.py's generator: De Schans with two scored domains
# per registration, four areas, all forms and age groups, referrals.
python3 -c "import sys; sys.path.insert(0, sys.argv[1]); import run; run.generate('.', int(sys.argv[2]))" \
  "$OLDPWD/bench" "$rows"

measure() { python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
elapsed = time.perf_counter() - t
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{elapsed:.2f} {peak_mib:.0f}")
PY
}
row() { python3 -c 'import sys; label, t, mib, ref = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]); print(f"| {label} | {t:.2f} | {mib} | {t / ref:.1f} |")' "$@"; }

read -r ref ref_mib < <(measure python3 -c "import csv; [sum(1 for _ in csv.reader(open(f))) for f in ('registrations.csv', 'zrm_scores.csv')]")
"$bin" --database sqlite://im.db init >/dev/null
"$bin" --database sqlite://im.db import organisations.csv partners.csv >/dev/null
read -r imp imp_mib < <(measure "$bin" --database sqlite://im.db import registrations.csv zrm_scores.csv)
read -r comp comp_mib < <(measure "$bin" --database sqlite://im.db --format json compute --organisation deschans --year 2022)
figures=$("$bin" --database sqlite://im.db --format json compute --organisation deschans --year 2022 | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["figures"]))')

printf '| measurement (%s registrations, 2 scored domains each; %s figures) | seconds | peak MiB | ratio to reference |\n|---|---:|---:|---:|\n' "$rows" "$figures"
row "reference: Python csv reads the two files once" "$ref" "$ref_mib" "$ref"
row "import registrations.csv + zrm_scores.csv, empty database" "$imp" "$imp_mib" "$ref"
row "compute --organisation deschans --year 2022 --format json" "$comp" "$comp_mib" "$ref"
