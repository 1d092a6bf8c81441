"""Mesh `DateTime` module (spec 05 §11): UTC instants as integer milliseconds.

Python's `datetime` only covers years 1–9999, so calendar conversion is done here with the
days-from-civil / civil-from-days algorithms (proleptic Gregorian, any year).
"""

from __future__ import annotations

import re as _re
import time as _time

from ..values import Err as _Err, MeshPanic as _Panic, Ok as _Ok

# Valid range (spec §11.1): -262143-01-01T00:00:00.000Z ..= 262142-12-31T23:59:59.999Z
_MS_PER_DAY = 86_400_000


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


MIN_MS = _days_from_civil(-262143, 1, 1) * _MS_PER_DAY
MAX_MS = (_days_from_civil(262142, 12, 31) + 1) * _MS_PER_DAY - 1


class DateTime:
    """Opaque instant (milliseconds since the Unix epoch, UTC)."""

    __slots__ = ("ms",)

    def __init__(self, ms: int):
        self.ms = ms

    def __eq__(self, other):
        return type(other) is DateTime and other.ms == self.ms

    def __hash__(self):
        return hash(("DateTime", self.ms))

    def _mesh_display(self):
        return to_iso8601(self)

    def _mesh_debug(self):
        return "DateTime(" + to_iso8601(self) + ")"

    def __repr__(self):
        return self._mesh_debug()


_UNITS = {"ms": 1, "second": 1000, "minute": 60_000, "hour": 3_600_000,
          "day": 86_400_000, "week": 604_800_000}


def _unit(fn: str, unit) -> int:
    name = getattr(unit, "name", unit)
    ms = _UNITS.get(name) if isinstance(name, str) else None
    if ms is None:
        raise _Panic(f'DateTime.{fn}: unknown unit "{name}"; valid units are :ms, :second, '
                     ':minute, :hour, :day, :week')
    return ms


def utc_now():
    return DateTime(_time.time_ns() // 1_000_000)


_ISO = _re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?(?:([Zz])|([+\-\u2212])([0-9]{2}):([0-9]{2}))")
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
    ms = (_days_from_civil(y, mo, d) * _MS_PER_DAY
          + ((hh * 60 + mi) * 60 + ss) * 1000 + millis - offset)
    if not MIN_MS <= ms <= MAX_MS:
        return _Err(_BAD_ISO)
    return _Ok(DateTime(ms))


def to_iso8601(dt):
    days, rem = divmod(dt.ms, _MS_PER_DAY)
    y, mo, d = _civil_from_days(days)
    secs, millis = divmod(rem, 1000)
    hh, secs = divmod(secs, 3600)
    mi, ss = divmod(secs, 60)
    if 0 <= y <= 9999:
        year = "%04d" % y
    else:
        year = ("+" if y > 0 else "-") + "%04d" % abs(y)
    return "%s-%02d-%02dT%02d:%02d:%02d.%03dZ" % (year, mo, d, hh, mi, ss, millis)


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
