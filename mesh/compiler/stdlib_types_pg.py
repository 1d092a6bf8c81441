"""Static types of the pg database stdlib (spec 06 §3), same format as
`stdlib_types.SIGNATURES`; merged by `stdlib_types._merge_db_stdlib`."""

from __future__ import annotations

PG_MODULES: dict[str, str] = {}
PG_SIGNATURES: dict[str, str] = {}
PG_OVERLOADS: dict[str, list[str]] = {}
PG_SUSPENDING: frozenset[str] = frozenset()
