#!/usr/bin/env bash
# Smoke test of a running {{name}}: health, then create / read / update / delete one todo.
#   BASE_URL=http://localhost:8080 scripts/deploy-smoke.sh
set -euo pipefail
log() { echo "[deploy-smoke] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

base="${BASE_URL:-http://localhost:8080}"
base="${base%/}"

# call METHOD PATH [BODY] → prints "<status> <body>"
call() {
  local args=(--silent --show-error --max-time 10 --request "$1" --write-out '\n%{http_code}')
  if [[ $# -ge 3 ]]; then
    args+=(--header 'Content-Type: application/json' --data "$3")
  fi
  local out
  out="$(curl "${args[@]}" "$base$2")" || fail "$1 $2: no answer"
  echo "$(tail -n 1 <<<"$out") $(sed '$d' <<<"$out")"
}

expect() {  # expect STATUS "<status> <body>" WHAT
  [[ "${2%% *}" == "$1" ]] || fail "$3: expected $1, got ${2}"
  log "$3: ${2%% *}"
}

expect 200 "$(call GET /health)" "GET /health"
created="$(call POST /todos '{"title":"deploy smoke"}')"
expect 201 "$created" "POST /todos"
id="$(sed -E 's/.*"id": ?([0-9]+).*/\1/' <<<"${created#* }")"
[[ "$id" =~ ^[0-9]+$ ]] || fail "no id in ${created#* }"
expect 200 "$(call GET "/todos/$id")" "GET /todos/$id"
updated="$(call PUT "/todos/$id" '{"completed":true}')"
expect 200 "$updated" "PUT /todos/$id"
[[ "$updated" == *'"completed":true'* || "$updated" == *'"completed": true'* ]] || fail "todo $id not completed: ${updated#* }"
expect 200 "$(call DELETE "/todos/$id")" "DELETE /todos/$id"
expect 404 "$(call GET "/todos/$id")" "GET /todos/$id after delete"
log "ok: $base"
