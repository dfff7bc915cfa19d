#!/usr/bin/env bash
# Stops the cluster started by ops/pg-start.sh; with --wipe, also deletes its data.
#   ops/pg-stop.sh [--wipe] [data-dir]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
wipe=false
[ "${1:-}" = "--wipe" ] && { wipe=true; shift; }
dir="${1:-$repo/ops/.pg/dev}"
bin="$( (command -v pg_config >/dev/null 2>&1 && pg_config --bindir) || ls -d /usr/lib/postgresql/*/bin | tail -1)"
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -f "$dir/data/PG_VERSION" ]; then
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
fi
if $wipe; then rm -rf "$dir"; fi
