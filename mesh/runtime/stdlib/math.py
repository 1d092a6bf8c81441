"""Mesh `Math` module (spec 03 B10, 05 §5). Never raises host exceptions."""

from __future__ import annotations

import math as _m

from .float import to_int as _to_int

pi = 3.141592653589793
_INF = float("inf")
_NAN = float("nan")


def abs(x):  # noqa: A001
    if type(x) is int:
        if x == -0x8000000000000000:
            return x
        return -x if x < 0 else x
    return _m.fabs(x)


def min(a, b):  # noqa: A001
    if type(a) is float:
        if a != a:
            return b
        if b != b:
            return a
    return b if b < a else a


def max(a, b):  # noqa: A001
    if type(a) is float:
        if a != a:
            return b
        if b != b:
            return a
    return b if b > a else a


def pow(base, exp):  # noqa: A001
    try:
        return _m.pow(base, exp)
    except (ValueError, OverflowError, ZeroDivisionError):
        if base == 0.0:
            # 0 ** negative: +inf (or -inf for -0.0 and odd integral exponent)
            if _m.copysign(1.0, base) < 0 and exp == int(exp) and int(exp) % 2 == 1:
                return -_INF
            return _INF
        if base < 0 and exp != int(exp):
            return _NAN
        # overflow: sign is negative only for negative base with odd integral exponent
        if base < 0 and exp == int(exp) and int(exp) % 2 == 1:
            return -_INF
        return _INF


def sqrt(x):
    if x < 0:
        return _NAN
    try:
        return _m.sqrt(x)
    except ValueError:
        return _NAN


def floor(x):
    if x != x or x in (_INF, -_INF):
        return _to_int(x)
    return _to_int(float(_m.floor(x)))


def ceil(x):
    if x != x or x in (_INF, -_INF):
        return _to_int(x)
    return _to_int(float(_m.ceil(x)))


def round(x):  # noqa: A001
    if x != x or x in (_INF, -_INF):
        return _to_int(x)
    t = _m.trunc(x)
    if _m.fabs(x - t) >= 0.5:
        t += 1 if x > 0 else -1
    return _to_int(float(t))
