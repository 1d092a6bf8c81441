"""Static types of the migration stdlib (spec 06 §3), same format as `stdlib_types.SIGNATURES`;
merged by `stdlib_types._merge_db_stdlib`."""

from __future__ import annotations

MIGRATION_MODULES: dict[str, str] = {}
MIGRATION_SIGNATURES: dict[str, str] = {}
MIGRATION_OVERLOADS: dict[str, list[str]] = {}
MIGRATION_SUSPENDING: frozenset[str] = frozenset()
