# Shared by the benchmark scripts (sourced, not run): the program under test, a throw-away PostgreSQL cluster, a median.
# The caller has cd'ed to the repository root and set `out`.

# Sets `app`: PCCOVID_BENCH_APP=/path/to/pccovid compares another build (e.g. an older commit's publish) on the same
# data; otherwise this tree is published in Release into $out/app.
bench_app() {
  if [ -n "${PCCOVID_BENCH_APP:-}" ]; then
    app="$PCCOVID_BENCH_APP"
  else
    dotnet publish src/PcCovid.Web -c Release -o "$out/app" --nologo -v q >/dev/null
    app="$out/app/pccovid"
  fi
}

run_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Starts a throw-away cluster on 127.0.0.1 and a free port (sets `port`), stopped and removed when the script exits.
# fsync stays on, as in production. Extra server settings are passed as arguments: bench_postgres -c name=value …
bench_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/pccovid-bench-pg.XXXXXX); chmod 755 "$pg_dir"; [ "$(id -u)" = "0" ] && chown postgres "$pg_dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=8GB $*" start >/dev/null
  trap 'run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
