#!/usr/bin/env bash
# The factsheet page under 50 concurrent clients: the demo (release build,
# SQLite) serves; a researcher signs in; wrk asks for the factsheet
# "Kwetsbare inwoners" 2022 for 30 s with 50 connections on 2 threads and
# prints the latency distribution (p50, p99) and any errors.
# Usage: bench/web.sh  (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p cli >/dev/null
work=$(mktemp -d)
port=18099
(cd "$work" && exec "$OLDPWD/target/release/impactmonitor" demo --listen 127.0.0.1:$port >out.txt 2>err.txt) &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  grep -q "^  onderzoeker" "$work/out.txt" 2>/dev/null && curl -s -o /dev/null "http://127.0.0.1:$port/sign-in" && break
  sleep 0.5
done
password=$(awk '$1 == "onderzoeker" {print $3}' "$work/out.txt")
jar="$work/jar"
token() { grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//;s/"//'; }
csrf=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/sign-in" | token)
curl -s -c "$jar" -b "$jar" -o /dev/null -d "csrf=$csrf&username=onderzoeker&password=$password" "http://127.0.0.1:$port/sign-in"
cookie=$(awk '$6 == "impactmonitor" {print "impactmonitor=" $7}' "$jar")
url="http://127.0.0.1:$port/organisations/deschans/factsheets/kwetsbare_inwoners/2022"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url")
[ "$status" = 200 ] || { echo "the factsheet answers $status, not 200" >&2; exit 1; }
wrk -t2 -c50 -d30s --latency -H "Cookie: $cookie" "$url"
