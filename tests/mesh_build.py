"""The `mesh` CLI as the test suites drive it: the command, its environment and one
`mesh build` run in a fresh process.

Shared by the conformance harness (tests/test_programs.py) and the HTTP integration tests
(tests/integration/http_support.py); tests/conftest.py puts this directory on sys.path.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mesh_command() -> list[str]:
    """The installed `mesh` console script next to this Python, else `python -m mesh.cli`."""
    exe = Path(sys.executable).parent / "mesh"
    if exe.is_file() and os.access(exe, os.X_OK):
        return [str(exe)]
    return [sys.executable, "-m", "mesh.cli"]


def mesh_env() -> dict[str, str]:
    """The environment for the CLI: no MESH_DEBUG, NO_COLOR=1 and the repository first on
    PYTHONPATH. Built programs get it without PYTHONPATH."""
    env = dict(os.environ)
    env.pop("MESH_DEBUG", None)
    env["NO_COLOR"] = "1"
    pp = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + pp if pp else "")
    return env


def build_argv(source: Path, exe: Path, build_dir: Path) -> list[str]:
    """`mesh build SOURCE -o EXE` without colour, with its own build directory."""
    return ["build", str(source), "-o", str(exe), "--no-color", "--build-dir", str(build_dir)]


def run_mesh(argv: list[str], *, timeout: float) -> tuple[int, str]:
    """Runs `mesh ARGV` in a new process from the repository root and returns (exit status,
    stdout + stderr). Raises subprocess.TimeoutExpired after `timeout` seconds."""
    r = subprocess.run(
        mesh_command() + argv,
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=mesh_env(),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    return r.returncode, r.stdout + r.stderr


def shared_free_port() -> int:
    """A port currently free on both 127.0.0.1 and 127.0.0.2 (all of 127/8 is loopback), for
    two nodes that must use the same cluster port on two addresses."""
    import pytest

    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.2", port))
        except OSError:
            continue
        return port
    pytest.skip("no port free on both 127.0.0.1 and 127.0.0.2")
