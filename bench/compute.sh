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

python3 - "$rows" <<'PY'
import sys
n = int(sys.argv[1])
domains = ["financien", "werk_opleiding", "sociaal_netwerk", "geestelijke_gezondheid"]
forms = ["traject", "leun_steun", "informatie_advies"]
ages = ["0-17", "18-26", "27-55", "56-66", "67+"]
with open("organisations.csv", "w") as f:
    f.write("organisation,name,municipalities,areas\ndeschans,De Schans,GM1969,Leek|Marum|Grootegast|Zuidhorn\n")
with open("partners.csv", "w") as f:
    f.write("organisation,partner_id,name,sector,line\ndeschans,huisarts,Huisarts,zorg,voorliggend\ndeschans,ggz,GGZ,professionele_hulp,geindiceerd\n")
areas = ["Leek", "Marum", "Grootegast", "Zuidhorn"]
with open("registrations.csv", "w") as regs, open("zrm_scores.csv", "w") as scores:
    regs.write("registration_id,organisation,area,form,start_date,end_date,first_contact_date,age_group,main_domain,client_code,referred_by,referred_to\n")
    scores.write("organisation,registration_id,domain,start_score,goal_score,end_score\n")
    for i in range(n):
        age = ages[i % 5]
        month, day = 1 + i % 12, 1 + i % 28
        start = f"2022-{month:02d}-{day:02d}"
        closed = i % 4 != 0
        end = "2022-12-31" if closed else ""
        first = f"2022-{month:02d}-{min(28, day + i % 3):02d}" if i % 10 else ""
        by = ["", "huisarts", "ggz"][i % 3]
        to = ["", "", "ggz", "huisarts"][i % 4]
        regs.write(f"r{i},deschans,{areas[i % 4]},{forms[i % 3]},{start},{end},{first},{age},{domains[i % 4]},C{i % 400000},{by},{to}\n")
        for k in range(2):
            d = domains[(i + k) % 4]
            goal = str(3 + (i + k) % 3) if age != "0-17" and i % 3 == 0 else ""
            endscore = str(1 + (i * 7 + k) % 5) if closed else ""
            scores.write(f"deschans,r{i},{d},{1 + (i + k) % 3},{goal},{endscore}\n")
PY

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
