"""DateTime (spec 05 §11)."""

import time

import pytest

from mesh.runtime import datetime_value as V
from mesh.runtime.stdlib import datetime as D
from mesh.runtime.values import Atom, Err, MeshPanic, Ok


def iso(s):
    r = D.from_iso8601(s)
    return D.to_iso8601(r._0) if type(r) is Ok else r._0


def ms(s):
    return D.from_iso8601(s)._0.ms


def at(n):
    return D.from_unix_ms(n)._0


@pytest.mark.parametrize(
    "src,want",
    [
        ("2025-03-01T23:30:00-02:00", "2025-03-02T01:30:00.000Z"),
        ("2024-02-29t12:00:00z", "2024-02-29T12:00:00.000Z"),
        ("2024-02-29 12:00:00+00:00", "2024-02-29T12:00:00.000Z"),
        ("2000-01-01T00:00:00.123456789123Z", "2000-01-01T00:00:00.123Z"),
        ("2000-01-01T00:00:00.9999Z", "2000-01-01T00:00:00.999Z"),
        ("2000-01-01T00:00:00.5Z", "2000-01-01T00:00:00.500Z"),
        ("2000-01-01T00:00:00+05:30", "1999-12-31T18:30:00.000Z"),
        ("2000-01-01T00:00:00\u221201:00", "2000-01-01T01:00:00.000Z"),
        ("2016-12-31T23:59:60Z", "2017-01-01T00:00:00.000Z"),
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z"),
        ("0000-01-01T00:00:00+01:00", "-0001-12-31T23:00:00.000Z"),
        ("9999-12-31T23:59:59.999-23:59", "+10000-01-01T23:58:59.999Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
    ],
)
def test_iso_accepted(src, want):
    assert iso(src) == want


@pytest.mark.parametrize(
    "src",
    [
        "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-01-00T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T23:60:00Z",
        "2024-01-01T23:59:61Z",
        "2024-01-01",
        "2024-01-01T00:00:00",
        "20240101T000000Z",
        "2024-01-01T00:00:00+0100",
        "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+01:60",
        " 2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00Z ",
        "12024-01-01T00:00:00Z",
        "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00Z",
        "2024-01-01T00:00:00,5Z",
        "２０２４-01-01T00:00:00Z",
        "",
        "2024-01-01T00:00:00Z\n",
        "+2024-01-01T00:00:00Z",
    ],
)
def test_iso_rejected(src):
    assert D.from_iso8601(src) == Err("invalid ISO 8601 datetime")


def test_civil_round_trip():
    for days in list(range(-800000, 800000, 997)) + [-1, 0, 1, 59, 60, 365, 366]:
        y, m, d = V.civil_from_days(days)
        assert V.days_from_civil(y, m, d) == days


def test_unix():
    assert D.to_iso8601(at(0)) == "1970-01-01T00:00:00.000Z"
    assert D.to_iso8601(at(1700000000123)) == "2023-11-14T22:13:20.123Z"
    assert D.to_iso8601(D.from_unix_secs(-1)._0) == "1969-12-31T23:59:59.000Z"
    assert D.to_iso8601(at(253402300800000)) == "+10000-01-01T00:00:00.000Z"
    assert D.to_iso8601(at(-62198755200000)) == "-0001-01-01T00:00:00.000Z"
    assert D.to_unix_secs(at(-1500)) == -1 and D.to_unix_secs(at(1999)) == 1
    assert D.to_unix_secs(at(-999)) == 0 and D.to_unix_secs(at(-1000)) == -1
    assert D.to_unix_ms(D.from_unix_secs(1700000000)._0) == 1700000000000
    for bad in (2**63 - 1, -(2**63), D.MAX_MS + 1, D.MIN_MS - 1):
        assert D.from_unix_ms(bad) == Err("unix timestamp out of range")
    assert D.from_unix_secs(2**63 - 1) == Err("unix timestamp out of range")
    assert D.to_iso8601(at(D.MAX_MS)) == "+262142-12-31T23:59:59.999Z"
    assert D.to_iso8601(at(D.MIN_MS)) == "-262143-01-01T00:00:00.000Z"


def test_add_diff_units():
    base = at(0)
    for unit, step in [
        ("ms", 1),
        ("second", 1000),
        ("minute", 60000),
        ("hour", 3600000),
        ("day", 86400000),
        ("week", 604800000),
    ]:
        assert D.add(base, 2, Atom(unit)).ms == 2 * step
        assert D.add(base, -1, Atom(unit)).ms == -step
        assert D.diff(D.add(base, 3, Atom(unit)), base, Atom(unit)) == 3.0
    later = D.add(base, 90, Atom("minute"))
    assert D.diff(later, base, Atom("hour")) == 1.5
    assert D.diff(base, later, Atom("minute")) == -90.0
    assert type(D.diff(base, base, Atom("ms"))) is float


def test_unknown_unit_and_range_panics():
    with pytest.raises(MeshPanic) as e:
        D.add(at(0), 1, Atom("fortnight"))
    assert e.value.message == (
        'DateTime.add: unknown unit "fortnight"; valid units are :ms, '
        ":second, :minute, :hour, :day, :week"
    )
    with pytest.raises(MeshPanic) as e:
        D.diff(at(0), at(0), Atom("year"))
    assert e.value.message.startswith('DateTime.diff: unknown unit "year";')
    with pytest.raises(MeshPanic, match="DateTime.add: result out of range"):
        D.add(at(0), 2**63 - 1, Atom("ms"))
    with pytest.raises(MeshPanic, match="DateTime.add: result out of range"):
        D.add(at(0), 2**62, Atom("week"))


def test_ordering_and_now():
    a, b = at(1), at(2)
    assert D.is_before(a, b) and not D.is_after(a, b)
    assert not D.is_before(a, at(1)) and not D.is_after(a, at(1))
    now = D.utc_now()
    assert abs(now.ms - time.time() * 1000) < 5000
    assert D.from_iso8601(D.to_iso8601(now))._0 == now
