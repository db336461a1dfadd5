#!/usr/bin/env bash
# From a positive lab result to the F1's in-app alert (issue 10: ≤ 60 s while the check-in ingest runs at half its
# benchmark rate), on 127.0.0.1 only, bounded in time, NOT in CI. One Release node with the demo country on SQLite
# (the product's default) or PostgreSQL; the driver (bench/PcCovid.Benchmarks `alert-latency`) signs citizens in
# through the real flow, sends check-ins at RATE per second, open loop, and per round has an F0 and an F1 check in
# at one venue, the demo lab submit the F0's positive result, and polls the F1's feed until the alert shows.
#   bench/alert-latency.sh sqlite|postgres [RATE=1000] [ROUNDS=5] [PGPORT]
set -euo pipefail
provider=${1:?usage: bench/alert-latency.sh sqlite|postgres [RATE] [ROUNDS] [PGPORT]}; rate=${2:-1000}; rounds=${3:-5}; pgport=${4:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${ALERT_BENCH_DIR:-/tmp/pccovid-alert-bench}
db=pccovid_alert
# shellcheck source=bench/one-node.sh
source "$repo/bench/one-node.sh"
one_node_start 5088
rm -f "$work/posters.txt"
# Approved venues' posters: one per round, the rest for the ingest (the CLI signs with the installation's key).
for venue in $("$work/app/pccovid" checkins venues | awk -F'\t' '$2 == "approved" {print $1}' | head -$((rounds + 20))); do
  "$work/app/pccovid" checkins poster "$venue" >>"$work/posters.txt"
done
echo "== $rounds rounds, check-ins at $rate/s meanwhile ($(wc -l <"$work/posters.txt") venues)"
dotnet "$bench" alert-latency http://127.0.0.1:5088 "$name" "$Database__ConnectionString" "$work/outbox.jsonl" "$work/posters.txt" "$rate" "$rounds"
