#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo fuzz, libFuzzer) for a number of
# inputs each, from seeds: the CSV fixtures, real XLSX workbooks, the CBS
# reference files of ../shared/reference/cbs and the demo's narratives.
# Usage: bash bench/fuzz.sh [RUNS [TARGET…]]   (default 1000000 inputs per
# target, every target). Inputs are at most 4 KB: a seed that is larger
# (the CBS reference files) is cut, which keeps a run at thousands of
# inputs a second.
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler; on the
# stable toolchain RUSTC_BOOTSTRAP=1 lets cargo fuzz use its nightly flags.
# Writes fuzz/reports/<target>.log; a finding is kept in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-1000000}"
shift || true
TARGETS=("$@")
export RUSTC_BOOTSTRAP=1
seeds=fuzz/seeds
mkdir -p "$seeds"/{csv,xlsx,statline,odata,markdown} fuzz/reports
cp crates/cli/tests/fixtures/small/*.csv "$seeds/csv/"
FUZZ_SEEDS="$PWD/$seeds/xlsx" cargo test -q -p interchange --test fuzz_seeds >/dev/null
cbs=../shared/reference/cbs
cp "$cbs"/*.csv "$seeds/statline/" 2>/dev/null || true
find "$cbs" -name '*.json' -exec cp {} "$seeds/odata/" \;
printf '# Kop\n\nEen *tekst* met [een link](https://example.org) en <b>html</b>.\n' >"$seeds/markdown/text.md"
printf -- '- punt\n- [x](javascript:alert(1))\n\n> citaat\n' >"$seeds/markdown/list.md"

run() {
  local target=$1 corpus=$2
  local work="fuzz/corpus/$target"
  mkdir -p "$work"
  echo "fuzz: $target, $RUNS inputs"
  cargo fuzz run --sanitizer none "$target" "$work" "$corpus" -- \
    -runs="$RUNS" -max_len=4096 -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
    >"fuzz/reports/$target.log" 2>&1 || { echo "fuzz: $target FOUND something; see fuzz/reports/$target.log"; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" "fuzz/reports/$target.log" | tail -3
}

declare -A corpus=(
  [csv]=csv [xlsx]=xlsx [cbs_statline]=statline [cbs_typed_dataset]=odata
  [cbs_observations]=odata [cbs_codes_and_metadata]=odata [markdown]=markdown
)
order=(csv xlsx cbs_statline cbs_typed_dataset cbs_observations cbs_codes_and_metadata markdown)
for target in "${TARGETS[@]:-${order[@]}}"; do
  run "$target" "$seeds/${corpus[$target]}"
done
