# Shared by the check-in benchmark scripts: publish, configure, start/stop the server, sign in.
# Usage: source bench/checkin-env.sh Sqlite|Postgres   (PostgreSQL: CHECKIN_BENCH_POSTGRES=connection string)
provider=${1:-Sqlite}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${CHECKIN_BENCH_DIR:-/tmp/pccovid-checkin-bench}
mkdir -p "$work"
if [[ $provider == Sqlite ]]; then
  conn="Data Source=$work/pccovid.db"
else
  conn=${CHECKIN_BENCH_POSTGRES:?set CHECKIN_BENCH_POSTGRES to a PostgreSQL connection string (its database is used as is)}
fi
export Database__Provider=$provider Database__ConnectionString=$conn
export ASPNETCORE_ENVIRONMENT=Benchmark Urls=http://127.0.0.1:5090 Security__SecureCookies=false
export Demo__SeedOnFirstStart=true Demo__People=${DEMO_PEOPLE:-2000} Sms__Gateway=dev-outbox Sms__OutboxFile=$work/outbox.jsonl
export Logging__LogLevel__Default=Warning
export DOTNET_gcServer=1  # a web node, as docs/production.md configures one
export SignIn__RequestsPerAddressPerMinute=100000 Limits__MaxRequestBodyBytes=1048576
url=http://127.0.0.1:5090

publish() {
  # CHECKIN_BENCH_REUSE=1 keeps an earlier publish (same commit) to save the build time.
  if [[ ${CHECKIN_BENCH_REUSE:-0} == 1 && -x "$work/app/pccovid" ]]; then return; fi
  dotnet publish "$repo/src/PcCovid.Web" -c Release -o "$work/app" >/dev/null
  dotnet build -c Release "$repo/bench/PcCovid.Benchmarks" >/dev/null
}

start_server() {
  "$work/app/pccovid" >>"$work/server.log" 2>&1 &
  server=$!
  until curl -sf "$url/health/ready" >/dev/null; do sleep 0.3; done
}

stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }

# Signs the demo citizen in (code from the development outbox) and sets $COOKIE.
sign_in() {
  local phone
  if [[ $provider == Sqlite ]]; then
    phone=$(sqlite3 "$work/pccovid.db" "SELECT phone_number FROM accounts WHERE person_id IS NOT NULL LIMIT 1")
  else
    phone=$(psql "$(echo "$conn" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/; s/Password=/password=/')" -Atc "SELECT phone_number FROM accounts WHERE person_id IS NOT NULL LIMIT 1")
  fi
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "{\"phone\":\"$phone\"}" "$url/api/auth/citizen/code"
  local code
  code=$(grep -F "${phone#+}\"" "$work/outbox.jsonl" | tail -1 | grep -o 'code is [0-9]\{6\}' | grep -o '[0-9]\{6\}')
  curl -sf -o /dev/null -c "$work/cookies" -H 'Content-Type: application/json' -d "{\"phone\":\"$phone\",\"code\":\"$code\"}" "$url/api/auth/citizen/sign-in"
  COOKIE="pccovid=$(awk '$6 == "pccovid" {print $7}' "$work/cookies")"
  export COOKIE
}

# Sets $POSTER to the signed poster of the first approved venue (the CLI signs with the installation's key).
poster() {
  local venue
  venue=$("$work/app/pccovid" checkins venues | awk -F'\t' '$2 == "approved" {print $1; exit}')
  POSTER=$("$work/app/pccovid" checkins poster "$venue")
  export POSTER
}
