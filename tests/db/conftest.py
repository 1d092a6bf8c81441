"""Fixtures for the PostgreSQL tests (spec 06 §4.6): a real, throw-away server.

`pg_base_url` is `MESH_TEST_DATABASE_URL` when set, else the URL of a cluster started for
this session by pg_server.Cluster (binaries installed with apt-get when missing and we are
root). Without either, every test that needs the server is skipped with the reason. Each
mutating test gets its own database (`fresh_url`). All tests in this directory run on one
xdist worker (`--dist loadgroup`), so a run starts one cluster (plus a TLS one on demand).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from mesh_build import build_argv, mesh_env, run_mesh
from pg_server import Cluster, create_database, find_binaries

PROGRAMS = Path(__file__).resolve().parent / "programs"
RUN_TIMEOUT = 60.0


@pytest.hookimpl(tryfirst=True)  # before xdist's hook turns the marker into a group
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(pytest.mark.xdist_group("postgres"))


def _start(ssl: bool = False) -> Cluster:
    bindir, reason = find_binaries()
    if bindir is None:
        pytest.skip(
            f"PostgreSQL tests skipped: {reason}; set MESH_TEST_DATABASE_URL to use "
            "an existing server"
        )
    cluster = Cluster(bindir, ssl=ssl)
    try:
        cluster.start()
    except Exception:
        cluster.stop()
        raise
    return cluster


@pytest.fixture(scope="session")
def pg_cluster():
    """The local cluster, or None when MESH_TEST_DATABASE_URL points elsewhere."""
    if os.environ.get("MESH_TEST_DATABASE_URL"):
        yield None
        return
    cluster = _start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_base_url(pg_cluster) -> str:
    return os.environ.get("MESH_TEST_DATABASE_URL") or pg_cluster.url()


@pytest.fixture
def local_cluster(pg_cluster) -> Cluster:
    """Tests that need the fixture's own roles and pg_hba (auth) use this."""
    if pg_cluster is None:
        pytest.skip("needs the fixture's own cluster (MESH_TEST_DATABASE_URL is set)")
    return pg_cluster


@pytest.fixture(scope="session")
def tls_cluster():
    if os.environ.get("MESH_TEST_DATABASE_URL"):
        pytest.skip("needs the fixture's own cluster (MESH_TEST_DATABASE_URL is set)")
    cluster = _start(ssl=True)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def fresh_url(pg_base_url) -> str:
    return create_database(pg_base_url)


@pytest.fixture(scope="session")
def pg_programs(tmp_path_factory):
    """Builds tests/db/programs/NAME.mpl (or the given source path, e.g. an example) on first
    use; returns the executable's path."""
    out = tmp_path_factory.mktemp("pg_programs")
    built: dict[str, Path] = {}

    def build(name: str | Path) -> Path:
        src = name if isinstance(name, Path) else PROGRAMS / f"{name}.mpl"
        name = src.stem
        if name not in built:
            exe = out / name
            status, output = run_mesh(build_argv(src, exe, out / f"build-{name}"), timeout=120)
            assert status == 0, f"mesh build {name} failed (exit {status}):\n{output}"
            built[name] = exe
        return built[name]

    return build


def run_program(exe: Path, env: dict[str, str], expect_status: int = 0) -> tuple[str, str]:
    """Runs a built program; returns (stdout, stderr) after checking the exit status."""
    full = mesh_env()
    full.pop("PYTHONPATH", None)
    full.update(env)
    r = subprocess.run(
        [str(exe)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=full,
        cwd=exe.parent,
        timeout=RUN_TIMEOUT,
    )
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8", "replace")
    assert r.returncode == expect_status, f"exit {r.returncode}\nstdout:\n{out}\nstderr:\n{err}"
    return out, err
