#!/usr/bin/env bash
# Measures the import of a registration system's own export through a saved
# mapping against the import of the same registrations as an interchange
# file, release build, fresh SQLite databases sharing one secret. The
# export has a title line, its own column names and values, Dutch dates,
# Windows-1252 text, a BSN, a birth date and a name per client; the two
# imports must export byte-identical files (checked).
#
# Usage: bash bench/import_mapped.sh [ROWS]   (default 10000)
#        PROFILE=debug bash bench/import_mapped.sh   (the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000}"
profile="${PROFILE:-release}"
case "$profile" in
  release) cargo build --release --quiet -p cli ;;
  *) cargo build --quiet -p cli ;;
esac
bin="$PWD/target/$profile/impactmonitor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

python3 - "$rows" <<'PY'
import sys
n = int(sys.argv[1])
with open("organisations.csv", "w") as f:
    f.write("organisation,name,municipalities,areas\ndeschans,De Schans,GM1969,Leek|Marum|Grootegast|Zuidhorn\n")
areas = ["Leek", "Marum", "Grootegast", "Zuidhorn"]
forms = [("traject", "Traject"), ("informatie_advies", "Info & Advies"), ("leun_steun", "Leun & Steun")]
domains = [("financien", "Financiële problemen"), ("huisvesting", "Huisvesting"), ("sociaal_netwerk", "Sociaal netwerk")]

def bsn(k):
    base = 100000000 + k * 7
    while True:
        d = [int(c) for c in str(base)]
        if (sum((9 - i) * d[i] for i in range(8)) - d[8]) % 11 == 0:
            return str(base)
        base += 1

with open("twin.csv", "w") as twin, open("export.csv", "w", encoding="cp1252", newline="") as export:
    twin.write("registration_id,organisation,area,form,start_date,end_date,client_code,birth_year,main_domain\n")
    export.write("Export Regicare;;;;;;;;\r\n")
    export.write("Dossiernummer;Datum aanmelding;Datum afsluiting;Soort contact;Hulpvraag;Wijk;BSN;Geboortedatum;Naam cliënt\r\n")
    for i in range(n):
        client = i % (n * 4 // 5 or 1)
        number, year = bsn(client), 1940 + client % 70
        form, domain = forms[i % 3], domains[i % 3]
        month, day = 1 + i % 12, 1 + i % 28
        twin.write(f"r{i},deschans,{areas[i % 4]},{form[0]},2022-{month:02d}-{day:02d},,{number},{year},{domain[0]}\n")
        export.write(f"r{i};{day:02d}-{month:02d}-2022;;{form[1]};{domain[1]};{areas[i % 4]};{number};{day:02d}-{month:02d}-{year};Cliënt {client}\r\n")

with open("mapping.toml", "w") as f:
    f.write('''name = "Regicare-export"
kind = "registrations"
dates = "dd-mm-jjjj"
[[columns]]
source = "Dossiernummer"
to = "registration_id"
[[columns]]
source = "Datum aanmelding"
to = "start_date"
[[columns]]
source = "Datum afsluiting"
to = "end_date"
[[columns]]
source = "Soort contact"
to = "form"
[[columns]]
source = "Hulpvraag"
to = "main_domain"
[[columns]]
source = "Wijk"
to = "area"
[[columns]]
source = "BSN"
to = "client_code"
private = "bsn"
[[columns]]
source = "Geboortedatum"
to = "birth_year"
private = "birth_date"
[[columns]]
source = "Naam cliënt"
private = "name"
[values.form]
"Info & Advies" = "informatie_advies"
"Leun & Steun" = "leun_steun"
[values.main_domain]
"Financiële problemen" = "financien"
"Sociaal netwerk" = "sociaal_netwerk"
''')
PY

"$bin" --database sqlite://first.db init >/dev/null
# One secret for every database, so that both imports give the same pseudonyms.
fresh() {
  rm -f im.db im.db-*; cp first.db.secret im.db.secret
  "$bin" --database sqlite://im.db init >/dev/null
  "$bin" --database sqlite://im.db import organisations.csv >/dev/null
  "$bin" --database sqlite://im.db mapping import mapping.toml --organisation deschans >/dev/null
}
seconds() { python3 -c 'import subprocess, sys, time; t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); print(time.perf_counter() - t)' "$@"; }
median3() { python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

plain=(); mapped=()
for _ in 1 2 3; do
  fresh; plain+=("$(seconds "$bin" --database sqlite://im.db import --organisation deschans --kind registrations twin.csv)")
  "$bin" --database sqlite://im.db export --kind registrations --organisation deschans --out plain.csv >/dev/null
  fresh; mapped+=("$(seconds "$bin" --database sqlite://im.db import --organisation deschans --mapping Regicare-export export.csv)")
  "$bin" --database sqlite://im.db export --kind registrations --organisation deschans --out mapped.csv >/dev/null
  cmp -s plain.csv mapped.csv || { echo "the two imports stored different records" >&2; exit 1; }
done
p=$(median3 "${plain[@]}"); m=$(median3 "${mapped[@]}")
printf '| measurement (%s registrations, median of 3) | seconds | ratio |\n|---|---:|---:|\n' "$rows"
python3 -c 'import sys; p, m = float(sys.argv[1]), float(sys.argv[2]); print(f"| interchange file (the twin), empty database | {p:.2f} | 1.0 |"); print(f"| the system export through its mapping, empty database | {m:.2f} | {m / p:.2f} |")' "$p" "$m"
echo "(both stored byte-identical records)"
