#!/usr/bin/env bash
# Every Passerelle benchmark, side by side with the peers, in one run.
#
#   bench/run_all.sh [--sizes 10000,100000,1000000] [--http-size 100000] [--repeat 3]
#                    [--skip-latency] [--skip-http] [--skip-quality] [--tag NAME]
#                    [--rev HEAD | --rev worktree]
#
# --rev (default HEAD): benchmark the committed source of that revision, extracted with
# `git archive` into bench/out/rev-<sha>/src and put first on PYTHONPATH, so that a run is
# not disturbed by half-finished edits in the working tree; `--rev worktree` measures the
# working tree as it is.
# Creates bench/.venv (project + peers: rapidfuzz, splink+duckdb, nomenklatura+followthemoney,
# py-spy, httpx) if missing, generates the synthetic watchlist once into bench/out/ (seed 42),
# seeds an HTTP database, and writes JSON results under bench/results/.
set -euo pipefail
SIZES=10000,100000
HTTP_SIZE=100000
REPEAT=3
TAG=""
REV=HEAD
SKIP_LAT=0 SKIP_HTTP=0 SKIP_QUAL=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --http-size) HTTP_SIZE=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --tag) TAG=$2; shift 2 ;;
    --rev) REV=$2; shift 2 ;;
    --skip-latency) SKIP_LAT=1; shift ;;
    --skip-http) SKIP_HTTP=1; shift ;;
    --skip-quality) SKIP_QUAL=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
cd "$ROOT"
if [[ ! -x bench/.venv/bin/python ]]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q -e . rapidfuzz splink duckdb nomenklatura followthemoney \
    py-spy pyinstrument httpx
fi
# shellcheck disable=SC1091
. bench/.venv/bin/activate
if [[ $REV != worktree ]]; then
  SHA=$(git rev-parse --short "$REV")
  if [[ ! -d bench/out/rev-$SHA/src ]]; then
    mkdir -p "bench/out/rev-$SHA"
    git archive "$SHA" src | tar -x -C "bench/out/rev-$SHA"
  fi
  export PYTHONPATH="$ROOT/bench/out/rev-$SHA/src${PYTHONPATH:+:$PYTHONPATH}"
  export BENCH_SRC_REV=$SHA
  echo "== measuring committed source $SHA ($(git log -1 --format=%s "$SHA" | cut -c1-80))"
fi
MAX=$(tr ',' '\n' <<<"$SIZES,$HTTP_SIZE" | sort -n | tail -1)
if ! python -c "import sys; sys.path.insert(0, 'bench'); import common; common.watchlist_path($MAX)" \
    >/dev/null 2>&1; then
  /usr/bin/time -f "generate: %e s, max RSS %M KB" \
    passerelle demo generate --persons "$MAX" --seed 42 --out "bench/out/w$MAX"
fi
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
T=${TAG:+--tag $TAG}
if [[ $SKIP_QUAL == 0 ]]; then
  echo "== quality (names-dev, translit-dev)"
  python bench/quality.py $T
fi
if [[ $SKIP_LAT == 0 ]]; then
  echo "== in-process latency / build / memory at $SIZES (one core, $REPEAT runs per cell)"
  python bench/matching_latency.py --sizes "$SIZES" --repeat "$REPEAT" $T
fi
if [[ $SKIP_HTTP == 0 ]]; then
  echo "== HTTP load at $HTTP_SIZE persons"
  bench/seed_db.sh "$HTTP_SIZE"
  DIR=bench/out/http
  cp "$DIR/p$HTTP_SIZE.pristine.db" "$DIR/p$HTTP_SIZE.run.db"
  python bench/http_load.py --db "$DIR/p$HTTP_SIZE.run.db" --size "$HTTP_SIZE" \
    --token "$(cat "$DIR/p$HTTP_SIZE.token")" --concurrency 1,4,16 --requests 1500 --profile $T
fi
echo "== results in bench/results/; tables: python bench/report.py"
