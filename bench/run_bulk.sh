#!/usr/bin/env bash
# Bulk screening benchmark: a manifest against a watchlist, end to end from the files to hits,
# Passerelle (`screen-manifest --watchlist`, local and Spark engines) side by side with Splink
# on DuckDB, in the same run, scored against truth.csv by one function.
#
#   bench/run_bulk.sh [--persons 1000000] [--manifest 1000000] [--seed 42] [--hit-rate 0.02]
#                     [--systems ours,splink] [--ours-runs cold,warm,spark1,spark2]
#                     [--processes N] [--rev HEAD | --rev worktree | --rev SHA] [--compiled]
#                     [--tag NAME] [--duckdb-memory-limit 8GB]
#
# --rev (default HEAD): measure the committed source of that revision (`git archive` into
# bench/out/rev-<sha>/src, first on PYTHONPATH), not the half-edited working tree.
# --compiled: measure that revision's compiled build instead (setup.py, PASSERELLE_COMPILE=1;
# built once into bench/out/rev-<sha>/compiled; docs/bulk-screening.md, "A compiled build").
# Data is generated once per (persons, manifest, seed, hit rate) into
# bench/out/bulk/p<P>-m<M>-s<S>-h<H>-g<generator tree>/ with `passerelle demo generate` and reused after.
# Runs of ours: cold (cached index deleted first, build included), warm (index reused),
# spark1 / spark2 (--engine spark --master local[1] / local[2], warm index, hits compared
# with the local run). Splink: bench/peers/splink_bulk.py.
# Creates bench/.venv (project + peers) if missing. Writes bench/results/bulk-<tag>-<UTC>.json
# (rewritten after every run). One heavy job at a time: the load average is recorded.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
cd "$ROOT"
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
if [[ ! -x bench/.venv/bin/python ]]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q -e ".[spark]" rapidfuzz splink duckdb nomenklatura \
    followthemoney py-spy pyinstrument httpx psutil
fi
# a bench/.venv made by run_all.sh lacks the spark extra (pyspark, pandas < 3: mapInArrow
# needs pandas) and psutil
if ! bench/.venv/bin/python -c "import psutil, pyspark, pandas, splink, duckdb" 2>/dev/null; then
  bench/.venv/bin/pip install -q -e ".[spark]" psutil splink duckdb
fi
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec bench/.venv/bin/python bench/bulk_screen.py "$@"
