#!/usr/bin/env bash
# Lab CSV import benchmark (issue 5). Not run in CI.
#   bench/lab-import.sh [PEOPLE] [RESULTS] [RUNS]     (PCCOVID_BENCH_APP=path/to/pccovid: another build)
# For each provider: a registry of PEOPLE generated people (imported once), then RUNS imports of a
# generated xetnghiem file of RESULTS rows into fresh lab tables (a new lab each run, so nothing is
# "already recorded"), including person matching, pools, review items and cases; prints results/s
# and the median. PostgreSQL: a throw-away cluster on 127.0.0.1 (fsync on, like production).
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-1000000}
results=${2:-1000000}
runs=${3:-3}
out=bench/out; mkdir -p "$out"
source bench/common.sh
bench_app
snapshot="$out/population-$people.jsonl"
labfile="$out/lab-$results.csv"
[ -f "$snapshot" ] || "$app" generate population --people "$people" --seed 1 --out "$snapshot" >/dev/null
"$app" lab generate --population "$snapshot" --results "$results" --seed 1 --out "$labfile"

bench_postgres

for provider in ${PROVIDERS:-Sqlite Postgres}; do
  if [ "$provider" = Sqlite ]; then
    rm -f "$out"/labbench.db*; cs="Data Source=$out/labbench.db"
  else
    psql -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE labbench" >/dev/null
    cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=labbench"
  fi
  export Database__Provider="$provider" Database__ConnectionString="$cs"
  "$app" db migrate >/dev/null
  "$app" population import "$snapshot" >/dev/null
  rates=()
  for i in $(seq "$runs"); do
    lab=$("$app" lab register "Phòng xét nghiệm $i" --commune 00001 | tail -1)
    "$app" lab import "$labfile" --lab "$lab" >"$out/last-lab-import.log"
    head -1 "$out/last-lab-import.log"
    rates+=("$(grep -oE '= [0-9,]+ lines/s' "$out/last-lab-import.log" | tr -dc '0-9')")
  done
  echo "$provider lab import ($results results, $people people): ${rates[*]} results/s (median $(printf '%s\n' "${rates[@]}" | median))"
done
