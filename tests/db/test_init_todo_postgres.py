"""`mesh init --template todo-api --db postgres` (spec 08 §3, §15): the scaffold builds
unchanged, `mesh migrate . up` creates its schema on the real PostgreSQL, the server answers
every route over real HTTP (clustered reads carry the continuity header, writes are rate
limited), its own smoke script passes against it, and the psql deploy SQL gives the same
schema as the migration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pg_server import create_database, run_sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from deploy_checks import ROOT, check_dockerfile, check_env_names  # noqa: E402
from http_support import READY_RE, START_TIMEOUT, Server, request  # noqa: E402
from init_support import build, check_readme_commands, mesh, mesh_test_passes  # noqa: E402

FILES = [
    ".dockerignore",
    ".env.example",
    "Dockerfile",
    "README.md",
    "api/health.mpl",
    "api/router.mpl",
    "api/todos.mpl",
    "config.mpl",
    "deploy/todos.up.sql",
    "docker-compose.yml",
    "main.mpl",
    "mesh.toml",
    "migrations/20260402120000_create_todos.mpl",
    "runtime/registry.mpl",
    "scripts/apply-deploy-migrations.sh",
    "scripts/deploy-smoke.sh",
    "scripts/stage-deploy.sh",
    "services/rate_limiter.mpl",
    "storage/todos.mpl",
    "tests/config.test.mpl",
    "tests/rate_limiter.test.mpl",
    "types/todo.mpl",
    "work.mpl",
]
BUDGET = 12
TOOL_ENV = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("todo_pg")
    r = mesh("init", "--template", "todo-api", "--db", "postgres", "todos", cwd=tmp)
    assert (r.returncode, r.stdout, r.stderr) == (0, "Created todo-api project 'todos'\n", "")
    return tmp / "todos"


def _schema(url: str) -> list[tuple]:
    return [
        tuple(r)
        for r in run_sql(
            url,
            [
                "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') "
                "FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name <> '_mesh_migrations' ORDER BY table_name, ordinal_position"
            ],
        )[0].rows
    ]


def _recorded(url: str) -> list[tuple]:
    return [
        tuple(r)
        for r in run_sql(url, ["SELECT version, name FROM _mesh_migrations ORDER BY version"])[
            0
        ].rows
    ]


def test_files_and_layout(project):
    found = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert found == FILES
    text = {rel: (project / rel).read_text() for rel in FILES}
    assert "Pool.open(database_url, 1, 4, 5000)" in text["main.mpl"]
    assert "Node.start_from_env()" in text["main.mpl"]
    assert "HTTP.serve(router(), Config.port())" in text["main.mpl"]
    assert 'HTTP.on_get("/todos", HTTP.clustered(1, handle_list))' in text["api/router.mpl"]
    assert 'HTTP.on_get("/todos/:id", HTTP.clustered(1, handle_get))' in text["api/router.mpl"]
    assert "@cluster pub fn sync_todos()" in text["work.mpl"]
    app_sources = [
        t for rel, t in text.items() if rel.endswith(".mpl") and not rel.startswith("migrations/")
    ]
    assert not any("CREATE TABLE" in t or "Migration." in t for t in app_sources)
    for rel in (
        "scripts/apply-deploy-migrations.sh",
        "scripts/deploy-smoke.sh",
        "scripts/stage-deploy.sh",
    ):
        assert os.access(project / rel, os.X_OK), rel
        assert subprocess.run(["bash", "-n", str(project / rel)]).returncode == 0, rel
    ignored = text[".dockerignore"].split()
    for entry in (".git", ".mesh", ".tmp", ".env*"):
        assert entry in ignored
    check_dockerfile(project / "Dockerfile", project, ROOT)
    assert check_readme_commands(project / "README.md") >= {"migrate", "test", "run"}


def test_compose_is_the_two_node_layout(project):
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    services = compose["services"]
    pg = services["postgres"]
    assert pg["image"] == "postgres:16" and "pg_isready" in " ".join(pg["healthcheck"]["test"])
    assert services["migrate"]["command"] == ["mesh", "migrate", ".", "up"]
    assert services["migrate"]["build"]["target"] == "build"  # the stage with the toolchain
    nodes = {name: services[name] for name in ("node1", "node2")}
    cookies = {n["environment"]["MESH_CLUSTER_COOKIE"] for n in nodes.values()}
    assert len(cookies) == 1
    for name, node, role, ports in (
        ("node1", nodes["node1"], "primary", ["8080:8080", "4370:4370"]),
        ("node2", nodes["node2"], "standby", ["8081:8080", "4371:4370"]),
    ):
        env = node["environment"]
        assert node["hostname"] == name and env["MESH_NODE_HOST"] == name
        assert env["MESH_CONTINUITY_ROLE"] == role and env["MESH_CONTINUITY_PROMOTION_EPOCH"] == "0"
        assert env["MESH_DISCOVERY_SEED"] == "mesh-cluster"
        assert "mesh-cluster" in node["networks"]["default"]["aliases"]
        assert node["ports"] == ports
        assert node["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert (
            env["DATABASE_URL"].startswith("postgres://")
            and "@postgres:5432/" in env["DATABASE_URL"]
        )
        check_env_names({k: v for k, v in env.items() if k != "MESH_CLUSTER_COOKIE"})


def _json(resp) -> object:
    assert resp.header("Content-Type") == "application/json; charset=utf-8"
    return json.loads(resp.body)


def test_builds_migrates_and_serves(project, pg_base_url, tmp_path):
    url = create_database(pg_base_url)
    exe = build(project)

    r = mesh("migrate", ".", "up", cwd=project, env={"DATABASE_URL": url})
    assert (r.returncode, r.stderr) == (
        0,
        (
            "Running 1 pending migration(s):\n  Applying: 20260402120000_create_todos\n"
            "  Applied:  20260402120000_create_todos\nApplied 1 migration(s)\n"
        ),
    )
    assert _recorded(url) == [("20260402120000", "create_todos")]
    assert mesh_test_passes(project).rstrip().splitlines()[-1].startswith("2 passed in ")

    # without DATABASE_URL the app refuses to start
    refused = subprocess.run(
        [str(exe)],
        env={k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 101 and "DATABASE_URL is required" in refused.stderr

    srv = Server(
        exe,
        "fast",
        {
            "DATABASE_URL": url,
            "TODO_RATE_LIMIT_MAX_REQUESTS": str(BUDGET),
            "TODO_RATE_LIMIT_WINDOW_SECONDS": "3600",
        },
    )
    try:
        port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))
        srv.wait_line(r"\[todo-api\] runtime bootstrap mode=standalone", stream="out")
        srv.wait_line(
            r"\[todo-api\] sync_todos: 0 todo\(s\)", stream="out", timeout=START_TIMEOUT
        )  # the @cluster work ran once, against the pool

        def call(method, path, body=None):
            return request(port, method, path, body)

        assert (call("GET", "/health").status, _json(call("GET", "/health"))) == (
            200,
            {"status": "ok"},
        )
        listing = call("GET", "/todos")
        assert _json(listing) == []
        assert listing.header("X-Mesh-Continuity-Request-Key").startswith(
            "http-route::Api.Todos.handle_list::"
        )
        writes = 0
        r = call("POST", "/todos", '{"title": "buy milk"}')
        writes += 1
        milk = _json(r)
        assert r.status == 201 and milk["title"] == "buy milk" and milk["completed"] is False
        assert milk["created_at"].endswith("+00") or "+" in milk["created_at"]
        r = call("POST", "/todos", '{"title": "  it\'s; DROP TABLE todos; -- "}')
        writes += 1
        odd = _json(r)
        assert (r.status, odd["title"]) == (201, "it's; DROP TABLE todos; --")
        assert [t["title"] for t in _json(call("GET", "/todos"))] == [
            "buy milk",
            "it's; DROP TABLE todos; --",
        ]
        got = call("GET", f"/todos/{milk['id']}")
        assert (got.status, _json(got)) == (200, milk)
        assert got.header("X-Mesh-Continuity-Request-Key").startswith(
            "http-route::Api.Todos.handle_get::"
        )
        r = call("PUT", f"/todos/{milk['id']}", '{"completed": true}')
        writes += 1
        assert (r.status, _json(r)) == (200, dict(milk, completed=True))
        assert call("GET", "/todos/999999").status == 404
        assert _json(call("GET", "/todos/999999")) == {"error": "todo not found"}
        r = call("PUT", "/todos/999999", '{"completed": true}')
        writes += 1
        assert r.status == 404
        r = call("DELETE", f"/todos/{odd['id']}")
        writes += 1
        assert (r.status, _json(r)) == (200, {"deleted": odd["id"]})
        r = call("DELETE", f"/todos/{odd['id']}")
        writes += 1
        assert r.status == 404
        rows = [
            tuple(x)
            for x in run_sql(url, ["SELECT title, completed FROM todos ORDER BY id"])[0].rows
        ]
        assert rows == [("buy milk", "t")]

        # the scaffold's own smoke script passes against the running server
        smoke = subprocess.run(
            [str(project / "scripts" / "deploy-smoke.sh")],
            env=dict(os.environ, BASE_URL=f"http://127.0.0.1:{port}"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        writes += 3
        assert smoke.returncode == 0, smoke.stderr
        assert smoke.stderr.rstrip().endswith(f"[deploy-smoke] ok: http://127.0.0.1:{port}")

        statuses = [
            call("POST", "/todos", '{"title": "more"}').status for _ in range(BUDGET + 1 - writes)
        ]
        assert statuses[-1] == 429 and statuses.count(429) == 1, statuses
        assert call("GET", "/todos").status == 200 and srv.alive()
    finally:
        srv.stop()


def test_deploy_sql_gives_the_migrated_schema(project, pg_base_url):
    migrated, applied = create_database(pg_base_url), create_database(pg_base_url)
    assert mesh("migrate", ".", cwd=project, env={"DATABASE_URL": migrated}).returncode == 0
    script = project / "scripts" / "apply-deploy-migrations.sh"
    for _ in range(2):  # idempotent
        r = subprocess.run(
            [str(script)],
            env=dict(os.environ, DATABASE_URL=applied),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.returncode == 0, r.stderr
        assert r.stderr.splitlines()[-1] == "[deploy-apply] schema is up to date"
    assert _schema(applied) == _schema(migrated) != []
    assert _recorded(applied) == _recorded(migrated)
    r = mesh("migrate", ".", "status", cwd=project, env={"DATABASE_URL": applied})
    assert r.stderr.endswith("1 applied, 0 pending\n")


def test_stage_deploy_bundles_the_build_and_scripts(project, tmp_path):
    bundle = tmp_path / "bundle"
    r = subprocess.run(
        [str(project / "scripts" / "stage-deploy.sh"), str(project), str(bundle)],
        env=dict(os.environ, STAGE_BUILD="debug", **TOOL_ENV),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("[stage-deploy] building todos (debug)")
    assert sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()) == [
        "deploy/todos.up.sql",
        "scripts/apply-deploy-migrations.sh",
        "scripts/deploy-smoke.sh",
        "todos",
    ]
    assert os.access(bundle / "todos", os.X_OK)
