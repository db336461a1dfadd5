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
db=pccovid_home
export Diagnostics__ServerTiming=true
# shellcheck source=bench/one-node.sh
source "$repo/bench/one-node.sh"
one_node_start 5087
echo "== $users citizens, ${seconds} s, think time ${think} ms"
NODE_PID=$node dotnet "$bench" home http://127.0.0.1:5087 "$name" "$Database__ConnectionString" "$work/outbox.jsonl" "$users" "$seconds" "$think"
