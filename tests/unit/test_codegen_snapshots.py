"""Snapshots of the Python emitted for representative programs (tests/snapshots/NAME.mpl ->
NAME.py): readable output is a design goal, so every change to it is reviewed as a diff.

After an intended change to the code generator, rewrite the snapshots and review them:

    MESH_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/unit/test_codegen_snapshots.py
    git diff tests/snapshots/
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mesh.compiler.codegen import generate
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile
from mesh.compiler.types import check_program

SNAPSHOTS = Path(__file__).resolve().parents[1] / "snapshots"
PROGRAMS = sorted(SNAPSHOTS.glob("*.mpl"))
UPDATE = os.environ.get("MESH_UPDATE_SNAPSHOTS") == "1"


def emitted_python(source: Path) -> str:
    reporter = Reporter()
    module = parse_module(
        SourceFile(source.name, source.read_text(encoding="utf-8")), "Main", reporter
    )
    assert module is not None, [d.headline for d in reporter.items]
    program = check_program([module], "Main", reporter)
    assert not reporter.items, [(d.code, d.headline) for d in reporter.items]
    return generate(program)[f"mesh_app/{source.stem}.py"]


def test_there_are_a_dozen_programs() -> None:
    assert len(PROGRAMS) >= 12


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_emitted_python_matches_the_snapshot(program: Path) -> None:
    python = emitted_python(program)
    compile(python, f"{program.stem}.py", "exec")  # the snapshot itself must be valid Python
    snapshot = program.with_suffix(".py")
    if UPDATE or not snapshot.exists():
        snapshot.write_text(python, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote the missing snapshot {snapshot.name}; review and commit it")
    assert python == snapshot.read_text(encoding="utf-8"), (
        f"the Python emitted for {program.name} changed; if intended, rerun with "
        "MESH_UPDATE_SNAPSHOTS=1 and review `git diff tests/snapshots/`"
    )
