#!/usr/bin/env bash
# Measures the import of 10^5 registrations with 3 scored ZRM domains each
# into a fresh SQLite database, release build, in two forms: the wide
# variant (scores in registrations.csv) and the file pair (registrations.csv
# + zrm_scores.csv, 3x10^5 score rows). Reference, measured in the same run:
# reading the same files once with Python's csv module.
#
# Usage: bash bench/import.sh [ROWS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"
cargo build --release --quiet -p cli
bin="$PWD/target/release/impactmonitor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

python3 - "$rows" <<'PY'
import sys
n = int(sys.argv[1])
domains = ["financien", "werk_opleiding", "sociaal_netwerk"]
with open("organisations.csv", "w") as f:
    f.write("organisation,name,municipalities,areas\ndeschans,De Schans,GM1969,Leek|Marum|Grootegast|Zuidhorn\n")
areas = ["Leek", "Marum", "Grootegast", "Zuidhorn"]
wide_cols = ",".join(f"zrm_{d}_start,zrm_{d}_doel,zrm_{d}_eind" for d in domains)
head = "registration_id,organisation,area,form,start_date,end_date,age_group,main_domain,client_code"
with open("wide.csv", "w") as wide, \
     open("registrations.csv", "w") as regs, open("zrm_scores.csv", "w") as scores:
    wide.write(f"{head},{wide_cols}\n")
    regs.write(f"{head}\n")
    scores.write("organisation,registration_id,domain,start_score,goal_score,end_score\n")
    for i in range(n):
        base = f"r{i},deschans,{areas[i % 4]},traject,2022-{1 + i % 12:02d}-{1 + i % 28:02d},2022-12-31,27-55,{domains[i % 3]},C{i % 70000}"
        triples = [(1 + (i + k) % 3, 3 + (i + k) % 3, 1 + (i * 7 + k) % 5) for k in range(3)]
        wide.write(base + "," + ",".join(f"{s},{g},{e}" for s, g, e in triples) + "\n")
        regs.write(base + "\n")
        for d, (s, g, e) in zip(domains, triples):
            scores.write(f"deschans,r{i},{d},{s},{g},{e}\n")
PY
mv wide.csv wide_registrations.csv

seconds() { python3 -c 'import subprocess, sys, time; t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); print(time.perf_counter() - t)' "$@"; }
row() { python3 -c 'import sys; label, t, ref = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]); print(f"| {label} | {t:.2f} | {t / ref:.1f} |")' "$@"; }
fresh() { rm -f im.db im.db-* im.db.secret; "$bin" --database sqlite://im.db init >/dev/null; "$bin" --database sqlite://im.db import organisations.csv >/dev/null; }

ref=$(seconds python3 -c "import csv; [sum(1 for _ in csv.reader(open(f))) for f in ('wide_registrations.csv', 'registrations.csv', 'zrm_scores.csv')]")
fresh; wide=$(seconds "$bin" --database sqlite://im.db import --kind registrations wide_registrations.csv)
again=$(seconds "$bin" --database sqlite://im.db import --kind registrations wide_registrations.csv)
fresh; pair=$(seconds "$bin" --database sqlite://im.db import registrations.csv zrm_scores.csv)

printf '| measurement (%s registrations, 3 scored domains each) | seconds | ratio to reference |\n|---|---:|---:|\n' "$rows"
row "reference: Python csv reads the three files once" "$ref" "$ref"
row "import, wide variant, empty database" "$wide" "$ref"
row "re-import of the same file (all unchanged)" "$again" "$ref"
row "import, registrations.csv + zrm_scores.csv, empty database" "$pair" "$ref"
