#!/usr/bin/env bash
# Applies deploy/{{name}}.up.sql to $DATABASE_URL with psql (for hosts without the Mesh
# toolchain; with it, `mesh migrate . up` does the same). Idempotent.
#   DATABASE_URL=postgres://… scripts/apply-deploy-migrations.sh [path/to/{{name}}.up.sql]
set -euo pipefail
log() { echo "[deploy-apply] $*" >&2; }

sql="${1:-$(dirname "$0")/../deploy/{{name}}.up.sql}"
if [[ -z "${DATABASE_URL:-}" ]]; then
  log "DATABASE_URL is required"
  exit 1
fi
if [[ ! -f "$sql" ]]; then
  log "no such file: $sql"
  exit 1
fi
command -v psql >/dev/null || { log "psql is required (Debian/Ubuntu: apt-get install postgresql-client)"; exit 1; }
log "applying $(basename "$sql")"
psql "$DATABASE_URL" --no-psqlrc --quiet -v ON_ERROR_STOP=1 -f "$sql" >/dev/null
log "schema is up to date"
