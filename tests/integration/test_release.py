"""`mesh build --release`: a Nuitka onefile executable that runs without Python.

This takes minutes, so it runs only when `CI=true` or `MESH_RELEASE_TESTS=1` (CI sets
CI=true, so it always runs there). It builds hello world through the real pipeline,
copies the binary to a directory of its own and runs it under `env -i` (no PATH, no
HOME, no Python on the environment).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
ENABLED = os.environ.get("CI") == "true" or os.environ.get("MESH_RELEASE_TESTS") == "1"

pytestmark = pytest.mark.skipif(
    not ENABLED, reason="release builds take minutes; set MESH_RELEASE_TESTS=1 (CI sets CI=true)"
)


def _mesh() -> list[str]:
    exe = Path(sys.executable).parent / "mesh"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "mesh.cli"]


def test_release_hello_world_runs_anywhere(tmp_path: Path) -> None:
    proj = tmp_path / "hello"
    proj.mkdir()
    (proj / "main.mpl").write_text('fn main() do\n  println("Hello from Mesh!")\nend\n')
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if "PYTHONPATH" in env else "")
    r = subprocess.run(
        _mesh() + ["build", str(proj), "--release"],
        check=False, capture_output=True, text=True, env=env, timeout=1800,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Compiled: {proj / 'hello'}" in r.stderr
    binary = proj / "hello"
    head = binary.read_bytes()[:4]
    assert head == b"\x7fELF", "release output must be a native executable"

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy2(binary, elsewhere / "hello")
    run = subprocess.run(
        ["env", "-i", "./hello"], cwd=elsewhere, check=False, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "Hello from Mesh!\n"

    # unchanged sources: the previous executable is reused (no Nuitka run)
    again = subprocess.run(
        _mesh() + ["build", str(proj), "--release"],
        check=False, capture_output=True, text=True, env=env, timeout=600,
    )
    assert again.returncode == 0, again.stderr
    assert "reusing the previous executable" in again.stderr
