# Sourced by ./meshw and ./scripts/test: make sure .venv exists and holds an up-to-date
# editable install of this repository with the dev and release extras, at the exact
# versions of constraints.txt (refreshed by ./scripts/lock).
# Needs only a Python >= 3.11 on PATH (python3.11, python3 or python).

MESH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MESH_VENV="${MESH_VENV:-$MESH_ROOT/.venv}"

mesh_find_python() {
  local py
  for py in python3.11 python3.12 python3.13 python3 python; do
    if command -v "$py" >/dev/null 2>&1 &&
       "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$py"
      return 0
    fi
  done
  echo "error: Mesh needs Python 3.11 or newer on PATH" >&2
  return 1
}

mesh_bootstrap() {
  local stamp="$MESH_VENV/.mesh-bootstrap" want have=""
  want="$(cat "$MESH_ROOT/pyproject.toml" "$MESH_ROOT/constraints.txt" \
               "$MESH_ROOT/scripts/bootstrap.sh" | cksum)"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  if [ -x "$MESH_VENV/bin/python" ] && [ "$want" = "$have" ]; then
    return 0
  fi
  local py
  py="$(mesh_find_python)" || return 1
  echo "Setting up $MESH_VENV (first run; this takes a minute)..." >&2
  if [ ! -x "$MESH_VENV/bin/python" ]; then
    "$py" -m venv "$MESH_VENV" >&2 || return 1
  fi
  "$MESH_VENV/bin/python" -m pip install --quiet --upgrade pip >&2 || return 1
  "$MESH_VENV/bin/python" -m pip install --quiet -c "$MESH_ROOT/constraints.txt" \
    -e "$MESH_ROOT[dev,release]" >&2 || return 1
  echo "$want" > "$stamp"
}
