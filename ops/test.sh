#!/usr/bin/env bash
# Runs the whole test suite against a fresh PostgreSQL cluster of its own, then stops it.
# Prints a closing line "N passed, N failed[, N skipped]" and exits non-zero when any test fails.
#   ops/test.sh [extra dotnet test arguments, e.g. --filter ...]
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cluster="$repo/ops/.pg/test"
results="$repo/TestResults"

# The console's browser tests drive Debian's chromium (Playwright's own browser download is not reachable); install
# it, quietly, when it is missing and the run includes those tests (no filter, or one that can reach them).
needs_browser() {
  local args=" $* "
  case "$args" in *" --filter "*) ;; *) return 0 ;; esac
  case "$args" in *Console*) return 0 ;; esac
  [[ "$args" =~ IntegrationTests\.[A-Za-z] || "$args" =~ WarningSystem\.Tests ]] && return 1
  return 0
}
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null && needs_browser "$@"; then
  echo "installing chromium for the console's browser tests" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
    || echo "could not install chromium; the console's browser tests will fail" >&2
fi

"$repo/ops/pg-stop.sh" --wipe "$cluster"
WARNINGSYSTEM_TEST_DATABASE="$("$repo/ops/pg-start.sh" "$cluster")" || { echo "could not start PostgreSQL" >&2; exit 1; }
export WARNINGSYSTEM_TEST_DATABASE
trap '"$repo/ops/pg-stop.sh" --wipe "$cluster"' EXIT

rm -rf "$results"
dotnet test "$repo/WarningSystem.sln" --logger "trx" --results-directory "$results" "$@"
status=$?

read -r passed failed skipped < <(cat "$results"/*.trx 2>/dev/null | python3 -c '
import re, sys
text = sys.stdin.read()
total = {"passed": 0, "failed": 0, "notExecuted": 0}
for counters in re.findall(r"<Counters [^>]*>", text):
    for key in total:
        m = re.search(key + r"=\"(\d+)\"", counters)
        total[key] += int(m.group(1)) if m else 0
print(total["passed"], total["failed"], total["notExecuted"])')
passed=${passed:-0} failed=${failed:-0} skipped=${skipped:-0}
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "dotnet test failed before reporting results" >&2; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then echo "no tests ran" >&2; status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
