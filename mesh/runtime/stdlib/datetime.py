"""Mesh `DateTime` module (spec 05 §11): UTC instants as integer milliseconds. The value
type and its calendar arithmetic live in mesh/runtime/datetime_value.py."""

from __future__ import annotations

import re as _re
import time as _time

from ..datetime_value import (
    MAX_MS,
    MIN_MS,
    MS_PER_DAY as _MS_PER_DAY,
    DateTime,
    days_from_civil as _days_from_civil,
    to_iso8601 as to_iso8601,  # the Mesh function `DateTime.to_iso8601`
)
from ..values import Err as _Err, MeshPanic as _Panic, Ok as _Ok

_UNITS = {
    "ms": 1,
    "second": 1000,
    "minute": 60_000,
    "hour": 3_600_000,
    "day": 86_400_000,
    "week": 604_800_000,
}


def _unit(fn: str, unit) -> int:
    name = getattr(unit, "name", unit)
    ms = _UNITS.get(name) if isinstance(name, str) else None
    if ms is None:
        raise _Panic(
            f'DateTime.{fn}: unknown unit "{name}"; valid units are :ms, :second, '
            ":minute, :hour, :day, :week"
        )
    return ms


def utc_now():
    return DateTime(_time.time_ns() // 1_000_000)


_ISO = _re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?(?:([Zz])|([+\-\u2212])([0-9]{2}):([0-9]{2}))"
)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_BAD_ISO = "invalid ISO 8601 datetime"


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def from_iso8601(s):
    m = _ISO.fullmatch(s)
    if m is None:
        return _Err(_BAD_ISO)
    y, mo, d, hh, mi, ss = (int(m.group(k)) for k in range(1, 7))
    if not 1 <= mo <= 12:
        return _Err(_BAD_ISO)
    dim = 29 if mo == 2 and _leap(y) else _DAYS_IN_MONTH[mo - 1]
    if not 1 <= d <= dim or hh > 23 or mi > 59 or ss > 60:
        return _Err(_BAD_ISO)
    frac = m.group(7) or ""
    millis = int((frac[:3] + "000")[:3])
    offset = 0
    if m.group(9) is not None:
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            return _Err(_BAD_ISO)
        offset = (oh * 60 + om) * 60_000
        if m.group(9) != "+":
            offset = -offset
    ms = (
        _days_from_civil(y, mo, d) * _MS_PER_DAY
        + ((hh * 60 + mi) * 60 + ss) * 1000
        + millis
        - offset
    )
    if not MIN_MS <= ms <= MAX_MS:
        return _Err(_BAD_ISO)
    return _Ok(DateTime(ms))


def from_unix_ms(ms):
    if not MIN_MS <= ms <= MAX_MS:
        return _Err("unix timestamp out of range")
    return _Ok(DateTime(ms))


def from_unix_secs(s):
    ms = s * 1000
    if not MIN_MS <= ms <= MAX_MS:
        return _Err("unix timestamp out of range")
    return _Ok(DateTime(ms))


def to_unix_ms(dt):
    return dt.ms


def to_unix_secs(dt):
    """Milliseconds / 1000 truncated toward zero."""
    ms = dt.ms
    return ms // 1000 if ms >= 0 else -((-ms) // 1000)


def add(dt, n, unit):
    step = _unit("add", unit)
    ms = dt.ms + n * step
    if not MIN_MS <= ms <= MAX_MS:
        raise _Panic("DateTime.add: result out of range")
    return DateTime(ms)


def diff(a, b, unit):
    step = _unit("diff", unit)
    return (a.ms - b.ms) / step


def is_before(a, b):
    return a.ms < b.ms


def is_after(a, b):
    return a.ms > b.ms
