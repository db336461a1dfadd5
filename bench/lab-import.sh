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
if [ -n "${PCCOVID_BENCH_APP:-}" ]; then
  app="$PCCOVID_BENCH_APP"
else
  dotnet publish src/PcCovid.Web -c Release -o "$out/app" --nologo -v q >/dev/null
  app="$out/app/pccovid"
fi
snapshot="$out/population-$people.jsonl"
labfile="$out/lab-$results.csv"
[ -f "$snapshot" ] || "$app" generate population --people "$people" --seed 1 --out "$snapshot" >/dev/null
"$app" lab generate --population "$snapshot" --results "$results" --seed 1 --out "$labfile"

run_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d /tmp/pccovid-bench-pg.XXXXXX); chmod 755 "$pg_dir"; [ "$(id -u)" = "0" ] && chown postgres "$pg_dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=8GB" start >/dev/null
trap 'run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

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
