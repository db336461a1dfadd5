#!/usr/bin/env bash
# The citizen home page under 200 concurrent signed-in citizens (issue 8: p99 server time ≤ 50 ms), 127.0.0.1
# only, bounded in time, NOT in CI. One Release node with the demo country (Demo:People, 20,000 by default) on
# SQLite (the product's default) or PostgreSQL, Diagnostics:ServerTiming=true; the driver
# (bench/PcCovid.Benchmarks `home`) signs USERS distinct citizens in through the real flow and has each load
# /toi in a closed loop with THINK_MS of think time (0 = none), then prints server time (Server-Timing) and
# client time, p50/p99, with the load average.
#   bench/home-page.sh sqlite|postgres [USERS=200] [SECONDS=60] [THINK_MS=2000] [PGPORT]
set -euo pipefail
provider=${1:?usage: bench/home-page.sh sqlite|postgres [USERS] [SECONDS] [THINK_MS] [PGPORT]}
users=${2:-200}; seconds=${3:-60}; think=${4:-2000}; pgport=${5:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${HOME_BENCH_DIR:-/tmp/pccovid-home-bench}
mkdir -p "$work"; rm -f "$work"/node.log "$work"/outbox.jsonl
case $provider in
  sqlite) rm -f "$work"/pccovid.db*; export Database__Provider=Sqlite Database__ConnectionString="Data Source=$work/pccovid.db"; name=Sqlite ;;
  postgres)
    [[ -n $pgport ]] || { echo "postgres needs PGPORT (a running cluster on 127.0.0.1, trust auth, user postgres)"; exit 2; }
    psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "DROP DATABASE IF EXISTS pccovid_home WITH (FORCE)" -c "CREATE DATABASE pccovid_home"
    export Database__Provider=Postgres Database__ConnectionString="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=pccovid_home"; name=Postgres ;;
  *) echo "sqlite or postgres"; exit 2 ;;
esac
export ASPNETCORE_ENVIRONMENT=Benchmark Security__SecureCookies=false Logging__LogLevel__Default=Warning Diagnostics__ServerTiming=true
export Demo__SeedOnFirstStart=true Demo__People=${DEMO_PEOPLE:-20000} Sms__Gateway=dev-outbox Sms__OutboxFile=$work/outbox.jsonl
export SignIn__RequestsPerAddressPerMinute=100000
bench=${BENCH_DLL:-$repo/bench/PcCovid.Benchmarks/bin/Release/net10.0/PcCovid.Benchmarks.dll}
if [[ -z ${SKIP_BUILD:-} ]]; then
  echo "== build (Release)"
  dotnet publish "$repo/src/PcCovid.Web" -c Release -o "$work/app" >/dev/null
  dotnet build -c Release "$repo/bench/PcCovid.Benchmarks" >/dev/null
fi
Urls=http://127.0.0.1:5087 "$work/app/pccovid" >>"$work/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null || true' EXIT
echo "== start ($name, demo data)"
until curl -sf http://127.0.0.1:5087/health/ready >/dev/null; do sleep 0.5; kill -0 $node || { tail "$work/node.log"; exit 1; }; done
echo "== $users citizens, ${seconds} s, think time ${think} ms"
NODE_PID=$node dotnet "$bench" home http://127.0.0.1:5087 "$name" "$Database__ConnectionString" "$work/outbox.jsonl" "$users" "$seconds" "$think"
