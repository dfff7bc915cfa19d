#!/usr/bin/env bash
# Runs the service against the local cluster (started if needed) and prints its URL.
#   ops/run.sh [--urls http://127.0.0.1:5080]      extra arguments go to the service
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export ConnectionStrings__Marten="${ConnectionStrings__Marten:-$("$repo/ops/pg-start.sh")}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
urls="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = "--urls" ] && urls="${args[$((i + 1))]}"; done
echo "WarningSystem at $urls (database: local cluster in ops/.pg/dev)" >&2
exec dotnet run --project "$repo/src/WarningSystem.Api" -- --urls "$urls" "$@"
