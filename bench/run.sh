#!/usr/bin/env bash
# The benchmark suite of issue 26 (docs/performance.md, "National scale"):
# the product against DuckDB, sqlite3 and psql on the same generated files
# at 10^4, 10^5 and 10^6 registrations, alternating in one run, and the
# web (the factsheet under 50 clients; one organisation's first page after
# an import into another). Writes its tables to docs/performance.md.
#
# Usage:
#   bash bench/run.sh                      # this build
#   BEFORE=<commit> bash bench/run.sh      # and an earlier build, in the same run
#   SIZES=10000,100000 REPEATS=3 bash bench/run.sh
# PostgreSQL: BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/test),
# skipped when it does not answer. Not part of CI (it runs for about an hour
# at the full sizes).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
missing=()
for tool in sqlite3 psql wrk; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  pkgs=("${missing[@]/psql/postgresql-client}")
  apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi
venv="$root/target/bench-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check duckdb==1.4.2
cargo build --release --quiet -p cli
args=(--product "$root/target/release/impactmonitor" --write "$root/docs/performance.md"
      --sizes "${SIZES:-10000,100000,1000000}" --repeats "${REPEATS:-3}")
if [ -n "${BEFORE:-}" ]; then
  before="$root/target/bench-before"
  rm -rf "$before"
  git worktree prune
  git worktree add --detach "$before" "$BEFORE" >/dev/null
  (cd "$before" && CARGO_TARGET_DIR="$root/target/bench-before-target" cargo build --release --quiet -p cli)
  args+=(--before "$root/target/bench-before-target/release/impactmonitor"
         --before-label "$(git log -1 --format='%h' "$BEFORE")")
fi
exec "$venv/bin/python" "$root/bench/run.py" "${args[@]}"
