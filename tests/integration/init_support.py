"""Helpers for the `mesh init` integration tests: the real CLI in a subprocess, and the
check that a scaffold's README names only `mesh` subcommands this toolchain implements."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def mesh(
    *args: str, cwd: Path, env: dict | None = None, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("MESH_", "FLY_", "TODO_"))}
    e["PYTHONPATH"] = str(ROOT)
    e.pop("PORT", None)
    e.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "mesh.cli", *args],
        cwd=cwd,
        env=e,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def init(tmp_path: Path, *args: str) -> Path:
    r = mesh("init", *args, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return tmp_path / args[-1]


def build(project: Path) -> Path:
    r = mesh("build", str(project), cwd=project)
    assert r.returncode == 0, r.stderr
    exe = project / project.name
    assert exe.is_file()
    return exe


def mesh_test_passes(project: Path) -> str:
    r = mesh("test", str(project), cwd=project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert " failed" not in r.stdout and "COMPILE ERROR" not in r.stdout, r.stdout
    return r.stdout


def check_readme_commands(readme: Path) -> set[str]:
    """Every `mesh <sub>` / `meshc <sub>` the README names exists (not a stub)."""
    subs = set(re.findall(r"\bmeshc? ([a-z][a-z-]*)", readme.read_text(encoding="utf-8")))
    assert subs, "the README names no command"
    for sub in sorted(subs):
        r = mesh(sub, "--help", cwd=readme.parent)
        assert r.returncode == 0 and "not implemented" not in r.stderr, (sub, r.stderr)
    return subs
