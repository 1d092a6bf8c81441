"""The `DateTime` value (spec 05 §11): a UTC instant as integer milliseconds, with the
calendar arithmetic it is displayed with. A runtime value, not a stdlib facade, so that the
node wire codec (mesh/cluster/codec.py) can carry it without importing the `DateTime`
module's functions (mesh/runtime/stdlib/datetime.py).

Python's `datetime` only covers years 1–9999, so calendar conversion is done here with the
days-from-civil / civil-from-days algorithms (proleptic Gregorian, any year).
"""

from __future__ import annotations

# Valid range (spec §11.1): -262143-01-01T00:00:00.000Z ..= 262142-12-31T23:59:59.999Z
MS_PER_DAY = 86_400_000


def days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z: int) -> tuple[int, int, int]:
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


MIN_MS = days_from_civil(-262143, 1, 1) * MS_PER_DAY
MAX_MS = (days_from_civil(262142, 12, 31) + 1) * MS_PER_DAY - 1


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


def to_iso8601(dt):
    days, rem = divmod(dt.ms, MS_PER_DAY)
    y, mo, d = civil_from_days(days)
    secs, millis = divmod(rem, 1000)
    hh, secs = divmod(secs, 3600)
    mi, ss = divmod(secs, 60)
    if 0 <= y <= 9999:
        year = "%04d" % y
    else:
        year = ("+" if y > 0 else "-") + "%04d" % abs(y)
    return "%s-%02d-%02dT%02d:%02d:%02d.%03dZ" % (year, mo, d, hh, mi, ss, millis)
