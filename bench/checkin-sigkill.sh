#!/usr/bin/env bash
# No acknowledged check-in is lost: single check-ins under wrk load, the server killed with SIGKILL in the
# middle, restarted; every check-in that got a 201 must be stored exactly once (the key (venue, time,
# key hash) is the primary key, so "once" holds by construction; the script checks "stored"). A bench
# script, not an integration test: it needs the published build, wrk and real process kills. Not in CI.
#   bench/checkin-sigkill.sh Sqlite|Postgres [CONNECTIONS=64] [KILL_AFTER_SECONDS=4]
set -euo pipefail
source "$(dirname "$0")/checkin-env.sh" "${1:-Sqlite}"
connections=${2:-64}; kill_after=${3:-4}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 2; }
trap 'stop_server' EXIT

publish
start_server
sign_in
poster
rm -f "$work"/acks.*
before=$("$work/app/pccovid" checkins count 2>/dev/null || echo "?")
ACKS="$work/acks" RUN="k$RANDOM" wrk -t2 -c"$connections" -d"$((kill_after + 4))s" -s "$repo/bench/checkin.lua" "$url" -- /api/check-ins >"$work/wrk-kill.txt" 2>&1 &
load=$!
sleep "$kill_after"
kill -9 "$server"
wait "$server" 2>/dev/null || true
echo "server killed (SIGKILL) after ${kill_after}s of load"
wait "$load" || true
cat "$work"/acks.* | sort -u >"$work/acked.txt"
echo "acknowledged (201) before the kill: $(wc -l <"$work/acked.txt")"
start_server
dotnet "$repo/bench/PcCovid.Benchmarks/bin/Release/net10.0/PcCovid.Benchmarks.dll" checkins-verify "$provider" "$conn" "$work/acked.txt"
