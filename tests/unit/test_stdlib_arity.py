"""Every stdlib signature (mesh/compiler/stdlib_types*.py, merged through `AREAS`) against
the runtime function it compiles to: the Mesh parameter count must be one the Python
function accepts, so a signature and its implementation cannot drift apart unnoticed."""

from __future__ import annotations

import importlib
import inspect

import pytest

from mesh.compiler import stdlib_types as T
from mesh.compiler.types.decls import parse_signature

# Overload alternatives the compiler rewrites into other runtime calls, so no runtime
# function takes their Mesh arity: the typed queries of spec 06 §3.14
# (mesh/compiler/types/query_forms.py), `Query.select(Struct)` and `Query.where(q, fn)`.
LOWERED = {
    "Query.select": {1},
    "Query.where": {2},
}


def _accepts(fn, n: int) -> bool:
    try:
        inspect.signature(fn).bind(*range(n))
    except TypeError:
        return False
    return True


def _arities(qual: str) -> list[int]:
    sigs = [T.SIGNATURES[qual], *T.OVERLOADS.get(qual, [])]
    return sorted({len(parse_signature(s)[1].params) for s in sigs})


FUNCTIONS = sorted(
    q for q, s in T.SIGNATURES.items() if q not in T.VALUES and s.lstrip().startswith(("(", "<"))
)


def test_the_table_is_not_empty_and_covers_every_area() -> None:
    assert len(FUNCTIONS) > 300
    for area in T.AREAS:
        assert set(area.signatures) <= set(T.SIGNATURES)


@pytest.mark.parametrize("qual", FUNCTIONS)
def test_signature_arity_matches_the_runtime_function(qual: str) -> None:
    mod, name = T.python_target(qual)
    fn = getattr(importlib.import_module(mod), name, None)
    assert callable(fn), f"{qual}: {mod}.{name} does not exist"
    wrong = [n for n in _arities(qual) if n not in LOWERED.get(qual, set()) and not _accepts(fn, n)]
    assert not wrong, (
        f"{qual} takes {wrong} argument(s) in Mesh but {mod}.{name}"
        f"{inspect.signature(fn)} does not accept that many"
    )
