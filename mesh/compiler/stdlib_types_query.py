"""Static types of the query stdlib (spec 06 §3), same format as `stdlib_types.SIGNATURES`;
merged by `stdlib_types._merge_db_stdlib`."""

from __future__ import annotations

QUERY_MODULES: dict[str, str] = {}
QUERY_SIGNATURES: dict[str, str] = {}
QUERY_OVERLOADS: dict[str, list[str]] = {}
QUERY_SUSPENDING: frozenset[str] = frozenset()
