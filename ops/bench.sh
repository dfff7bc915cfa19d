#!/usr/bin/env bash
# One command for the performance figures. Starts one fresh PostgreSQL cluster (fsync and synchronous_commit on,
# the settings are printed), builds the service and the benchmark in Release, applies the schema and creates API
# keys, then runs one benchmark process (tests/WarningSystem.Benchmarks): PostgreSQL alone (T0), Marten alone
# (T1), the service over HTTP (T2, T3, T5, T6 for auditors, and T2 again driven by wrk), every tier twice, interleaved. Prints a
# Markdown table and writes ops/.bench/latest.md and ops/.bench/latest.json (ignored by git). Stops its service
# and cluster on the way out, also after a failure.
#   ops/bench.sh [seconds per tier, default 20]
#   BENCH_ONLY=T0,T2-16 ops/bench.sh 5     only the tiers whose ids start with these (while developing)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
cluster="$repo/ops/.pg/bench"
out="$repo/ops/.bench"
port=5090
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done # the service's port: a free one

mkdir -p "$out"
echo '*' >"$out/.gitignore" # the results directory ignores itself
rm -f "$out/service.pid" "$out/service.log"

cleanup() {
  # The benchmark stops the service itself; the pid file is left only if it failed before it could.
  if [ -f "$out/service.pid" ]; then kill "$(cat "$out/service.pid")" 2>/dev/null || true; rm -f "$out/service.pid"; fi
  "$repo/ops/pg-stop.sh" --wipe "$cluster"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null || { echo "wrk is missing: apt-get update && apt-get install -y wrk (Debian)" >&2; exit 1; }
echo "publishing the service as the image does (Release, ReadyToRun) and building the benchmark" >&2
rm -rf "$out/service"
dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -nologo -v q \
  "$repo/src/WarningSystem.Api" -o "$out/service" >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
dotnet build -c Release -nologo -v q "$repo/tests/WarningSystem.Benchmarks" >>"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
api="$out/service/WarningSystem.Api.dll"

"$repo/ops/pg-stop.sh" --wipe "$cluster"
export ConnectionStrings__Marten="$("$repo/ops/pg-start.sh" "$cluster" 2>/dev/null)"
# Production as deployed: the schema is applied ahead of the service, not by it at start.
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
dotnet "$api" db-apply >"$out/db-apply.log" 2>&1 || { cat "$out/db-apply.log" >&2; exit 1; }
clinic="bench"
BENCH_INGEST_KEY="$(dotnet "$api" apikeys create --clinic "$clinic" --role integration --name bench-ingest 2>/dev/null)"
BENCH_READ_KEY="$(dotnet "$api" apikeys create --clinic "$clinic" --role coordinator --name bench-read 2>/dev/null)"
BENCH_AUDIT_KEY="$(dotnet "$api" apikeys create --clinic "$clinic" --role auditor --name bench-audit 2>/dev/null)"

export BENCH_SECONDS="$seconds" BENCH_PG="$ConnectionStrings__Marten" BENCH_PG_DATA="$cluster/data" BENCH_API_DLL="$api" \
  BENCH_PORT="$port" BENCH_CLINIC="$clinic" BENCH_INGEST_KEY BENCH_READ_KEY BENCH_AUDIT_KEY BENCH_OUT="$out"
dotnet "$repo/tests/WarningSystem.Benchmarks/bin/Release/net10.0/WarningSystem.Benchmarks.dll" | tee "$out/stdout.md"
