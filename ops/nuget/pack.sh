#!/usr/bin/env bash
# Rebuilds the local feed (ops/nuget/feed) from the package sources beside this script.
# The built .nupkg is committed, so a fresh clone restores without running this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet pack "$here/Patched.DistributedLock.Postgres/Patched.DistributedLock.Postgres.csproj" \
  -o "$here/feed" -p:NoDefaultExcludes=true
