"""Arithmetic, comparison and hashing with Mesh semantics (spec 03 A2, A3, A7)."""

from __future__ import annotations

from .values import EQUAL, GREATER, LESS, MeshPanic, Struct, Variant

INT_MIN = -0x8000000000000000
INT_MAX = 0x7FFFFFFFFFFFFFFF
_MASK = 0xFFFFFFFFFFFFFFFF
_INF = float("inf")
_NAN = float("nan")


def wrap(i: int) -> int:
    """Reduce to the signed 64-bit range (two's complement wrap-around)."""
    if -0x8000000000000000 <= i <= 0x7FFFFFFFFFFFFFFF:
        return i
    return ((i + 0x8000000000000000) & 0xFFFFFFFFFFFFFFFF) - 0x8000000000000000


def _div_zero():
    raise MeshPanic("division by zero")


def idiv(a: int, b: int) -> int:
    """Int `/`: truncates toward zero; MIN / -1 wraps to MIN."""
    if not b:
        raise MeshPanic("division by zero")
    q = a // b
    if q < 0 and q * b != a:
        q += 1
    if q == 0x8000000000000000:
        return INT_MIN
    return q


def imod(a: int, b: int) -> int:
    """Int `%`: remainder with the sign of the dividend."""
    if not b:
        raise MeshPanic("division by zero")
    r = a % b
    if r and (r < 0) != (a < 0):
        r -= b
    return r


def fdiv(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0.0:
            return _NAN
        from math import copysign

        return copysign(_INF, a) * copysign(1.0, b)


def fmod(a: float, b: float) -> float:
    try:
        return _fmod(a, b)
    except (ValueError, ZeroDivisionError):
        return _NAN


def _fmod(a: float, b: float) -> float:
    """`math.fmod`, imported on first use (a shared library hello world need not load);
    the stub replaces itself."""
    global _fmod
    from math import fmod as _fmod

    return _fmod(a, b)


def num_add(a, b):
    if type(a) is int:
        return wrap(a + b)
    return a + b


def num_sub(a, b):
    if type(a) is int:
        return wrap(a - b)
    return a - b


def num_mul(a, b):
    if type(a) is int:
        return wrap(a * b)
    return a * b


def num_div(a, b):
    if type(a) is int:
        return idiv(a, b)
    if type(a) is float:
        return fdiv(a, b)
    return a / b  # a user `impl Div` (installed as __truediv__)


def num_mod(a, b):
    if type(a) is int:
        return imod(a, b)
    if type(a) is float:
        return fmod(a, b)
    return a % b  # a user `impl Mod` (installed as __mod__)


def num_neg(a):
    if type(a) is int:
        return wrap(-a)
    return -a


def concat(a, b):
    """`<>` / `++` on two Strings (or Json) or two Lists."""
    return a + b


# --------------------------------------------------------------------------------------
# Comparison. Python's operators on our value classes already implement spec 03 A7
# (Struct/Variant/MeshMap/MeshSet define __eq__/__lt__); these wrappers only add the cases
# Python cannot order (Unit).


def eq(a, b) -> bool:
    return a == b


def ne(a, b) -> bool:
    return not (a == b)


def lt(a, b) -> bool:
    if a is None:
        return False
    return a < b


def le(a, b) -> bool:
    if a is None:
        return True
    return a <= b


def gt(a, b) -> bool:
    if a is None:
        return False
    return a > b


def ge(a, b) -> bool:
    if a is None:
        return True
    return a >= b


def compare(a, b):
    """`Less` if a < b, else `Equal` if a == b, else `Greater` (NaN → Greater)."""
    if a is None:
        return EQUAL
    if a < b:
        return LESS
    if a == b:
        return EQUAL
    return GREATER


# --------------------------------------------------------------------------------------
# Hash trait: 64-bit FNV-1a (spec 03 A7)

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


def _pack_d(v: float) -> bytes:
    """The 8 little-endian bytes of a double; `struct` is imported on first use (the stub
    replaces itself)."""
    global _pack_d
    import struct

    _pack_d = struct.Struct("<d").pack
    return _pack_d(v)


def _fnv(data: bytes, h: int = FNV_OFFSET) -> int:
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & _MASK
    return h


def _signed(h: int) -> int:
    return h - 0x10000000000000000 if h & 0x8000000000000000 else h


def _fold(h: int, sub: int) -> int:
    return _fnv((sub & _MASK).to_bytes(8, "little"), h)


def mesh_hash(v) -> int:
    """`x.hash()` for Int, Float, Bool, String and derived (struct/variant/list) values."""
    t = type(v)
    if t is str:
        return _signed(_fnv(v.encode("utf-8", "surrogatepass")))
    if t is bool:
        return _signed(_fnv(b"\x01" if v else b"\x00"))
    if t is int:
        return _signed(_fnv((v & _MASK).to_bytes(8, "little")))
    if t is float:
        return _signed(_fnv(_pack_d(v)))
    m = getattr(v, "hash", None)
    if m is not None and callable(m) and not isinstance(v, (str, list, tuple)):
        return m()
    h = FNV_OFFSET
    if isinstance(v, Struct):
        for x in v._mesh_values(v):
            h = _fold(h, mesh_hash(x))
        return _signed(h)
    if isinstance(v, Variant):
        h = _fold(h, v._mesh_index)
        for x in v._mesh_payload(v):
            h = _fold(h, mesh_hash(x))
        return _signed(h)
    if v is None:
        return _signed(h)
    try:
        items = list(v)
    except TypeError:
        return _signed(_fold(h, hash(v)))
    for x in items:
        h = _fold(h, mesh_hash(x))
    return _signed(h)
