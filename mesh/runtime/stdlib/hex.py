"""Mesh `Hex` module (spec 05 §10)."""

from __future__ import annotations

import re as _re

from ..values import Err as _Err, Ok as _Ok

_HEX = _re.compile(r"[0-9A-Fa-f]*")


def encode(s):
    return s.encode("utf-8").hex()


def decode(s):
    """Case-insensitive pairs of hex digits; anything else (odd length, whitespace,
    `0x`, `+`, non-ASCII) is `invalid hex`."""
    if len(s) % 2 or not _HEX.fullmatch(s):
        return _Err("invalid hex")
    try:
        return _Ok(bytes.fromhex(s).decode("utf-8"))
    except UnicodeDecodeError:
        return _Err("invalid utf-8")
