"""Byte-compiling generated modules for the launcher's .pyc files, in bounded memory.

CPython's `compile()` of one huge module holds the whole module's syntax tree and symbol
table at once: a 6 MB generated module (30,000 functions in one Mesh file) peaks at
~600 MB, a 20 MB one at ~1.4 GB. A large module is therefore compiled in chunks of
top-level definitions, each chunk its own code object with its real line numbers, and the
module's code runs them in order in the module's namespace — the same statements in the
same order, so the module behaves as if compiled whole.
"""

from __future__ import annotations

import re
from types import CodeType

CHUNK_BYTES = 1 << 20  # modules up to this size are compiled whole (every ordinary one)

# `_unparse` (codegen/module.py) puts two blank lines before each top-level definition; a
# line inside a string literal can look the same, and then a chunk fails to compile and
# the module is compiled whole.
_DEF_START = re.compile(r"\n\n\n(?=(?:async def|def|class) )")

_RUNNER = """\
for __mesh_chunk__ in ():
    exec(__mesh_chunk__, globals())
del __mesh_chunk__
"""


def compile_module(source: str, filename: str) -> CodeType:
    """The module's code object, compiled in chunks when the source is large."""
    if len(source) <= CHUNK_BYTES:
        return compile(source, filename, "exec", dont_inherit=True)
    try:
        chunks = [
            compile("\n" * line + text, filename, "exec", dont_inherit=True)
            for line, text in _split(source)
        ]
    except SyntaxError:
        return compile(source, filename, "exec", dont_inherit=True)
    runner = compile(_RUNNER, filename, "exec", dont_inherit=True)
    consts = tuple(tuple(chunks) if c == () else c for c in runner.co_consts)
    return runner.replace(co_consts=consts)


def _split(source: str) -> list[tuple[int, str]]:
    """(lines before the chunk, chunk text) pieces of about CHUNK_BYTES, cut only before a
    top-level definition."""
    pieces: list[tuple[int, str]] = []
    start = 0
    line = 0
    for m in _DEF_START.finditer(source):
        if m.start() - start >= CHUNK_BYTES:
            text = source[start : m.start()]
            pieces.append((line, text))
            line += text.count("\n")
            start = m.start()
    pieces.append((line, source[start:]))
    return pieces
