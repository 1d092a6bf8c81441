"""A program that cannot reach the actor runtime runs `main` without a node (start-up,
issue 19 item 9; mesh/runtime/core.py `_run_main_body`): it never imports Trio, and it
still ends with status 0 on SIGTERM/SIGINT like a stopped node. Programs that use actors
keep the node (tests/programs/actors and tests/integration/test_stop_signals.py). An HTTP
program loads no WebSocket library until a connection upgrades."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mesh_build import build_argv, mesh_env, run_mesh

HELLO = 'fn main() do\n  println("Hello")\nend\n'
LOOPS_FOREVER = """
fn spin(n :: Int) -> Int do
  spin(n + 1)
end

fn main() do
  println("ready")
  println("#{spin(0)}")
end
"""
SPAWNS = """
actor answer(reply_to :: Pid) do
  send(reply_to, 42)
end

fn main() do
  let _ = spawn(answer, self())
  receive do
    n -> println("got #{n}")
  end
end
"""
ROUTES = """
fn hello(_request :: Request) -> Response do
  HTTP.response(200, "hi")
end

fn main() do
  let _ = HTTP.router() |> HTTP.on_get("/", hello)
  println("built")
end
"""


def _build(tmp_path: Path, name: str, source: str) -> Path:
    src = tmp_path / f"{name}.mpl"
    src.write_text(source)
    exe = tmp_path / name
    status, out = run_mesh(build_argv(src, exe, tmp_path / f"build_{name}"), timeout=120)
    assert status == 0, out
    return exe


def _imported_modules(exe: Path) -> tuple[str, set[str]]:
    """(stdout, modules imported) of one run of a debug build under `-X importtime`."""
    env = mesh_env()
    env.pop("PYTHONPATH", None)
    r = subprocess.run(
        [sys.executable, "-X", "importtime", str(exe)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=True,
    )
    mods = {
        ln.rsplit("|", 1)[-1].strip()
        for ln in r.stderr.splitlines()
        if ln.startswith("import time:")
    }
    return r.stdout, mods


def test_hello_world_never_imports_trio(tmp_path: Path) -> None:
    out, mods = _imported_modules(_build(tmp_path, "hello", HELLO))
    assert out == "Hello\n"
    assert "mesh.runtime.core" in mods
    assert "trio" not in mods and "mesh.runtime.actors" not in mods
    assert "json" not in mods  # Display/JSON helpers use the C escaper only


def test_a_program_with_actors_still_runs_on_a_node(tmp_path: Path) -> None:
    out, mods = _imported_modules(_build(tmp_path, "spawns", SPAWNS))
    assert out == "got 42\n"
    assert "trio" in mods


def test_an_http_program_loads_no_websocket_library(tmp_path: Path) -> None:
    """The WebSocket stack (trio-websocket, wsproto, importlib.metadata: a fifth of an
    HTTP server's imports) loads at the first upgrade, not with the HTTP server."""
    out, mods = _imported_modules(_build(tmp_path, "routes", ROUTES))
    assert out == "built\n"
    assert "mesh.runtime.http.server" in mods
    assert not {"trio_websocket", "wsproto", "mesh.runtime.http.websocket"} & mods
    assert "h11" not in mods  # llhttp parses; h11 loads at a fallback or a client request


@pytest.fixture(scope="module")
def spins(tmp_path_factory) -> Path:
    """LOOPS_FOREVER built once for both signals."""
    return _build(tmp_path_factory.mktemp("nodeless"), "spins", LOOPS_FOREVER)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_stop_signal_ends_a_nodeless_program_with_status_0(spins: Path, sig) -> None:
    exe = spins
    env = mesh_env()
    env.pop("PYTHONPATH", None)
    proc = subprocess.Popen(
        [str(exe)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        line = b""
        while not line.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 100)
                if not chunk:
                    break
                line += chunk
        assert line == b"ready\n"
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == 0
        assert b"Traceback" not in proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
        for f in (proc.stdout, proc.stderr):
            f.close()
