#!/usr/bin/env bash
# Manages API keys against the local cluster (started if needed).
#   KEY=$(ops/apikey.sh create --clinic north --role integration [--name label])   the key alone on standard output
#   ops/apikey.sh rotate --key <keyId>                                             the successor alone on standard output
#   ops/apikey.sh revoke --key <keyId>
#   ops/apikey.sh list [--clinic north]                                            one key a line on standard output
# Standard error gets one line saying what was done. When anything fails, everything the build, the cluster and
# the command wrote is printed on standard error instead, and the exit status is non-zero.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
project="$repo/src/WarningSystem.Api"
out="$(mktemp)" err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT
fail() { cat "$out" "$err" >&2; exit "$1"; }

if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$("$repo/ops/pg-start.sh" 2>>"$err")" || fail $?
  export ConnectionStrings__Marten
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The host's start-up logs are information; warnings and errors are still written (and shown on failure).
export Logging__LogLevel__Default="${Logging__LogLevel__Default:-Warning}"

dotnet build -nologo -v q "$project" >>"$err" 2>&1 || fail $?
dll="$(dotnet msbuild -nologo "$project" -getProperty:TargetPath 2>>"$err")" || fail $?
dotnet "$dll" apikeys "$@" >"$out" 2>>"$err" || fail $?

if [ "${1:-}" = "list" ]; then
  # The command prints its table on standard error after the command line's banner: keep the table's lines.
  table='^[0-9a-f]{12}  '
  grep -E "$table" "$err" || true
  clinic="$(printf '%s\n' "$@" | grep -A1 -x -- '--clinic' | tail -n +2 || true)"
  echo "$(grep -cE "$table" "$err" || true) key(s)${clinic:+ for $clinic}" >&2
else
  cat "$out"
  # The command's own last line: "Created key …", "Key … revoked; its successor …", "Revoked key …".
  grep -v '^[[:space:]]*$' "$err" | tail -1 >&2
fi
