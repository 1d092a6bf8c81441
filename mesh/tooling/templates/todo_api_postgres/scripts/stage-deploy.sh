#!/usr/bin/env bash
# Stages a deploy bundle of {{name}}: the release executable next to the deploy SQL, the
# psql apply script and the smoke script.
#   scripts/stage-deploy.sh [project dir] [bundle dir]     (defaults: . and .tmp/stage-deploy)
# STAGE_BUILD=debug makes a debug build instead (seconds instead of minutes; it needs the
# Mesh toolchain on the target).
set -euo pipefail
log() { echo "[stage-deploy] $*" >&2; }

project="${1:-.}"
bundle="${2:-$project/.tmp/stage-deploy}"
mode="${STAGE_BUILD:-release}"
flags=(--release)
[[ "$mode" == "debug" ]] && flags=()

command -v mesh >/dev/null || { log "the mesh command is required"; exit 1; }
mkdir -p "$bundle/deploy" "$bundle/scripts"
log "building {{name}} ($mode) into $bundle"
mesh build "$project" "${flags[@]}" --output "$bundle/{{name}}"
cp "$project/deploy/{{name}}.up.sql" "$bundle/deploy/"
cp "$project/scripts/apply-deploy-migrations.sh" "$project/scripts/deploy-smoke.sh" "$bundle/scripts/"
chmod +x "$bundle/scripts/"*.sh
log "bundle ready: $bundle"
log "next: DATABASE_URL=… $bundle/scripts/apply-deploy-migrations.sh, start $bundle/{{name}}, then BASE_URL=… $bundle/scripts/deploy-smoke.sh"
