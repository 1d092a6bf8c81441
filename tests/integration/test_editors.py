"""Editor support (editors/): the TextMate grammar is checked with a real grammar test
tool, `vscode-tmgrammar-test` from npm — hand-written scope assertions
(editors/tests/syntax.mpl) and scope snapshots of every example program
(editors/tests/snapshots/). npm and node are required (installed with apt-get when missing
and we are root); the tool is installed into editors/tests/node_modules on first use.

After an intended grammar change, refresh the snapshots with
`MESH_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/integration/test_editors.py`
and review the diff.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EDITORS = ROOT / "editors"
TOOLS = EDITORS / "tests"
GRAMMAR = EDITORS / "vscode" / "syntaxes" / "mesh.tmLanguage.json"
SNAPSHOTS = TOOLS / "snapshots"
EXAMPLES = sorted(
    p
    for p in (ROOT / "examples").rglob("*.mpl")
    if not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
)


def _ensure_node() -> None:
    """A fresh machine may lack Node.js: as root with apt-get, install Debian's `npm` (which
    brings `nodejs`), the way the PostgreSQL fixture installs its server."""
    if (
        (shutil.which("npm") and shutil.which("node"))
        or os.geteuid() != 0
        or not shutil.which("apt-get")
    ):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "-q", "npm"]
    if subprocess.run(cmd, env=env, capture_output=True, timeout=600).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
        subprocess.run(cmd, env=env, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def tool_bin() -> Path:
    """editors/tests/node_modules/.bin, running `npm install` once (under a file lock, as
    several pytest workers may get here together)."""
    bin_dir = TOOLS / "node_modules" / ".bin"
    with open(TOOLS / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _ensure_node()
        assert shutil.which("npm") and shutil.which("node"), "npm and node are required"
        if not (bin_dir / "vscode-tmgrammar-snap").exists():
            r = subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--silent"],
                cwd=TOOLS,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert r.returncode == 0, r.stdout + r.stderr
    return bin_dir


def test_grammar_is_wired_into_the_extension() -> None:
    package = json.loads((EDITORS / "vscode" / "package.json").read_text())
    grammar = json.loads(GRAMMAR.read_text())
    (contrib,) = package["contributes"]["grammars"]
    assert contrib["scopeName"] == grammar["scopeName"] == "source.mesh"
    assert (EDITORS / "vscode" / contrib["path"]).resolve() == GRAMMAR
    assert package["contributes"]["languages"][0]["extensions"] == [".mpl"]
    assert "vscode-languageclient" in package["dependencies"]
    extension = (EDITORS / "vscode" / "extension.js").read_text()
    assert 'args: ["lsp"]' in extension


def test_scope_assertions(tool_bin: Path) -> None:
    r = subprocess.run(
        [str(tool_bin / "vscode-tmgrammar-test"), "-g", str(GRAMMAR), str(TOOLS / "syntax.mpl")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def _flat(path: Path) -> str:
    return "__".join(path.relative_to(ROOT / "examples").parts)


def test_example_snapshots(tool_bin: Path, tmp_path: Path) -> None:
    update = os.environ.get("MESH_UPDATE_SNAPSHOTS") == "1"
    for src in EXAMPLES:
        shutil.copy(src, tmp_path / _flat(src))
        snap = SNAPSHOTS / (_flat(src) + ".snap")
        if not update:
            assert snap.exists(), f"no grammar snapshot for {src}: see this file's docstring"
            shutil.copy(snap, tmp_path / snap.name)
    cmd = [
        str(tool_bin / "vscode-tmgrammar-snap"),
        "-g",
        str(GRAMMAR),
        "-s",
        "source.mesh",
        str(tmp_path / "*.mpl"),
    ]
    r = subprocess.run(
        cmd + (["--updateSnapshot"] if update else []), capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stdout[-5000:] + r.stderr[-2000:]
    if update:
        SNAPSHOTS.mkdir(exist_ok=True)
        for src in EXAMPLES:
            shutil.copy(tmp_path / (_flat(src) + ".snap"), SNAPSHOTS / (_flat(src) + ".snap"))
    stale = {p.name for p in SNAPSHOTS.glob("*.snap")} - {_flat(s) + ".snap" for s in EXAMPLES}
    assert not stale, f"snapshots of examples that no longer exist: {sorted(stale)}"
