#!/usr/bin/env bash
# Population import benchmark (issue: foundation). Not run in CI.
#   bench/population-import.sh [PEOPLE] [RUNS]     (PCCOVID_BENCH_APP=path/to/pccovid: another build)
# For each provider: generate a PEOPLE-person snapshot, import it RUNS times into an empty database
# (fresh each run) and re-import it RUNS times (nothing changed); print rows/s and peak RSS, and the
# median of the runs. PostgreSQL: a throw-away cluster on 127.0.0.1 (fsync on, like production).
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-1000000}
runs=${2:-3}
out=bench/out; mkdir -p "$out"
source bench/common.sh
bench_app
snapshot="$out/population-$people.jsonl"

if [ -f "$snapshot" ] && [ -n "${PCCOVID_BENCH_KEEP_SNAPSHOT:-}" ]; then
  echo "snapshot kept: $snapshot"
else
  gen=$( { /usr/bin/time -f "%e %M" "$app" generate population --people "$people" --seed 1 --out "$snapshot" >/dev/null; } 2>&1 | tail -1)
  echo "generate population --people $people: $(echo "$gen" | awk '{print $1}') s, peak RSS $(echo "$gen" | awk '{printf "%.0f", $2/1024}') MB, $(du -m "$snapshot" | cut -f1) MB file"
fi

bench_postgres -c maintenance_work_mem=512MB

measure() { # provider connection-string -> "import_rate wall_seconds rss_kb"
  local t
  t=$( { /usr/bin/time -f "%e %M" env Database__Provider="$1" Database__ConnectionString="$2" "$app" population import "$snapshot" >"$out/last-import.log"; } 2>&1 | tail -1)
  # The importer's own rate (reading, validating, writing, rebuilding indexes and counts), then the
  # whole process's wall time (adds .NET start-up and the migration check, about 1.5 s).
  echo "$(grep -oE '= [0-9,]+ lines/s' "$out/last-import.log" | tr -dc '0-9') $t"
}

for provider in Sqlite Postgres; do
  first=(); again=(); firstwall=(); againwall=(); rss=0
  for i in $(seq "$runs"); do
    if [ "$provider" = Sqlite ]; then
      rm -f "$out"/bench.db*; cs="Data Source=$out/bench.db"
    else
      psql -q -h 127.0.0.1 -p "$port" -U postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench" >/dev/null
      cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=bench"
    fi
    env Database__Provider="$provider" Database__ConnectionString="$cs" "$app" db migrate >/dev/null
    read -r r s k < <(measure "$provider" "$cs"); first+=("$r"); firstwall+=("$(awk -v p="$people" -v s="$s" 'BEGIN{printf "%.0f", p/s}')"); rss=$((k > rss ? k : rss))
    read -r r s k < <(measure "$provider" "$cs"); again+=("$r"); againwall+=("$(awk -v p="$people" -v s="$s" 'BEGIN{printf "%.0f", p/s}')"); rss=$((k > rss ? k : rss))
  done
  echo "$provider import into empty:   importer ${first[*]} persons/s (median $(printf '%s\n' "${first[@]}" | median)); whole process ${firstwall[*]} (median $(printf '%s\n' "${firstwall[@]}" | median))"
  echo "$provider re-import unchanged: importer ${again[*]} persons/s (median $(printf '%s\n' "${again[@]}" | median)); whole process ${againwall[*]} (median $(printf '%s\n' "${againwall[@]}" | median))"
  echo "$provider peak RSS: $((rss / 1024)) MB"
done
