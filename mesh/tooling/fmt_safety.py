"""The safety net of `mesh fmt`: is a formatted text the same program as the original?

Two checks, both must hold:

* the significant token sequences are equal — what the parser sees after the layout rules
  of spec 01 §3 (kinds and values, string interpolations included) — and so are the
  comments;
* when the original parses, the formatted text parses to the same tree (positions aside).
  Equal tokens are not enough on their own: an arm body written on the lines after its
  `->` ends at the first line indented no more than the arm (spec 01 §3), so the
  indentation the formatter chooses is part of the program there.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mesh.compiler.deep import deep
from mesh.compiler.parse import LexError, ParseError, Parser, parse_items, tokenize
from mesh.compiler.parse.lexer import Token, layout, tokenize_trivia
from mesh.compiler.source import SourceFile, Span


def normalise_text(kind: str, text: str) -> str:
    """Token text as the formatter prints it: LF line ends in strings and comments, no
    trailing blanks on comment lines."""
    if kind in ("STRING", "COMMENT"):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "COMMENT":
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return text


def signature(text: str) -> tuple[list, list[str]]:
    """The parser's token sequence of `text` (layout applied) and its comments."""
    raw = tokenize_trivia(text)
    comments = [
        normalise_text("COMMENT", text[t.start : t.end]) for t in raw if t.kind == "COMMENT"
    ]
    sig = [_norm(t) for t in layout([t for t in raw if t.kind != "COMMENT"])]
    while len(sig) >= 2 and sig[-2][0] == "NEWLINE":  # trailing separators before EOF
        del sig[-2]
    return sig, comments


def _norm(t: Token) -> tuple:
    v = t.value
    if t.kind == "STRING":
        v = tuple(
            p if isinstance(p, str) else tuple(_norm(x) for x in p if x.kind != "COMMENT")
            for p in v
        )
    return (t.kind, v)


@deep
def parse_shape(text: str) -> Any:
    """The syntax tree of `text` without positions, as nested tuples; None when the text
    does not lex or parse."""
    file = SourceFile("<fmt>", text)
    try:
        items = parse_items(Parser(tokenize(file), file))
    except (LexError, ParseError):
        return None
    return _shape(items)


def _shape(node: object) -> Any:
    if isinstance(node, Span):
        return None  # positions (also inside tuples such as a struct literal's fields)
    if isinstance(node, list | tuple):
        return tuple(_shape(x) for x in node)
    if isinstance(node, dict):
        return tuple((_shape(k), _shape(v)) for k, v in node.items())
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__,) + tuple(
            (f.name, _shape(getattr(node, f.name))) for f in dataclasses.fields(node)
        )
    return node


def same_program(original: str, formatted: str) -> bool:
    """Does `formatted` mean exactly what `original` means (see the module docstring)?"""
    if signature(formatted) != signature(original):
        return False
    before = parse_shape(original)
    return before is None or parse_shape(formatted) == before
