#!/usr/bin/env bash
# Pages beside a large import: the demo (release build, SQLite by default,
# or PostgreSQL with IMPACTMONITOR_DATABASE=postgres://…) serves; the
# coordinator uploads 10^5 registrations (3 scored ZRM domains each) on the
# import page, waits for the check, confirms, and waits for the import; all
# the while wrk asks for the factsheet "Kwetsbare inwoners" 2022 with 50
# connections on 2 threads, in windows of 5 s: as the municipality reads it
# (its published version), or with READER=onderzoeker as the researcher
# reads it (computed from the data as they are, again after the import's
# commit). Prints each window's latency distribution and errors (non-2xx
# answers, timeouts), and how long the check and the import took.
# Usage: [READER=gemeente|onderzoeker] bash bench/import_load.sh [ROWS]
# (default 100000; needs wrk and curl: apt-get install wrk curl)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"
reader="${READER:-gemeente}"
cargo build --release --quiet -p cli
bin="$PWD/target/release/impactmonitor"
work=$(mktemp -d)
port=18097
database="${IMPACTMONITOR_DATABASE:-sqlite://$work/load.db}"
if [[ "$database" == postgres* ]]; then
  psql "$database" -qc 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
fi
(cd "$work" && exec "$bin" --database "$database" demo --listen 127.0.0.1:$port >out.txt 2>err.txt) &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do
  grep -q "^  gemeente" "$work/out.txt" 2>/dev/null && curl -s -o /dev/null "http://127.0.0.1:$port/sign-in" && break
  sleep 0.5
done
base="http://127.0.0.1:$port"

python3 - "$rows" "$work/registrations.csv" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
areas = ["Leek", "Marum", "Grootegast", "Zuidhorn"]
domains = ["financien", "werk_opleiding", "sociaal_netwerk"]
scores = ",".join(f"zrm_{d}_start,zrm_{d}_doel,zrm_{d}_eind" for d in domains)
with open(path, "w") as f:
    f.write(f"registration_id,organisation,area,form,start_date,end_date,age_group,main_domain,client_code,{scores}\n")
    for i in range(n):
        triples = ",".join(f"{1 + (i + k) % 3},{3 + (i + k) % 3},{1 + (i * 7 + k) % 5}" for k in range(3))
        f.write(f"load-{i},deschans,{areas[i % 4]},traject,2022-{1 + i % 12:02d}-{1 + i % 28:02d},2022-12-31,27-55,{domains[i % 3]},LOAD-{i % 70000},{triples}\n")
PY

token() { grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//;s/"//'; }
# Signs in as $1 into the cookie jar $2.
sign_in() {
  local password csrf
  password=$(awk -v user="$1" '$1 == user {print $3}' "$work/out.txt")
  csrf=$(curl -s -c "$2" -b "$2" "$base/sign-in" | token)
  curl -s -c "$2" -b "$2" -o /dev/null -d "csrf=$csrf&username=$1&password=$password" "$base/sign-in"
}
viewer="$work/viewer.jar"; coordinator="$work/coordinator.jar"
sign_in "$reader" "$viewer"
sign_in coordinator "$coordinator"
cookie=$(awk '$6 == "impactmonitor" {print "impactmonitor=" $7}' "$viewer")
page="$base/organisations/deschans/factsheets/kwetsbare_inwoners/2022"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$page")
[ "$status" = 200 ] || { echo "the factsheet answers $status, not 200" >&2; exit 1; }

# Follows a job page until it no longer answers 202; prints its body.
finish() {
  while [ "$(curl -s -b "$coordinator" -o "$work/job.html" -w '%{http_code}' "$base$1")" = 202 ]; do sleep 0.5; done
  cat "$work/job.html"
}
import() {
  local csrf job upload started checked
  csrf=$(curl -s -b "$coordinator" "$base/organisations/deschans/import" | token)
  started=$(date +%s.%N)
  job=$(curl -s -b "$coordinator" -o /dev/null -w '%{redirect_url}' \
    -F "files=@$work/registrations.csv" -F "kind=" "$base/organisations/deschans/import?csrf=$csrf")
  upload=$(finish "${job#"$base"}" | grep -o 'name="upload" value="[0-9a-f]*"' | sed 's/.*value="//;s/"//')
  [ -n "$upload" ] || { echo "the check refused the file" >&2; exit 1; }
  checked=$(date +%s.%N)
  job=$(curl -s -b "$coordinator" -o /dev/null -w '%{redirect_url}' \
    -d "csrf=$csrf&upload=$upload" "$base/organisations/deschans/import/confirm")
  finish "${job#"$base"}" | grep -q "Geïmporteerd" || { echo "the import did not store" >&2; exit 1; }
  python3 -c "import sys; s, c, d = map(float, sys.argv[1:]); print(f'check {c - s:.1f} s, import {d - c:.1f} s')" \
    "$started" "$checked" "$(date +%s.%N)" > "$work/import.txt"
}
import &
importer=$!
load() {
  echo "== $1 (5 s, 50 connections, as $reader) =="
  wrk -t2 -c50 -d5s --timeout 10s --latency -H "Cookie: $cookie" "$page" \
    | grep -E "Latency|50%|99%|requests in|Non-2xx|Socket errors|Requests/sec"
}
window=1
while kill -0 $importer 2>/dev/null; do
  load "window $window, during the import"
  window=$((window + 1))
done
wait $importer
# The first pages after the commit compute the figures again.
load "window $window, after the import"
echo "== $rows registrations: $(cat "$work/import.txt")"
