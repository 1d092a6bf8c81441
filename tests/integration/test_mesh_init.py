"""`mesh init` (spec 08 §3): the real CLI in a subprocess; scaffolds are then built, run
and tested (`mesh test`), the clustered one standalone and as two nodes on loopback. The
todo-api template has its own file, test_init_todo_api.py."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from deploy_checks import check_dockerfile, check_fly_toml
from http_support import READY_RE, START_TIMEOUT, Server, request
from init_support import ROOT, TIMEOUT, build, check_readme_commands, mesh, mesh_test_passes
from mesh_build import shared_free_port


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_hello_world_scaffold_runs_and_its_tests_pass(tmp_path):
    r = mesh("init", "greeter", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "Created project 'greeter'\n", "")
    root = tmp_path / "greeter"
    assert _files(root) == ["main.mpl", "mesh.toml", "tests/hello.test.mpl"]
    assert (root / "mesh.toml").read_text() == (
        '[package]\nname = "greeter"\nversion = "0.1.0"\n\n[dependencies]\n'
    )
    run = mesh("run", str(root), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "Hello from Mesh!\n"
    out = mesh_test_passes(root)
    assert "✓ builds the greeting" in out


CLUSTERED_FILES = [
    ".dockerignore",
    "Dockerfile",
    "README.md",
    "fly.toml",
    "main.mpl",
    "mesh.toml",
    "tests/work.test.mpl",
    "work.mpl",
]
BOOT_STANDALONE = (
    "[clustered-app] runtime bootstrap mode=standalone node= cluster_port=4370 discovery_seed="
)


@pytest.fixture(scope="module")
def orders(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("clustered")
    r = mesh("init", "--clustered", "orders", cwd=tmp)
    assert (r.returncode, r.stdout) == (0, "Created clustered project 'orders'\n")
    return tmp / "orders"


def test_clustered_scaffold_files(orders):
    assert _files(orders) == CLUSTERED_FILES
    assert "[cluster]" not in (orders / "mesh.toml").read_text()
    assert "@cluster pub fn add() -> Int" in (orders / "work.mpl").read_text()
    main = (orders / "main.mpl").read_text()
    assert main.count("Node.start_from_env()") == 1 and "HTTP.serve(" in main
    readme = (orders / "README.md").read_text()
    for var in (
        "MESH_CLUSTER_COOKIE",
        "MESH_DISCOVERY_SEED",
        "MESH_CLUSTER_PORT",
        "MESH_NODE_NAME",
        "MESH_CONTINUITY_ROLE",
    ):
        assert var in readme
    subs = check_readme_commands(orders / "README.md")
    assert {"test", "run", "build"} <= subs
    # the four operator commands (08 §3) are listed once `mesh cluster` exists
    has_cluster = importlib.util.find_spec("mesh.tooling.cluster") is not None
    assert ("cluster" in subs) == has_cluster
    if has_cluster:
        assert readme.count("cluster continuity") == 2 and "cluster status" in readme
    check_dockerfile(orders / "Dockerfile", orders, ROOT)
    check_fly_toml(orders / "fly.toml", "orders")
    assert ".mesh" in (orders / ".dockerignore").read_text().split()


def test_clustered_tests_pass(orders):
    assert "✓ add is two" in mesh_test_passes(orders)


def test_clustered_standalone_serves_health_and_keeps_running(orders):
    exe = build(orders)
    srv = Server(exe, "fast")
    try:
        port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))
        srv.wait_line(f"^{re.escape(BOOT_STANDALONE)}$", stream="out")
        for _ in range(2):  # answering does not end the program
            r = request(port, "GET", "/health")
            assert (r.status, json.loads(r.body)) == (
                200,
                {"status": "ok", "node": "", "peers": []},
            )
        assert srv.alive()
    finally:
        srv.stop()


def test_clustered_bad_env_exits_non_zero(orders):
    exe = build(orders)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MESH_", "FLY_"))}
    env["MESH_DISCOVERY_SEED"] = "x.internal"
    bad = subprocess.run([str(exe)], capture_output=True, text=True, env=env, timeout=TIMEOUT)
    assert bad.returncode != 0
    assert bad.stdout.startswith("[clustered-app] runtime bootstrap failed reason=")
    assert "MESH_CLUSTER_COOKIE is required" in bad.stdout
    assert "runtime bootstrap failed" in bad.stderr and "HTTP server" not in bad.stderr


def _peers(port: int) -> list[str]:
    return json.loads(request(port, "GET", "/health").body)["peers"]


@pytest.mark.slow
def test_clustered_nodes_find_each_other(orders):
    """Cluster mode from the 07 §11.1 env: two nodes, seed `localhost` plus 127.0.0.2."""
    exe = build(orders)
    cport = shared_free_port()
    seed = "localhost,127.0.0.2"
    common = {
        "MESH_CLUSTER_COOKIE": "orders-test-cookie",
        "MESH_DISCOVERY_SEED": seed,
        "MESH_CLUSTER_PORT": str(cport),
        "MESH_DISCOVERY_INTERVAL_MS": "100",
    }
    names = [f"a@127.0.0.1:{cport}", f"b@127.0.0.2:{cport}"]
    servers = []
    try:
        for name, role in zip(names, ("primary", "standby")):
            srv = Server(exe, "fast", dict(common, MESH_NODE_NAME=name, MESH_CONTINUITY_ROLE=role))
            servers.append(srv)
            srv.port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))
            boot = (
                f"[clustered-app] runtime bootstrap mode=cluster node={name} "
                f"cluster_port={cport} discovery_seed={seed}"
            )
            srv.wait_line(f"^{re.escape(boot)}$", stream="out")
        a, b = servers
        deadline = time.monotonic() + 30
        while (_peers(a.port), _peers(b.port)) != ([names[1]], [names[0]]):
            assert time.monotonic() < deadline, (_peers(a.port), _peers(b.port))
            time.sleep(0.1)
        body = json.loads(request(a.port, "GET", "/health").body)
        assert body == {"status": "ok", "node": names[0], "peers": [names[1]]}
        assert all(s.alive() for s in servers)
        assert all("orders-test-cookie" not in s.stderr_text() + "\n".join(s.out) for s in servers)
    finally:
        for srv in servers:
            srv.stop()


def test_existing_directory_is_never_touched(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    r = mesh("init", "--clustered", "taken", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == "error: Directory 'taken' already exists\n"
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(
    "args, code, fragments",
    [
        (
            ["--template", "blog", "x"],
            1,
            ["error: unknown init template 'blog'; supported templates: todo-api."],
        ),
        (
            ["--template", "blog", "--db", "sqlite", "x"],
            1,
            [
                "unknown init template 'blog'",
                "`--db` is only supported with `--template todo-api`.",
            ],
        ),
        (
            ["--db", "sqlite", "x"],
            1,
            [
                "error: `--db` is only supported with `meshc init --template todo-api <name>`",
                "sqlite",
                "postgres",
            ],
        ),
        (
            ["--clustered", "--template", "todo-api", "x"],
            1,
            [
                "error: `meshc init --clustered` cannot be combined with `--template todo-api` or `--db`",
                "meshc init --template todo-api --db postgres x",
                "meshc init --clustered x",
            ],
        ),
        (
            ["--clustered", "--db", "postgres", "x"],
            1,
            ["`meshc init --clustered` cannot be combined"],
        ),
        (
            ["--db", "mysql", "x"],
            2,
            ["error: invalid value 'mysql' for '--db <DB>'", "sqlite, postgres"],
        ),
        (["--frobnicate", "x"], 2, ["error: unexpected argument '--frobnicate' found"]),
        ([], 2, ["<NAME>"]),
    ],
)
def test_flag_errors_write_nothing(tmp_path, args, code, fragments):
    r = mesh("init", *args, cwd=tmp_path)
    assert r.returncode == code, r.stderr
    assert r.stdout == ""
    for f in fragments:
        assert f in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_help(tmp_path):
    r = mesh("init", "--help", cwd=tmp_path)
    assert r.returncode == 0 and "--template todo-api" in r.stdout
    assert list(tmp_path.iterdir()) == []
