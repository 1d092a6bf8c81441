"""Positions: LSP speaks (line, UTF-16 code unit); the compiler speaks character offsets.

Spec 08 §10 requires UTF-16 positions. Characters outside the Basic Multilingual Plane
(emoji, some CJK) are one Python character but two UTF-16 code units, so every position
crossing the wire goes through these two functions.
"""

from __future__ import annotations

from lsprotocol import types as T

from mesh.compiler.source import SourceFile


def _utf16_len(s: str) -> int:
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def position(src: SourceFile, offset: int) -> T.Position:
    """The LSP position of character offset `offset` in `src`."""
    offset = max(0, min(offset, len(src.text)))
    line, col = src.line_col(offset)
    start = offset - (col - 1)
    return T.Position(line=line - 1, character=_utf16_len(src.text[start:offset]))


def offset(src: SourceFile, pos: T.Position) -> int:
    """The character offset of an LSP position (clamped to the line and the text)."""
    starts = src._line_starts
    if pos.line >= len(starts):
        return len(src.text)
    start = starts[pos.line]
    text = src.line_text(pos.line + 1)
    units = 0
    for i, c in enumerate(text):
        if units >= pos.character:
            return start + i
        units += 2 if ord(c) > 0xFFFF else 1
    return start + len(text)


def span_range(src: SourceFile, start: int, end: int) -> T.Range:
    return T.Range(start=position(src, start), end=position(src, max(start, end)))


def full_range(src: SourceFile) -> T.Range:
    return span_range(src, 0, len(src.text))
