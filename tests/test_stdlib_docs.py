"""docs/reference/stdlib.md is generated from the compiler's signature tables and must not
drift from them: regenerate it with `python -m mesh.tooling.stdlib_docs`."""

from __future__ import annotations

from mesh.compiler import stdlib_types
from mesh.tooling import stdlib_docs
from mesh.tooling.stdlib_descriptions import DESCRIPTIONS, HIDDEN


def test_committed_reference_is_up_to_date() -> None:
    committed = stdlib_docs.OUTPUT.read_text(encoding="utf-8")
    assert committed == stdlib_docs.render(), (
        "docs/reference/stdlib.md is out of date: run "
        "`.venv/bin/python -m mesh.tooling.stdlib_docs` and commit the result"
    )


def test_descriptions_name_existing_functions() -> None:
    """A renamed or removed function must take its description with it."""
    known = set(stdlib_types.SIGNATURES)
    assert set(DESCRIPTIONS) - known == set()
    assert set(HIDDEN) - known == set()
