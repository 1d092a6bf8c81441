"""Mesh `Float` module (spec 03 B10)."""

from __future__ import annotations

from ..fmt import fmt_float as _fmt_float

_INT_MIN = -0x8000000000000000
_INT_MAX = 0x7FFFFFFFFFFFFFFF


def to_int(f):
    """Truncate toward zero; NaN → 0; saturate at the Int bounds."""
    if f != f:
        return 0
    if f >= 9.2233720368547758e18:
        return _INT_MAX
    if f <= -9.2233720368547758e18:
        return _INT_MIN
    return int(f)


def from_(n):
    return float(n)


def to_string(f):
    return _fmt_float(f)
