#!/usr/bin/env bash
# Measures the service on this machine against PostgreSQL's own limit, on a fresh cluster of its own.
#   ops/bench.sh [seconds per phase, default 20]
# Prints: the raw one-row INSERT rate at 16 clients (pgbench), then the service's ingest and detection figures.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
cluster="$repo/ops/.pg/bench"
port=5090

"$repo/ops/pg-stop.sh" --wipe "$cluster"
connection="$("$repo/ops/pg-start.sh" "$cluster")"
pgport="$(cat "$cluster/port")"
service_pid=""
cleanup() { [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null; "$repo/ops/pg-stop.sh" --wipe "$cluster"; }
trap cleanup EXIT

as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
bin="$(ls -d /usr/lib/postgresql/*/bin | tail -1)"
as_owner "$bin/psql" -q -h 127.0.0.1 -p "$pgport" -U postgres -d warningsystem \
  -c "create table bench_raw (id bigserial primary key, body jsonb not null, at timestamptz not null default now())"
echo "insert into bench_raw (body) values ('{\"intensity\": 1}');" > "$cluster/insert.sql"
raw=$(as_owner "$bin/pgbench" -n -h 127.0.0.1 -p "$pgport" -U postgres -c 16 -j 2 -T "$seconds" -f "$cluster/insert.sql" warningsystem \
  | sed -n 's/^tps = \([0-9.]*\).*/\1/p')

dotnet build -c Release -v q "$repo/src/WarningSystem.Api" >/dev/null
dotnet build -c Release -v q "$repo/tests/WarningSystem.Benchmarks" >/dev/null
api="$repo/src/WarningSystem.Api/bin/Release/net10.0/WarningSystem.Api.dll"
export ConnectionStrings__Marten="$connection" ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning
clinic="bench-$(date +%H%M%S)"
BENCH_CLINIC="$clinic" \
BENCH_INGEST_KEY="$(dotnet "$api" apikeys create --clinic "$clinic" --role integration 2>/dev/null)" \
BENCH_READ_KEY="$(dotnet "$api" apikeys create --clinic "$clinic" --role coordinator 2>/dev/null)"
export BENCH_CLINIC BENCH_INGEST_KEY BENCH_READ_KEY
# The per-credential rate limit is lifted: the benchmark measures the service, not its throttle.
RateLimiting__PermitsPerSecond=1000000 RateLimiting__Burst=1000000 \
  dotnet "$api" --urls "http://127.0.0.1:$port" >"$cluster/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done

echo "| measure | rate | latency | | |"
echo "|---|---|---|---|---|"
printf "| raw one-row INSERT per commit, 16 clients (pgbench) | %.0f /s | | | |\n" "$raw"
dotnet "$repo/tests/WarningSystem.Benchmarks/bin/Release/net10.0/WarningSystem.Benchmarks.dll" "http://127.0.0.1:$port" "$seconds" 16
