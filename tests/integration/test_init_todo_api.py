"""`mesh init --template todo-api` (spec 08 §3): the scaffold builds, serves every route
over real HTTP, stores rows in SQLite, limits writes with its service, and `mesh test`
passes on it unchanged."""

from __future__ import annotations

import json
import sqlite3

import pytest
from deploy_checks import ROOT, check_dockerfile
from http_support import READY_RE, START_TIMEOUT, Server, request
from init_support import build, check_readme_commands, mesh, mesh_test_passes

FILES = [
    ".dockerignore",
    "Dockerfile",
    "README.md",
    "api/health.mpl",
    "api/router.mpl",
    "api/todos.mpl",
    "config.mpl",
    "main.mpl",
    "mesh.toml",
    "runtime/registry.mpl",
    "services/rate_limiter.mpl",
    "storage/todos.mpl",
    "tests/config.test.mpl",
    "tests/rate_limiter.test.mpl",
    "tests/storage.test.mpl",
    "types/todo.mpl",
]
BUDGET = 12  # writes allowed per window in the server test


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("todo")
    r = mesh("init", "--template", "todo-api", "--db", "sqlite", "todos", cwd=tmp)
    assert (r.returncode, r.stdout, r.stderr) == (0, "Created todo-api project 'todos'\n", "")
    return tmp / "todos"


def test_files(project):
    found = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert found == FILES
    sources = "\n".join(p.read_text() for p in project.rglob("*.mpl"))
    for absent in ("HTTP.clustered", "Node.start_from_env", "@cluster"):
        assert absent not in sources
    assert "service RateLimiter" in (project / "services/rate_limiter.mpl").read_text()
    for var in (
        "PORT",
        "TODO_DB_PATH",
        "TODO_RATE_LIMIT_WINDOW_SECONDS",
        "TODO_RATE_LIMIT_MAX_REQUESTS",
    ):
        assert var in (project / "config.mpl").read_text()
    ignored = (project / ".dockerignore").read_text().split()
    for entry in (".git", ".mesh", ".tmp", ".env*", "*.sqlite3"):
        assert entry in ignored
    check_dockerfile(project / "Dockerfile", project, ROOT, sqlite=True)
    assert check_readme_commands(project / "README.md") >= {"test", "run", "build"}


@pytest.mark.slow
def test_mesh_test_passes(project):
    out = mesh_test_passes(project)
    assert "✓ storage > creates and lists todos in order" in out
    assert "✓ the service answers per call" in out
    assert out.rstrip().splitlines()[-1].startswith("3 passed in ")  # three files


def _json(resp) -> object:
    assert resp.header("Content-Type") == "application/json; charset=utf-8"
    return json.loads(resp.body)


def test_server_routes_storage_and_rate_limit(project, tmp_path):
    exe = build(project)
    db_file = tmp_path / "data" / "todos.sqlite3"
    db_file.parent.mkdir()
    srv = Server(
        exe,
        "fast",
        {
            "TODO_DB_PATH": str(db_file),
            "TODO_RATE_LIMIT_MAX_REQUESTS": str(BUDGET),
            "TODO_RATE_LIMIT_WINDOW_SECONDS": "3600",
        },
    )
    try:
        port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))

        def call(method, path, body=None):
            return request(port, method, path, body)

        assert (call("GET", "/health").status, _json(call("GET", "/health"))) == (
            200,
            {"status": "ok"},
        )
        assert _json(call("GET", "/todos")) == []

        writes = 0
        r = call("POST", "/todos", '{"title": "buy milk"}')
        writes += 1
        assert r.status == 201
        milk = _json(r)
        assert milk["title"] == "buy milk" and milk["completed"] is False
        r = call("POST", "/todos", '{"title": "  walk the dog "}')
        writes += 1
        dog = _json(r)
        assert (r.status, dog["title"]) == (201, "walk the dog")
        assert dog["id"] > milk["id"] and dog["created_at"].endswith("Z")

        assert [t["title"] for t in _json(call("GET", "/todos"))] == ["buy milk", "walk the dog"]
        r = call("GET", f"/todos/{milk['id']}")
        assert (r.status, _json(r)) == (200, milk)

        r = call("PUT", f"/todos/{milk['id']}", '{"completed": true}')
        writes += 1
        assert (r.status, _json(r)) == (200, dict(milk, completed=True))
        r = call("PUT", f"/todos/{milk['id']}", '{"title": "buy oat milk"}')
        writes += 1
        assert _json(r) == dict(milk, completed=True, title="buy oat milk")

        # errors: missing, bad id, bad JSON, wrong shape, empty title
        assert call("GET", "/todos/999999").status == 404
        assert _json(call("GET", "/todos/999999")) == {"error": "todo not found"}
        assert call("GET", "/todos/abc").status == 400
        r = call("POST", "/todos", '{"title": ')
        writes += 1
        assert r.status == 400 and _json(r)["error"].startswith("invalid JSON")
        r = call("POST", "/todos", '{"name": "x"}')
        writes += 1
        assert (r.status, _json(r)) == (422, {"error": "missing field: title"})
        r = call("PUT", f"/todos/{dog['id']}", '{"title": "   "}')
        writes += 1
        assert r.status == 422
        r = call("PUT", "/todos/999999", '{"completed": true}')
        writes += 1
        assert r.status == 404

        r = call("DELETE", f"/todos/{dog['id']}")
        writes += 1
        assert (r.status, _json(r)) == (200, {"deleted": dog["id"]})
        assert call("GET", f"/todos/{dog['id']}").status == 404
        assert writes < BUDGET

        # the rows are in the SQLite file
        with sqlite3.connect(db_file) as con:
            rows = con.execute("SELECT id, title, completed FROM todos ORDER BY id").fetchall()
        assert rows == [(milk["id"], "buy oat milk", 1)]

        # the write budget of the window is spent: 429, reads still answer
        statuses = [
            call("POST", "/todos", '{"title": "more"}').status for _ in range(BUDGET + 1 - writes)
        ]
        assert statuses[-1] == 429 and statuses.count(429) == 1, statuses
        r = call("DELETE", f"/todos/{milk['id']}")
        assert (r.status, _json(r)) == (429, {"error": "rate limited"})
        assert call("GET", "/todos").status == 200
        assert srv.alive()
    finally:
        srv.stop()

    # restart on the same file: the data persisted
    srv = Server(exe, "fast", {"TODO_DB_PATH": str(db_file)})
    try:
        port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))
        titles = [t["title"] for t in _json(request(port, "GET", "/todos"))]
        assert titles[0] == "buy oat milk"
    finally:
        srv.stop()
