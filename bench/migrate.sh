#!/usr/bin/env bash
# End-to-end migration benchmark (issue 6: read, normalise, link, write facts >= 20,000 records/s on
# SQLite). Not run in CI.
#   bench/migrate.sh [PEOPLE] [RUNS] [SOURCES...]     (PCCOVID_BENCH_APP=path/to/pccovid: another build)
#   bench/migrate.sh [PEOPLE] [RUNS] all              (`pccovid migrate all`: the seven sources, one registry index)
# Generates a PEOPLE-person snapshot and its legacy exports (share 0.5, seed 2), then RUNS times:
# a fresh SQLite database with the snapshot imported, and `pccovid migrate` of each source in the
# order phones are learnt (sskdt, bluezone, ncovi, vhd, tiemchung, xetnghiem, qr). Prints each run's
# report line and, per source, the median records/s and CPU seconds (user + system) over the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-100000}
runs=${2:-3}
shift $(( $# > 2 ? 2 : $# )) || true
sources=("$@")
[ ${#sources[@]} -gt 0 ] || sources=(sskdt bluezone ncovi vhd tiemchung xetnghiem qr)
out=bench/out; mkdir -p "$out"
source bench/common.sh
bench_app
snapshot="$out/population-$people.jsonl"
legacy="$out/legacy-$people"
[ -f "$snapshot" ] || "$app" generate population --people "$people" --seed 1 --out "$snapshot" >/dev/null
[ -d "$legacy" ] || "$app" generate legacy --population "$snapshot" --out "$legacy" --seed 2 --share 0.5 >/dev/null
log="$out/migrate-$people-$(basename "$(dirname "$app")").log"; : > "$log"
for run in $(seq "$runs"); do
  rm -f "$out"/migrate.db*
  export Database__Provider=Sqlite Database__ConnectionString="Data Source=$out/migrate.db"
  "$app" population import "$snapshot" >/dev/null
  for source in "${sources[@]}"; do
    # The process's CPU time (user + system) beside the wall-clock rate: less moved by a busy shared machine.
    if [ "$source" = all ]; then
      line=$( { /usr/bin/time -f "cpu %U + %S s" "$app" migrate all "$legacy"; } 2>&1 | grep -E "^all .*records/s|^cpu " | tr '\n' ' ')
    else
      line=$( { /usr/bin/time -f "cpu %U + %S s" "$app" migrate "$source" "$legacy/$source"; } 2>&1 | grep -E "records/s|^cpu " | tr '\n' ' ')
    fi
    echo "run $run $source: $line" | tee -a "$log"
  done
done
echo "median records/s (and CPU seconds) per source over $runs runs:"
for source in "${sources[@]}"; do
  rate=$(grep " $source: " "$log" | grep -oE '[0-9,]+ records/s' | tr -d ',' | awk '{print $1}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(grep " $source: " "$log" | grep -oE 'cpu [0-9.]+ \+ [0-9.]+' | awk '{printf "%.2f\n", $2 + $4}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "  $source: $rate records/s, cpu $cpu s"
done
