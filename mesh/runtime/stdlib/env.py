"""Env (spec 05 §2): environment variables and command-line arguments."""

from __future__ import annotations

import os
import re
import sys

_INT = re.compile(r"[+-]?[0-9]+\Z")
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


def get(key: str, default: str = "") -> str:
    """The variable's value, `default` when unset (or when the key is invalid for the OS)."""
    if "\0" in key or "=" in key or not key:
        return default
    try:
        value = os.environ.get(key)
    except (ValueError, UnicodeError):
        return default
    if value is None:
        return default
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # not valid Unicode (surrogate-escaped bytes)
            return default
    return value


def get_int(key: str, default: int) -> int:
    text = get(key, None)  # type: ignore[arg-type]
    if text is None or not _INT.match(text):
        return default
    n = int(text)
    return n if _INT_MIN <= n <= _INT_MAX else default


def args() -> list[str]:
    """Program path first, then the user arguments (spec 05 §2, our choice)."""
    return list(sys.argv)
