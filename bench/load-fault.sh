#!/usr/bin/env bash
# The whole under load and faults (issue 9), on 127.0.0.1 only, bounded in time, NOT in CI:
# two `pccovid` nodes (Release build) on one PostgreSQL cluster behind nginx (Debian's package), a load driver
# (bench/PcCovid.Benchmarks `load`) mixing card views, check-ins and declarations of the signed-in demo citizen with
# lab results from the demo lab and tracing reads of the demo district epidemiologist (signed in with their authenticator).
#   phase one-node : the driver straight at node 1, node 2 stopped          (throughput, p99, CPU per request)
#   phase two-nodes: the driver through nginx, both nodes up               (the same)
#   phase faults   : through nginx; node 2 killed (SIGKILL) and restarted, then PostgreSQL restarted
# then every acknowledged write is checked to be stored exactly once.
#   bench/load-fault.sh PGPORT [PHASE_SECONDS=30] [CONCURRENCY=16]
# PGPORT: a running PostgreSQL cluster on 127.0.0.1 (trust auth, user postgres) that this script may restart,
# e.g. the throw-away test cluster of the brief; the script creates and drops its own database pccovid_load.
set -euo pipefail
pgport=${1:?usage: bench/load-fault.sh PGPORT [PHASE_SECONDS] [CONCURRENCY]}; phase=${2:-30}; concurrency=${3:-16}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${LOAD_BENCH_DIR:-/tmp/pccovid-load-bench}
pgdata=$(ps -o args= -C postgres | awk -v p="$pgport" '$0 ~ "-p "p {for (i=1;i<=NF;i++) if ($i=="-D") print $(i+1)}' | head -1)
pgctl=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl
[[ -n $pgdata ]] || { echo "no PostgreSQL started with -p $pgport -D … found"; exit 2; }
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx"; exit 2; }
# shellcheck source=bench/two-nodes.sh
source "$repo/bench/two-nodes.sh"
two_nodes_prepare pccovid_load
now_ms() { date +%s%3N; }
cpu_ticks() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
trap stop_all EXIT

build_release

echo "== node 1 first (migrations, demo data), then node 2 and nginx on 127.0.0.1:5095"
start_node 1
start_node 2
# The upstream and proxy settings of deploy/nginx/pccovid.conf, on plain HTTP and a bench port.
cat >"$work/nginx/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  upstream pccovid_nodes { least_conn; server 127.0.0.1:5081 max_fails=1 fail_timeout=5s; server 127.0.0.1:5082 max_fails=1 fail_timeout=5s; keepalive 64; }
  server {
    listen 127.0.0.1:5095;
    location / {
      proxy_pass http://pccovid_nodes; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_connect_timeout 2s; proxy_read_timeout 60s; proxy_next_upstream error timeout http_502 http_503; proxy_next_upstream_tries 2;
    }
  }
}
CONF
nginx -p "$work/nginx" -c nginx.conf

# Sign the demo citizen in through node 1 (code from the dev outbox): the cookie then serves both nodes.
sign_in_demo_citizen pccovid_load
staff_sessions pccovid_load
curl -sf -o /dev/null -H "Cookie: $COOKIE" http://127.0.0.1:5082/api/me/card && echo "node 2 accepts node 1's cookie (shared key ring)"
hz=$(getconf CLK_TCK)

echo "== phase one-node: ${phase}s, $concurrency clients, straight at node 1 (node 2 stopped)"
kill "${pid[2]}"; wait "${pid[2]}" 2>/dev/null || true; unset 'pid[2]'
c0=$(cpu_ticks "${pid[1]}")
dotnet "$bench" load http://127.0.0.1:5081 "$phase" "$concurrency" "$work/out" one-node
c1=$(cpu_ticks "${pid[1]}")
dotnet "$bench" load-report "$work/out" one-node "$(echo "($c1 - $c0) / $hz" | bc -l)"

echo "== phase two-nodes: ${phase}s through nginx"
start_node 2
# Warm node 2 up (start-up and JIT outside the measured phase; bench/nodes-cpu.sh showed they dominated it).
dotnet "$bench" load http://127.0.0.1:5095 15 "$concurrency" "$work/warmup" two-nodes-warmup >/dev/null
c0=$(cpu_ticks "${pid[1]}" "${pid[2]}")
dotnet "$bench" load http://127.0.0.1:5095 "$phase" "$concurrency" "$work/out" two-nodes
c1=$(cpu_ticks "${pid[1]}" "${pid[2]}")
dotnet "$bench" load-report "$work/out" two-nodes "$(echo "($c1 - $c0) / $hz" | bc -l)"

echo "== phase faults: $((phase * 2))s through nginx; node 2 killed at 8 s, restarted at 16 s; PostgreSQL restarted at $((phase))s"
faults="$work/out/faults-faults.txt"
dotnet "$bench" load http://127.0.0.1:5095 "$((phase * 2))" "$concurrency" "$work/out" faults &
load=$!
sleep 8; echo "$(now_ms) node 2 killed (SIGKILL)" >>"$faults"; kill -9 "${pid[2]}"; wait "${pid[2]}" 2>/dev/null || true
sleep 8; echo "$(now_ms) node 2 restarting" >>"$faults"; start_node 2; echo "$(now_ms) node 2 ready" >>"$faults"
sleep $((phase - 16)); echo "$(now_ms) PostgreSQL restart" >>"$faults"
runuser -u postgres -- "$pgctl" -D "$pgdata" -m fast -w restart >/dev/null
echo "$(now_ms) PostgreSQL up" >>"$faults"
wait "$load"
dotnet "$bench" load-report "$work/out" faults 0

echo "== every acknowledged write stored exactly once"
dotnet "$bench" load-verify "$conn" "$work/out"
