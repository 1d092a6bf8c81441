"""Static types of the sqlite database stdlib (spec 06 §3), same format as
`stdlib_types.SIGNATURES`; merged by `stdlib_types._merge_db_stdlib`."""

from __future__ import annotations

SQLITE_MODULES: dict[str, str] = {}
SQLITE_SIGNATURES: dict[str, str] = {}
SQLITE_OVERLOADS: dict[str, list[str]] = {}
SQLITE_SUSPENDING: frozenset[str] = frozenset()
