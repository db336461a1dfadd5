#!/usr/bin/env bash
# First start of the demo: a fresh clone, empty data folder, to the home page served (README's first
# command, including the build). Not run in CI.   bench/first-start.sh
# PCCOVID_BENCH_PORT: another port than the README's 5080 (a machine shared with other instances).
# Prints the seeding's own line too (DatabaseStartup: each step's wall and CPU time).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/pccovid-first-start.XXXXXX)
git clone -q "$repo" "$dir/clone"
cd "$dir/clone"
start=$(date +%s.%N)
port=${PCCOVID_BENCH_PORT:-5080}
dotnet run --project src/PcCovid.Web -- --urls "http://127.0.0.1:$port" >"$dir/run.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; pkill -f "$dir/clone" 2>/dev/null; rm -rf "$dir"' EXIT
until curl -sf "http://127.0.0.1:$port/" -o "$dir/home.html"; do sleep 0.5; done
end=$(date +%s.%N)
echo "first start (clone, build, migrate, seed 20,000 people, page served): $(echo "$end - $start" | bc) s"
grep -o 'people-total">[^<]*' "$dir/home.html"
grep -o 'First start seeded in.*' "$dir/run.log" || true
