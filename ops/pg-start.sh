#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for this checkout (installing the server first if it is missing) and
# prints its connection string on standard output. Idempotent: a running cluster is reused.
#   ops/pg-start.sh [data-dir]        default data dir: ops/.pg/dev (ignored by git)
# Trust authentication on 127.0.0.1 only: for development and tests, never for real data.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mkdir -p "${1:-$repo/ops/.pg/dev}" && cd "${1:-$repo/ops/.pg/dev}" && pwd)"

find_bin() {
  local candidate
  for candidate in "$(command -v pg_config >/dev/null 2>&1 && pg_config --bindir || true)" /usr/lib/postgresql/*/bin; do
    [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && { echo "$candidate"; return; }
  done
}
bin="$(find_bin)"
if [ -z "$bin" ]; then
  echo "PostgreSQL server not found; installing it (Debian package postgresql)" >&2
  if [ "$(id -u)" -ne 0 ]; then echo "run as root, or install the postgresql package" >&2; exit 1; fi
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi

# The server refuses to run as root: as root, run it as the postgres user.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -f "$dir/port" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  port="$(cat "$dir/port")"
else
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # A cluster started again keeps its port while that is free, so a client's connection string stays valid.
  port="$(cat "$dir/port" 2>/dev/null || echo 55432)"
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && port=55432
  # A port nobody answers on can still be taken (a client's local port, another cluster starting): try the next.
  for attempt in 1 2 3 4 5; do
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "$port" >"$dir/port"
    # Tuned for a small throwaway machine; fsync stays on so benchmarks measure real commits.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c shared_buffers=256MB" >&2 && break
    grep -q "Address already in use" "$dir/server.log" && [ "$attempt" -lt 5 ] || { tail -20 "$dir/server.log" >&2; exit 1; }
    port=$((port + 1))
  done
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "select 1 from pg_database where datname='warningsystem'" | grep -q 1 \
    || as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres warningsystem
fi
echo "Host=127.0.0.1;Port=$port;Database=warningsystem;Username=postgres;Maximum Pool Size=100"
