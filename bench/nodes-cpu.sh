#!/usr/bin/env bash
# CPU per request, one node against two (issue 9's "within 15 %"), on 127.0.0.1 only, bounded in time, NOT in CI.
# Two warm `pccovid` nodes (Release) on one PostgreSQL cluster, both up the whole run, and one nginx with two
# listeners: 5096 → node 1 only, 5095 → both nodes (the settings of deploy/nginx/pccovid.conf on plain HTTP).
# The driver (bench/PcCovid.Benchmarks `load-paced`) sends the load test's mix (card views, check-ins,
# declarations of the signed-in demo citizen) at a FIXED rate, open loop, so every phase does the same work.
#   1. warm-up through 5095 (both nodes JIT-compiled and their pools filled), then IDLE seconds of no traffic:
#      each node's background CPU (job leases, tracing worker, audit sealer, dashboard fold…), in ms per second;
#   2. ROUNDS rounds, each of three phases one after the other (interleaved, so outside load hits all alike):
#        one-direct: straight at node 1      one-nginx: node 1 behind nginx      two-nginx: both behind nginx
#      per phase: requests, errors, p99, each node's CPU (utime+stime from /proc/PID/stat) and nginx's; CPU per
#      request = the serving nodes' CPU / requests (node 1 alone in one-*, both nodes in two-nginx);
#   3. the median of each configuration over the rounds, and two-nginx / one-nginx.
#   bench/nodes-cpu.sh PGPORT [PHASE_SECONDS=20] [RATE=150] [ROUNDS=3] [IDLE_SECONDS=30]
set -euo pipefail
pgport=${1:?usage: bench/nodes-cpu.sh PGPORT [PHASE_SECONDS] [RATE] [ROUNDS] [IDLE_SECONDS]}
phase=${2:-20}; rate=${3:-150}; rounds=${4:-3}; idle=${5:-30}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${NODES_BENCH_DIR:-/tmp/pccovid-nodes-cpu}
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx"; exit 2; }
# shellcheck source=bench/two-nodes.sh
source "$repo/bench/two-nodes.sh"
two_nodes_prepare pccovid_nodes
hz=$(getconf CLK_TCK)
ticks() { [[ -r /proc/$1/stat ]] && awk '{print $14 + $15}' "/proc/$1/stat" || echo 0; }
nginx_ticks() { local t=0 p m; m=$(cat "$work/nginx/nginx.pid"); for p in "$m" $(pgrep -P "$m"); do t=$((t + $(ticks "$p"))); done; echo "$t"; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }
trap stop_all EXIT

if [[ -z ${SKIP_BUILD:-} ]]; then
  build_release
fi

echo "== node 1 (migrations, demo data), node 2, nginx (5095: both nodes; 5096: node 1 only)"
start_node 1
start_node 2
cat >"$work/nginx/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  upstream pccovid_nodes { least_conn; server 127.0.0.1:5081 max_fails=1 fail_timeout=5s; server 127.0.0.1:5082 max_fails=1 fail_timeout=5s; keepalive 64; }
  upstream pccovid_node1 { server 127.0.0.1:5081; keepalive 64; }
  map \$server_port \$pool { 5095 pccovid_nodes; 5096 pccovid_node1; }
  server {
    listen 127.0.0.1:5095;
    listen 127.0.0.1:5096;
    location / {
      proxy_pass http://\$pool; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_connect_timeout 2s; proxy_read_timeout 60s; proxy_next_upstream error timeout http_502 http_503; proxy_next_upstream_tries 2;
    }
  }
}
CONF
nginx -p "$work/nginx" -c nginx.conf

sign_in_demo_citizen pccovid_nodes
staff_sessions pccovid_nodes

echo "== warm-up: 30 s at $rate req/s through nginx to both nodes, then 10 s at node 1 alone"
dotnet "$bench" load-paced http://127.0.0.1:5095 30 "$rate" "$work/out" warmup >>"$work/out/driver.log"
dotnet "$bench" load-paced http://127.0.0.1:5081 10 "$rate" "$work/out" warmup >>"$work/out/driver.log"

