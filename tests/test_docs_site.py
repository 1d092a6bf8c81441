"""The docs build as a website: `mkdocs build --strict` (mkdocs.yml, Material theme, the
Mesh Pygments lexer for ```mesh fences) must succeed, so a page missing from the repository
or a broken nav entry fails the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mesh_build import ROOT


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert r.returncode == 0, r.stdout + r.stderr
    page = (tmp_path / "site" / "tour" / "index.html").read_text(encoding="utf-8")
    assert '<span class="k">fn</span>' in page, "```mesh fences are not highlighted"
    handshake = (tmp_path / "site" / "distribution" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid"><code>sequenceDiagram' in handshake, "```mermaid is not a diagram"
