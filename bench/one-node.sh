# Sourced by bench/home-page.sh and bench/alert-latency.sh: one Release `pccovid` node with the demo country on
# SQLite or PostgreSQL, started the same way. The caller sets repo, work, provider (sqlite|postgres), pgport (for
# postgres) and db (the PostgreSQL database to recreate) before sourcing; afterwards it calls one_node_start PORT.

bench=${BENCH_DLL:-$repo/bench/PcCovid.Benchmarks/bin/Release/net10.0/PcCovid.Benchmarks.dll}
mkdir -p "$work"; rm -f "$work"/node.log "$work"/outbox.jsonl
case $provider in
  sqlite) rm -f "$work"/pccovid.db*; export Database__Provider=Sqlite Database__ConnectionString="Data Source=$work/pccovid.db"; name=Sqlite ;;
  postgres)
    [[ -n $pgport ]] || { echo "postgres needs PGPORT (a running cluster on 127.0.0.1, trust auth, user postgres)"; exit 2; }
    psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    export Database__Provider=Postgres Database__ConnectionString="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$db"; name=Postgres ;;
  *) echo "sqlite or postgres"; exit 2 ;;
esac
export ASPNETCORE_ENVIRONMENT=Benchmark Security__SecureCookies=false Logging__LogLevel__Default=Warning
export DOTNET_gcServer=1  # a web node, as docs/production.md configures one
export Demo__SeedOnFirstStart=true Demo__People=${DEMO_PEOPLE:-20000} Sms__Gateway=dev-outbox Sms__OutboxFile=$work/outbox.jsonl
export SignIn__RequestsPerAddressPerMinute=100000
if [[ -z ${SKIP_BUILD:-} ]]; then
  echo "== build (Release)"
  dotnet publish "$repo/src/PcCovid.Web" -c Release -o "$work/app" >/dev/null
  dotnet build -c Release "$repo/bench/PcCovid.Benchmarks" >/dev/null
fi

# Starts the node on 127.0.0.1:PORT (first start: migrations and the demo data) and waits until it is ready; sets node.
one_node_start() { # PORT
  Urls=http://127.0.0.1:$1 "$work/app/pccovid" >>"$work/node.log" 2>&1 &
  node=$!
  trap 'kill $node 2>/dev/null || true' EXIT
  echo "== start ($name, demo data)"
  until curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null; do sleep 0.5; kill -0 $node || { tail "$work/node.log"; exit 1; }; done
}
