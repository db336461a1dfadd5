#!/usr/bin/env bash
# Identity resolution benchmark (issue 6). Not run in CI.
#   bench/identity-resolution.sh [PEOPLE] [SHARE]
# Generates a PEOPLE-person snapshot, imports it into SQLite, writes the seven legacy exports for
# SHARE of it (plus foreigners and people not in the snapshot) and runs the resolver over every
# person-bearing record (PCCOVID_BENCH_TRAIN=1: EM on every tenth record first), scored against truth.csv; prints accuracy by slice, records/s, blocking
# candidates and recall, and the index memory with its extrapolation to 10 M persons.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-100000}
share=${2:-0.5}
out=bench/out; mkdir -p "$out"
dotnet publish src/PcCovid.Web -c Release -o "$out/app" --nologo -v q >/dev/null
dotnet build bench/PcCovid.Benchmarks -c Release --nologo -v q >/dev/null
app="$out/app/pccovid"
snapshot="$out/population-$people.jsonl"
legacy="$out/legacy-$people"
[ -f "$snapshot" ] || "$app" generate population --people "$people" --seed 1 --out "$snapshot" >/dev/null
rm -f "$out"/identity.db*
cs="Data Source=$out/identity.db"
Database__Provider=Sqlite Database__ConnectionString="$cs" "$app" population import "$snapshot" | tail -1
rm -rf "$legacy"
"$app" generate legacy --population "$snapshot" --out "$legacy" --seed 2 --share "$share"
/usr/bin/time -f "peak RSS %M KB" dotnet bench/PcCovid.Benchmarks/bin/Release/net10.0/PcCovid.Benchmarks.dll identity Sqlite "$cs" "$legacy"
