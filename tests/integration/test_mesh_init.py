"""`mesh init` (spec 08 §3): the real CLI in a subprocess; scaffolds are then built and run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def mesh(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("MESH_", "FLY_"))}
    e["PYTHONPATH"] = str(ROOT)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "mesh.cli", *args], cwd=cwd, env=e,
                          capture_output=True, text=True, timeout=TIMEOUT)


def test_hello_world_scaffold_runs(tmp_path):
    r = mesh("init", "greeter", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "Created project 'greeter'\n", "")
    root = tmp_path / "greeter"
    assert sorted(p.name for p in root.iterdir()) == ["main.mpl", "mesh.toml"]
    assert (root / "mesh.toml").read_text() == (
        '[package]\nname = "greeter"\nversion = "0.1.0"\n\n[dependencies]\n')
    run = mesh("run", str(root), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "Hello from Mesh!\n"


def test_clustered_scaffold_builds_and_boots_standalone(tmp_path):
    r = mesh("init", "--clustered", "orders", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "Created clustered project 'orders'\n")
    root = tmp_path / "orders"
    assert sorted(p.name for p in root.iterdir()) == ["README.md", "main.mpl", "mesh.toml",
                                                      "work.mpl"]
    assert "[cluster]" not in (root / "mesh.toml").read_text()
    assert "@cluster pub fn add() -> Int" in (root / "work.mpl").read_text()
    readme = (root / "README.md").read_text()
    for var in ("MESH_CLUSTER_COOKIE", "MESH_DISCOVERY_SEED", "MESH_CLUSTER_PORT",
                "MESH_NODE_NAME", "MESH_CONTINUITY_ROLE"):
        assert var in readme
    assert readme.count("cluster continuity") == 2 and "cluster status" in readme
    run = mesh("run", str(root), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout == ("[clustered-app] runtime bootstrap mode=standalone node= "
                          "cluster_port=4370 discovery_seed=\n")
    bad = mesh("run", str(root), cwd=tmp_path, env={"MESH_DISCOVERY_SEED": "x.internal"})
    assert bad.stdout.startswith("[clustered-app] runtime bootstrap failed reason=")
    assert "MESH_CLUSTER_COOKIE is required" in bad.stdout


def test_existing_directory_is_never_touched(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    r = mesh("init", "--clustered", "taken", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == "error: Directory 'taken' already exists\n"
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["keep.txt"]


@pytest.mark.parametrize("args, code, fragments", [
    (["--template", "blog", "x"], 1,
     ["error: unknown init template 'blog'; supported templates: todo-api."]),
    (["--template", "blog", "--db", "sqlite", "x"], 1,
     ["unknown init template 'blog'", "`--db` is only supported with `--template todo-api`."]),
    (["--db", "sqlite", "x"], 1,
     ["error: `--db` is only supported with `meshc init --template todo-api <name>`",
      "sqlite", "postgres"]),
    (["--clustered", "--template", "todo-api", "x"], 1,
     ["error: `meshc init --clustered` cannot be combined with `--template todo-api` or `--db`",
      "meshc init --template todo-api --db postgres x", "meshc init --clustered x"]),
    (["--clustered", "--db", "postgres", "x"], 1,
     ["`meshc init --clustered` cannot be combined"]),
    (["--db", "mysql", "x"], 2,
     ["error: invalid value 'mysql' for '--db <DB>'", "sqlite, postgres"]),
    (["--frobnicate", "x"], 2, ["error: unexpected argument '--frobnicate' found"]),
    ([], 2, ["<NAME>"]),
])
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
