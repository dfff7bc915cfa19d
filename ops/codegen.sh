#!/usr/bin/env bash
# Regenerates the Wolverine handler and endpoint code the service loads outside Development
# (src/WarningSystem.Api/Internal/Generated). Run it after adding or changing a handler or an endpoint;
# the test the_generated_code fails until you do. Uses the local cluster (started if needed).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export ConnectionStrings__Marten="${ConnectionStrings__Marten:-$("$repo/ops/pg-start.sh")}"
export ASPNETCORE_ENVIRONMENT=Development
generated="$repo/src/WarningSystem.Api/Internal/Generated"
rm -rf "$generated"
# Built without the old generated code, so code that no longer compiles against the source cannot block this.
dotnet build -v q "$repo/src/WarningSystem.Api" >&2
cd "$repo/src/WarningSystem.Api"
dotnet run --no-build -- codegen write >/dev/null
echo "wrote $(find "$generated" -name '*.cs' | wc -l) files to src/WarningSystem.Api/Internal/Generated" >&2
