"""The diagnostics catalogue: one `Entry` per code (spec 02 §17.4 and the chapters it
points to), the single place that says what a code means.

`Reporter.emit(code, span, **params)` words a diagnostic from its entry; `mesh explain
CODE` prints the entry's long form. The entries themselves live in the `codes_*` modules,
grouped by the part of the language they guard; `tests/unit/test_diagnostics_catalogue.py`
checks that every code the tree reports, and every code the spec lists, has one.
"""

from __future__ import annotations

from collections.abc import Iterable

from mesh.compiler.diagnostics import (
    codes_functions,
    codes_local,
    codes_modules,
    codes_processes,
    codes_tool,
    codes_types,
)
from mesh.compiler.diagnostics.entry import Entry


def _collect(groups: Iterable[tuple[Entry, ...]]) -> dict[str, Entry]:
    table: dict[str, Entry] = {}
    for group in groups:
        for e in group:
            if e.code in table:
                raise ValueError(f"diagnostic code {e.code} has two catalogue entries")
            table[e.code] = e
    return dict(sorted(table.items()))


_TABLE = _collect(
    m.ENTRIES
    for m in (codes_types, codes_functions, codes_modules, codes_processes, codes_local, codes_tool)
)


def catalogue() -> dict[str, Entry]:
    """Every entry, by code, in code order."""
    return _TABLE


def entry(code: str) -> Entry:
    """The entry for `code`; KeyError names the file to add it to."""
    try:
        return catalogue()[code]
    except KeyError:
        raise KeyError(
            f"diagnostic code {code} has no entry in the catalogue "
            "(mesh/compiler/diagnostics/codes_*.py)"
        ) from None
