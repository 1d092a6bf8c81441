"""The Pygments lexer (mesh/tooling/pygments_lexer.py) understands every example program and
every ```mesh block of the docs: lexing produces no Error token."""

from __future__ import annotations

from pathlib import Path

import pytest
from mesh_build import ROOT
from pygments.token import Error, Token
from test_docs import BLOCKS, Block

from mesh.tooling.pygments_lexer import MeshLexer

SOURCES = sorted(ROOT.joinpath("examples").rglob("*.mpl"))


def _errors(text: str) -> list[tuple[int, str]]:
    return [
        (pos, value) for pos, tok, value in MeshLexer().get_tokens_unprocessed(text) if tok in Error
    ]


@pytest.mark.parametrize("path", SOURCES, ids=[p.relative_to(ROOT).as_posix() for p in SOURCES])
def test_example_lexes_without_errors(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _errors(text) == []


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_doc_block_lexes_without_errors(block: Block) -> None:
    assert _errors(block.source) == []


def test_lexer_tokens() -> None:
    code = 'fn f(x) do\n  #= a #= nested =# b =#\n  "s #{%{1 => "k#{x}"}} ${x}" |2> g(:atom, ~r/a\\/b/i)\nend\n'
    tokens = [(tok, value) for tok, value in MeshLexer().get_tokens(code)]
    assert (Token.Keyword, "fn") in tokens
    assert (Token.Comment.Multiline, "=#") in tokens
    assert (Token.String.Interpol, "#{") in tokens
    assert (Token.Operator, "|2>") in tokens
    assert (Token.Literal.String.Symbol, ":atom") in tokens
    assert (Token.Literal.String.Regex, "~r/a\\/b/i") in tokens
    assert _errors(code) == []


def test_registered_for_mesh_fences() -> None:
    """pyproject.toml's entry point makes `mesh` a Pygments language name."""
    from pygments.lexers import get_lexer_by_name

    assert isinstance(get_lexer_by_name("mesh"), MeshLexer)
