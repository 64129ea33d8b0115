#!/usr/bin/env bash
# Seed a fresh SQLite database under bench/out/http with N demo persons (plus the demo's
# travel documents, vehicles, vessels and users) through the services layer
# (`passerelle demo seed`), and keep the printed fr.officer API token next to it.
# Usage: bench/seed_db.sh 100000   ->  bench/out/http/p100000.pristine.db, .token
set -euo pipefail
N=${1:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
DIR="$HERE/out/http"
mkdir -p "$DIR"
DB="$DIR/p$N.pristine.db"
if [[ -s "$DB" && -s "$DIR/p$N.token" ]]; then
  echo "reusing $DB"
  exit 0
fi
rm -f "$DB" "$DB-wal" "$DB-shm"
export PASSERELLE_DATABASE_URL="sqlite:///$DB"
passerelle db upgrade
start=$(date +%s)
passerelle demo seed --persons "$N" --seed 42 | tee "$DIR/seed$N.log"
echo "seeded $N persons in $(( $(date +%s) - start )) s" | tee -a "$DIR/seed$N.log"
grep -A1 "API token of fr.officer" "$DIR/seed$N.log" | tail -1 | tr -d ' \n' > "$DIR/p$N.token"
