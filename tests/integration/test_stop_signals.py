"""SIGTERM and SIGINT end a program with status 0 within Nuitka's 5 s grace time
(docs/cli.md; a onefile binary passes SIGTERM on to the program as SIGINT).

`mesh run` and debug builds here; the release binary in tests/integration/test_release.py.
The program is tests/release/app (ROLE=server: HTTP, SQLite, a service, an actor, a
WebSocket route), which never ends on its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from release.driver import APP, Program, http_json

ROOT = Path(__file__).resolve().parents[2]


def _mesh() -> list[str]:
    exe = Path(sys.executable).parent / "mesh"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "mesh.cli"]


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MESH_", "FLY_"))}
    env.update(
        ROLE="server",
        PORT="0",
        DB_PATH=str(tmp / "notes.sqlite3"),
        NO_COLOR="1",
        PYTHONPATH=str(ROOT),
    )
    return env


def _serve_then_stop(argv: list[str], env: dict[str, str], cwd: Path, sig: int) -> None:
    prog = Program(argv, env, cwd)
    try:
        port = prog.wait_port()
        assert http_json(port, "GET", "/health") == (200, {"role": "server", "status": "ok"})
        assert prog.terminate(sig) == 0, prog.describe()
    finally:
        prog.kill()
    assert not any("Traceback" in ln for ln in prog.err), prog.describe()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_signal_stops_mesh_run(tmp_path: Path, sig: int) -> None:
    _serve_then_stop(_mesh() + ["run", str(APP)], _env(tmp_path), tmp_path, sig)


@pytest.fixture(scope="module")
def debug_build(tmp_path_factory) -> Path:
    """The app built once for both signals."""
    out = tmp_path_factory.mktemp("stop_signals")
    exe = out / "app"
    r = subprocess.run(
        _mesh() + ["build", str(APP), "-o", str(exe), "--build-dir", str(out / "build")],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(out),
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return exe


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_signal_stops_debug_build(debug_build: Path, tmp_path: Path, sig: int) -> None:
    _serve_then_stop([str(debug_build)], _env(tmp_path), tmp_path, sig)
