#!/usr/bin/env bash
# Manages API keys against the local cluster (started if needed); a new key is printed alone on standard output.
#   KEY=$(ops/apikey.sh create --clinic north --role integration [--name label])
#   ops/apikey.sh list [--clinic north] | rotate --key <keyId> | revoke --key <keyId>
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export ConnectionStrings__Marten="${ConnectionStrings__Marten:-$("$repo/ops/pg-start.sh")}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet build -v q "$repo/src/WarningSystem.Api" >&2
exec dotnet run --no-build --project "$repo/src/WarningSystem.Api" -- apikeys "$@"
