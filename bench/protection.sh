#!/usr/bin/env bash
# Disclosure control of everything a municipality viewer can see of De
# Schans (issue 13): `publish --format html` of one factsheet builds every
# publishable page of the organisation (every factsheet, monitor, area page
# and survey page of every year, and the dashboard), protects their 864
# cells together by linear programming and writes the factsheet. The
# reference, measured in the same run, is `compute` of the same year (the
# figures of one selection). Each command runs 7 times; the table gives
# the median wall time of the whole command. PROFILE=release for a
# release build (typst makes that a long build); debug by default.
# Usage: bench/protection.sh
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${PROFILE:-debug}"
if [ "$profile" = release ]; then cargo build --release -p cli >/dev/null; else cargo build -p cli >/dev/null; fi
bin="$PWD/target/$profile/impactmonitor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && "$bin" demo --no-serve >/dev/null)
db="sqlite://$work/impactmonitor-demo.db"

source bench/median.sh

ref=$(median "$bin" --database "$db" --format json compute --organisation deschans --year 2022)
for k in 3 5 10; do
  eval "k$k=\$(median \"\$bin\" --database \"\$db\" --format html publish --organisation deschans --theme kwetsbare_inwoners --year 2022 --suppression-k $k --out \"\$work/f.html\")"
done
ratio() { python3 -c "print(f'{$1 / $2:.1f}')"; }
echo "| measurement ($profile build, median of 7, whole command) | seconds | ratio to reference |"
echo "|---|---:|---:|"
echo "| reference: compute --year 2022 (one selection's figures) | $ref | 1.0 |"
for k in 3 5 10; do
  v=$(eval echo "\$k$k")
  echo "| publish factsheet for the municipality, k = $k (every page built and protected together) | $v | $(ratio "$v" "$ref") |"
done
