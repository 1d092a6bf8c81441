"""PostgreSQL URL parsing (spec 06 §3.3): fields, defaults, percent-decoding, sslmode and
every URL error text."""

from __future__ import annotations

import pytest

from mesh.runtime.pg.url import ConnParams, PgUrlError, parse_url


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "postgres://alice:secret@db.example:6543/app?sslmode=require",
            ConnParams("alice", "secret", "db.example", 6543, "app", "require"),
        ),
        ("postgresql://bob@localhost", ConnParams("bob", None, "localhost", 5432, "bob", "prefer")),
        ("postgres://bob@localhost/", ConnParams("bob", None, "localhost", 5432, "bob", "prefer")),
        (
            "postgres://u%40x:p%3Aw%2F%40@h/d%20b",
            ConnParams("u@x", "p:w/@", "h", 5432, "d b", "prefer"),
        ),
        ("postgres://u:p@w@h:1/d", ConnParams("u", "p@w", "h", 1, "d", "prefer")),
        ("postgres://u:@h/d", ConnParams("u", "", "h", 5432, "d", "prefer")),
        ("postgres://u@[::1]:5433/d", ConnParams("u", None, "::1", 5433, "d", "prefer")),
        ("postgres://u@[::1]/d", ConnParams("u", None, "::1", 5432, "d", "prefer")),
        ("postgres://u@%2Ftmp%2Fpg:5999/d", ConnParams("u", None, "/tmp/pg", 5999, "d", "prefer")),
        ("postgres://u@h/d?sslmode=disable", ConnParams("u", None, "h", 5432, "d", "disable")),
        ("postgres://u@h/d?sslmode=prefer", ConnParams("u", None, "h", 5432, "d", "prefer")),
        (
            "postgres://u@h/d?sslmode=verify-full",
            ConnParams("u", None, "h", 5432, "d", "verify-full"),
        ),
        ("postgres://u@h/d?sslmode=allow", ConnParams("u", None, "h", 5432, "d", "prefer")),
        (
            "postgres://u@h/d?x=1&sslmode=require&y",
            ConnParams("u", None, "h", 5432, "d", "require"),
        ),
        ("postgres://u@h?sslmode=disable", ConnParams("u", None, "h", 5432, "u", "disable")),
        ("postgres://u@/d", ConnParams("u", None, "", 5432, "d", "prefer")),
    ],
)
def test_parse(url, expected):
    assert parse_url(url) == expected


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://u@h/d", "URL must start with postgres:// or postgresql://"),
        ("", "URL must start with postgres:// or postgresql://"),
        ("POSTGRES://u@h/d", "URL must start with postgres:// or postgresql://"),
        ("postgres:/u@h/d", "URL must start with postgres:// or postgresql://"),
        ("postgres://localhost:5432/db", "URL missing '@' separator"),
        ("postgres://h/d?user=a@b", "URL missing '@' separator"),
        ("postgres://u@h:abc/d", "invalid port: abc"),
        ("postgres://u@h:/d", "invalid port: "),
        ("postgres://u@h:0/d", "invalid port: 0"),
        ("postgres://u@h:65536/d", "invalid port: 65536"),
        ("postgres://u@h:-1/d", "invalid port: -1"),
        ("postgres://u@h:５４３２/d", "invalid port: ５４３２"),
    ],
)
def test_errors(url, message):
    with pytest.raises(PgUrlError) as info:
        parse_url(url)
    assert str(info.value) == message
