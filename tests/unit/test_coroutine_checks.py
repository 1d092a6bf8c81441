"""Deciding whether to await goes through mesh/runtime/coro.py, never `types.CoroutineType`.

A Nuitka release binary compiles the runtime and the generated code to C; their coroutines
are then Nuitka's `compiled_coroutine`, which an identity check against
`types.CoroutineType` misses (a release server's `main` was never awaited and the binary
exited 0 at once). `tests/integration/test_release.py` proves the real binary; this test
keeps the sources from regressing.
"""

from __future__ import annotations

import re
import types
from pathlib import Path

from mesh.runtime import coro

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("mesh/runtime", "mesh/cluster", "mesh/compiler/codegen")
# any mention: an import, an alias, `type(x) is CoroutineType`, `rt("CoroutineType")`, ...
FORBIDDEN = re.compile(r"\bCoroutineType\b")


def test_no_coroutine_type_checks_outside_the_helper() -> None:
    hits = []
    for base in SCANNED:
        for path in sorted((ROOT / base).rglob("*.py")):
            if path == ROOT / "mesh/runtime/coro.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORBIDDEN.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not hits, "use mesh.runtime.coro.CORO_TYPE instead:\n" + "\n".join(hits)


def test_scanner_sees_the_pattern() -> None:
    # the regex must catch the shapes the code base used before the helper existed
    for line in (
        "from types import CoroutineType as _Coro",
        "    if type(r) is CoroutineType:",
        'comparators=[self.mod.rt("CoroutineType")])',
    ):
        assert FORBIDDEN.search(line)


def test_native_type_under_cpython() -> None:
    async def f() -> int:
        return 1

    c = f()
    try:
        assert type(c) is coro.CORO_TYPE
        assert coro.CORO_TYPE is types.CoroutineType
    finally:
        c.close()


def test_generated_code_uses_the_helper() -> None:
    from mesh.runtime import core

    assert core.CORO_TYPE is coro.CORO_TYPE
