# Sourced by bench/load-fault.sh and bench/nodes-cpu.sh: the two `pccovid` nodes (Release) on one PostgreSQL
# cluster that both start the same way. The caller sets repo, work and pgport before sourcing.

declare -A pid
bench="$repo/bench/PcCovid.Benchmarks/bin/Release/net10.0/PcCovid.Benchmarks.dll"

# A fresh database DB (its connection string in conn) and the nodes' settings (demo country seeded by node 1,
# dev SMS outbox in $work).
two_nodes_prepare() { # DB
  mkdir -p "$work/nginx/logs" "$work/out"; rm -f "$work"/out/* "$work"/node*.log
  conn="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$1"
  psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  export Database__Provider=Postgres Database__ConnectionString="$conn;Maximum Pool Size=50"
  export ASPNETCORE_ENVIRONMENT=Benchmark Security__SecureCookies=false Logging__LogLevel__Default=Warning
  export DOTNET_gcServer=1  # a web node, as docs/production.md configures one
  export Demo__SeedOnFirstStart=true Demo__People=${DEMO_PEOPLE:-2000} Sms__Gateway=dev-outbox Sms__OutboxFile=$work/outbox.jsonl
  export SignIn__RequestsPerAddressPerMinute=100000
}

build_release() {
  echo "== build (Release)"
  dotnet publish "$repo/src/PcCovid.Web" -c Release -o "$work/app" >/dev/null
  dotnet build -c Release "$repo/bench/PcCovid.Benchmarks" >/dev/null
}

start_node() { # 1|2
  Urls=http://127.0.0.1:508$1 Jobs__NodeId=node-$1 "$work/app/pccovid" >>"$work/node$1.log" 2>&1 &
  pid[$1]=$!
  until curl -sf "http://127.0.0.1:508$1/health/ready" >/dev/null; do sleep 0.3; done
}

stop_all() {
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $work/nginx/nginx.pid ]] && nginx -p "$work/nginx" -c nginx.conf -s quit 2>/dev/null || true
}

# Signs the demo citizen in through node 1 (the code from the dev outbox) and picks an approved venue's poster:
# exports COOKIE and POSTER for the load driver.
sign_in_demo_citizen() { # DB
  local phone code venue
  phone=$(psql -h 127.0.0.1 -p "$pgport" -U postgres -d "$1" -Atc "SELECT phone_number FROM accounts WHERE person_id IS NOT NULL LIMIT 1")
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "{\"phone\":\"$phone\"}" http://127.0.0.1:5081/api/auth/citizen/code
  code=$(grep -F "${phone#+}\"" "$work/outbox.jsonl" | tail -1 | grep -o 'code is [0-9]\{6\}' | grep -o '[0-9]\{6\}')
  curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' -d "{\"phone\":\"$phone\",\"code\":\"$code\"}" http://127.0.0.1:5081/api/auth/citizen/sign-in
  export COOKIE="pccovid=$(awk '$6 == "pccovid" {print $7}' "$work/cookies")"
  venue=$("$work/app/pccovid" checkins venues | awk -F'\t' '$2 == "approved" {print $1; exit}')
  export POSTER=$("$work/app/pccovid" checkins poster "$venue")
}

# Signs the demo lab technician and district epidemiologist in (password, then the authenticator code) and picks
# registry people for lab results and the district's cases for tracing reads: exports LAB_COOKIE, EPI_COOKIE and
# LOAD_STAFF_DIR, which put lab uploads and tracing reads into the load driver's mix.
staff_sessions() { # DB
  mkdir -p "$work/staff"
  dotnet "$bench" load-staff http://127.0.0.1:5081 "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$1" "$work/staff"
  # shellcheck source=/dev/null
  source "$work/staff/staff.env"
}
