"""Chunked byte-compilation of large generated modules (mesh/compiler/bytecode.py)."""

from __future__ import annotations

import marshal
from types import CodeType

import pytest

from mesh.compiler import bytecode

SOURCE = '''"""Generated."""

from math import floor

X = 10


def f0(x):
    return x + X


def f1(x):
    return f0(x) * 2


class C:

    def m(self):
        return f1(1)


def f2(x):
    raise ValueError(x)
REGISTRY = {'f0': f0, 'f2': f2}
'''


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bytecode, "CHUNK_BYTES", 20)


def run(code) -> dict:
    ns: dict = {"__name__": "gen"}
    exec(marshal.loads(marshal.dumps(code)), ns)
    return ns


def test_a_large_module_is_split_and_behaves_as_one(tiny_chunks: None) -> None:
    code = bytecode.compile_module(SOURCE, "gen.py")
    assert any(
        isinstance(c, tuple) and len(c) == 5 and all(isinstance(x, CodeType) for x in c)
        for c in code.co_consts
    )
    assert len(bytecode._split(SOURCE)) == 5  # the imports, f0, f1, C, f2 + REGISTRY
    ns = run(bytecode.compile_module(SOURCE, "gen.py"))
    assert ns["f1"](1) == 22 and ns["C"]().m() == 22 and ns["floor"](2.5) == 2
    assert ns["REGISTRY"]["f0"] is ns["f0"]
    assert "__mesh_chunk__" not in ns


def test_chunks_keep_the_real_line_numbers(tiny_chunks: None) -> None:
    ns = run(bytecode.compile_module(SOURCE, "gen.py"))
    lines = SOURCE.splitlines()
    for name in ("f0", "f1", "f2"):
        assert lines[ns[name].__code__.co_firstlineno - 1] == f"def {name}(x):"
    assert lines[ns["C"].m.__code__.co_firstlineno - 1].strip() == "def m(self):"


def test_a_split_inside_a_string_falls_back_to_one_compile(tiny_chunks: None) -> None:
    src = 'S = """\n\n\ndef not_code(x):\n"""\n\n\ndef g():\n    return S\n'
    ns = run(bytecode.compile_module(src, "gen.py"))
    assert "def not_code" in ns["g"]()


def test_small_modules_are_compiled_whole() -> None:
    code = bytecode.compile_module(SOURCE, "gen.py")
    assert not any(
        isinstance(c, tuple) and any(isinstance(x, CodeType) for x in c) for c in code.co_consts
    )
    assert any(isinstance(c, CodeType) and c.co_name == "f0" for c in code.co_consts)