echo "== idle: 20 s to settle (tier-1 JIT, GC and deferred work after the warm-up), then ${idle} s without traffic"
sleep 20
a1=$(ticks "${pid[1]}"); a2=$(ticks "${pid[2]}"); la=$(loadavg)
sleep "$idle"
b1=$(ticks "${pid[1]}"); b2=$(ticks "${pid[2]}")
idle1=$(echo "($b1 - $a1) * 1000 / $hz / $idle" | bc -l); idle2=$(echo "($b2 - $a2) * 1000 / $hz / $idle" | bc -l)
printf 'idle CPU: node 1 %.1f ms/s, node 2 %.1f ms/s (load average %s)\n' "$idle1" "$idle2" "$la" | tee "$work/out/summary.txt"

results="$work/out/phases.tsv"
printf 'round\tphase\trequests\terrors\tp99_ms\tnode1_s\tnode2_s\tnginx_s\tcpu_ms_per_req\tload\n' >"$results"
run_phase() { # round tag url
  local r=$1 tag=$2 url=$3 n1 n2 ng m1 m2 mg requests errors p99 serving la
  la=$(loadavg); n1=$(ticks "${pid[1]}"); n2=$(ticks "${pid[2]}"); ng=$(nginx_ticks)
  dotnet "$bench" load-paced "$url" "$phase" "$rate" "$work/out" "$tag-$r" >>"$work/out/driver.log"
  m1=$(ticks "${pid[1]}"); m2=$(ticks "${pid[2]}"); mg=$(nginx_ticks)
  requests=$(wc -l <"$work/out/requests-$tag-$r.csv")
  errors=$(awk -F, '$4 != "200" && $4 != "201"' "$work/out/requests-$tag-$r.csv" | wc -l)
  p99=$(awk -F, '{print $3}' "$work/out/requests-$tag-$r.csv" | sort -n | awk '{a[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; print a[i]}')
  if [[ $tag == two-nginx ]]; then serving=$((m1 - n1 + m2 - n2)); else serving=$((m1 - n1)); fi
  printf '%s\t%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.3f\t%s\n' "$r" "$tag" "$requests" "$errors" "$p99" \
    "$(echo "($m1 - $n1) / $hz" | bc -l)" "$(echo "($m2 - $n2) / $hz" | bc -l)" "$(echo "($mg - $ng) / $hz" | bc -l)" \
    "$(echo "$serving * 1000 / $hz / $requests" | bc -l)" "$la" | tee -a "$results"
}
echo "== $rounds rounds of one-direct, one-nginx, two-nginx: ${phase} s each at $rate req/s"
for r in $(seq 1 "$rounds"); do
  run_phase "$r" one-direct http://127.0.0.1:5081
  run_phase "$r" one-nginx http://127.0.0.1:5096
  run_phase "$r" two-nginx http://127.0.0.1:5095
done

echo "== medians over $rounds rounds (CPU per request of the serving nodes)" | tee -a "$work/out/summary.txt"
median() { awk -F'\t' -v t="$1" -v c="$2" '$2 == t {print $c}' "$results" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for t in one-direct one-nginx two-nginx; do
  printf '%-11s %s ms per request (nodes), nginx %s s per phase, p99 %s ms, requests %s\n' "$t" "$(median "$t" 9)" "$(median "$t" 8)" "$(median "$t" 5)" "$(median "$t" 3)" | tee -a "$work/out/summary.txt"
done
printf 'two-nginx / one-nginx: %.3f   two-nginx / one-direct: %.3f\n' \
  "$(echo "$(median two-nginx 9) / $(median one-nginx 9)" | bc -l)" "$(echo "$(median two-nginx 9) / $(median one-direct 9)" | bc -l)" | tee -a "$work/out/summary.txt"
