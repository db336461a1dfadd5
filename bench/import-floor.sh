#!/usr/bin/env bash
# The floor of a population load into an empty registry, beside the importer (issue: foundation). Not run in CI.
#   bench/import-floor.sh [PEOPLE] [RUNS]     (PCCOVID_BENCH_APP=path/to/pccovid: another build)
# Needs gcc and SQLite's header (libsqlite3-dev), psql and PostgreSQL's binaries.
#
# For each provider, RUNS rounds, each the floor then the importer on the same rows:
# - the floor does only the database's share of a load into empty, with no parsing and no .NET: on SQLite,
#   bench/floor/sqlite-floor.c linked against the SQLite the program ships; on PostgreSQL, psql copying the rows
#   (binary, from the client) into a table with the importer's deferred indexes dropped, building them, ANALYZE,
#   and copying the counts;
# - the importer imports the snapshot into a fresh, migrated database.
# Prints each run and the medians; the ratio importer/floor says how much of the time is the program's own.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-1000000}
runs=${2:-5}
out=bench/out; mkdir -p "$out"
source bench/common.sh
bench_app
snapshot="$out/population-$people.jsonl"
[ -f "$snapshot" ] || "$app" generate population --people "$people" --seed 1 --out "$snapshot" >/dev/null

seconds() { date +%s.%N; }
importer_rate() { grep -oE '= [0-9,]+ lines/s' "$out/last-floor-import.log" | tr -dc '0-9'; }

# --- SQLite -------------------------------------------------------------------------------------------------------
native=$(dirname "$app")/runtimes/linux-x64/native
gcc -O2 -Wall -o "$out/sqlite-floor" bench/floor/sqlite-floor.c -L"$native" -l:libe_sqlite3.so -Wl,-rpath,"$native" -lm
source_db="$out/floor-source-$people.db"
if [ ! -f "$source_db" ]; then
  rm -f "$source_db"*
  Database__Provider=Sqlite Database__ConnectionString="Data Source=$source_db" "$app" db migrate >/dev/null
  Database__Provider=Sqlite Database__ConnectionString="Data Source=$source_db" "$app" population import "$snapshot" >/dev/null
fi
floor=(); importer=()
for i in $(seq "$runs"); do
  line=$("$out/sqlite-floor" "$source_db" "$out/floor.db")
  echo "SQLite floor:    $line"
  floor+=("$(echo "$line" | grep -oE '[0-9]+ people/s' | tr -dc '0-9')")
  rm -f "$out"/floor-app.db*
  Database__Provider=Sqlite Database__ConnectionString="Data Source=$out/floor-app.db" "$app" db migrate >/dev/null
  Database__Provider=Sqlite Database__ConnectionString="Data Source=$out/floor-app.db" "$app" population import "$snapshot" >"$out/last-floor-import.log"
  importer+=("$(importer_rate)"); echo "SQLite importer: ${importer[-1]} people/s"
done
f=$(printf '%s\n' "${floor[@]}" | median); m=$(printf '%s\n' "${importer[@]}" | median)
echo "SQLite medians: floor $f people/s, importer $m people/s, importer/floor $(awk -v a="$m" -v b="$f" 'BEGIN{printf "%.2f", a/b}')"

# --- PostgreSQL ---------------------------------------------------------------------------------------------------
# The same cluster as bench/population-import.sh.
bench_postgres -c maintenance_work_mem=512MB
pg() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
pg_db() { echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$1"; }
fresh() { pg -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; Database__Provider=Postgres Database__ConnectionString="$(pg_db "$1")" "$app" db migrate >/dev/null; }

columns="citizen_id, legacy_id_number, full_name, name_key, birth_year, birth_day, sex, nationality, province_code, district_code, commune_code, address_line, household_code, relation_to_head, content_hash, last_import_run_id, created_at_utc, updated_at_utc, source_system, source_record_id, received_at_utc, is_authoritative"
counts="commune_code, birth_year, district_code, province_code, people, dosed, fully_vaccinated, boosted"
fresh source
Database__Provider=Postgres Database__ConnectionString="$(pg_db source)" "$app" population import "$snapshot" >/dev/null
pg -d source -c "\\copy (SELECT $columns FROM people ORDER BY id) TO '$out/floor-people-$people.bin' WITH (FORMAT binary)"
pg -d source -c "\\copy (SELECT $counts FROM residence_counts ORDER BY commune_code, birth_year) TO '$out/floor-counts-$people.bin' WITH (FORMAT binary)"
# The importer's deferred indexes: not the primary key, not the partial ones an import gives no entry to.
deferred_indexes="FROM pg_indexes i WHERE tablename = 'people' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) AND indexdef NOT LIKE '%passport_number IS NOT NULL%' AND indexdef NOT LIKE '%merged_into_person_id IS NOT NULL%'"
floor=(); importer=()
for i in $(seq "$runs"); do
  fresh floor
  deferred=$(pg -d floor -At -c "SELECT indexdef || ';' $deferred_indexes")
  pg -d floor -At -c "SELECT 'DROP INDEX ' || indexname || ';' $deferred_indexes" | pg -d floor
  t0=$(seconds)
  pg -d floor -c "\\copy people ($columns) FROM '$out/floor-people-$people.bin' WITH (FORMAT binary)"
  t1=$(seconds)
  { echo "SET maintenance_work_mem = '256MB';"; echo "$deferred"; echo "ANALYZE people;"; } | pg -d floor
  t2=$(seconds)
  pg -d floor -c "\\copy residence_counts ($counts) FROM '$out/floor-counts-$people.bin' WITH (FORMAT binary)"
  t3=$(seconds)
  rate=$(awk -v p="$people" -v a="$t0" -v d="$t3" 'BEGIN{printf "%.0f", p/(d-a)}')
  echo "PostgreSQL floor:    copy $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') s, indexes and ANALYZE $(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.2f", b-a}') s, counts $(awk -v a="$t2" -v b="$t3" 'BEGIN{printf "%.2f", b-a}') s = $rate people/s"
  floor+=("$rate")
  fresh floorapp
  Database__Provider=Postgres Database__ConnectionString="$(pg_db floorapp)" "$app" population import "$snapshot" >"$out/last-floor-import.log"
  importer+=("$(importer_rate)"); echo "PostgreSQL importer: ${importer[-1]} people/s"
done
f=$(printf '%s\n' "${floor[@]}" | median); m=$(printf '%s\n' "${importer[@]}" | median)
echo "PostgreSQL medians: floor $f people/s, importer $m people/s, importer/floor $(awk -v a="$m" -v b="$f" 'BEGIN{printf "%.2f", a/b}')"
