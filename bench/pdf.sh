#!/usr/bin/env bash
# Typesetting the demo's factsheet "Kwetsbare inwoners" 2022 and the whole
# annual monitor 2022 (with its four factsheets) as PDF, release build,
# SQLite. Each command runs 7 times; the table gives the median wall time
# of the whole command (open the database, compute, lay out, write) and
# its ratio to the reference measured in the same run: the same
# publication written as HTML, which does everything but typeset.
# Usage: bench/pdf.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p cli >/dev/null
bin="$PWD/target/release/impactmonitor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && "$bin" demo --no-serve >/dev/null)
db="sqlite://$work/impactmonitor-demo.db"

source bench/median.sh

factsheet=(--organisation deschans --theme kwetsbare_inwoners --year 2022)
monitor=(--organisation deschans --monitor --year 2022)
ref_f=$(median "$bin" --database "$db" --format html publish "${factsheet[@]}" --out "$work/f.html")
pdf_f=$(median "$bin" --database "$db" --format pdf publish "${factsheet[@]}" --out "$work/f.pdf")
ref_m=$(median "$bin" --database "$db" --format html publish "${monitor[@]}" --out "$work/m.html")
pdf_m=$(median "$bin" --database "$db" --format pdf publish "${monitor[@]}" --out "$work/m.pdf")
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
ratio() { python3 -c "print(f'{$1 / $2:.1f}')"; }
echo "| measurement (median of 7, whole command) | seconds | ratio to reference |"
echo "|---|---:|---:|"
echo "| reference: factsheet as HTML | $ref_f | 1.0 |"
echo "| factsheet as PDF ($(pages "$work/f.pdf") pages) | $pdf_f | $(ratio "$pdf_f" "$ref_f") |"
echo "| reference: annual monitor with its factsheets as HTML | $ref_m | 1.0 |"
echo "| annual monitor with its factsheets as PDF ($(pages "$work/m.pdf") pages) | $pdf_m | $(ratio "$pdf_m" "$ref_m") |"
