"""Static types of the migration stdlib (spec 06 §3.13), same format as `stdlib_types.SIGNATURES`;
merged by `stdlib_types._merge_db_stdlib`. Python implementations:
`mesh.runtime.stdlib.migration` (`Migration`) and `mesh.runtime.stdlib.pg_schema`, re-exported
by the `Pg` module. Every function takes the pool first and returns rows affected (0 for DDL).
"""

from __future__ import annotations

MIGRATION_MODULES: dict[str, str] = {"Migration": "migration"}

_CHANGE = "Result<Int, String>"

_MIGRATION: dict[str, str] = {
    "create_table": f"(PoolHandle, String, List<String>) -> {_CHANGE}",
    "drop_table": f"(PoolHandle, String) -> {_CHANGE}",
    "add_column": f"(PoolHandle, String, String) -> {_CHANGE}",
    "drop_column": f"(PoolHandle, String, String) -> {_CHANGE}",
    "rename_column": f"(PoolHandle, String, String, String) -> {_CHANGE}",
    "create_index": f"(PoolHandle, String, List<String>, String) -> {_CHANGE}",
    "drop_index": f"(PoolHandle, String, List<String>) -> {_CHANGE}",
    "execute": f"(PoolHandle, String) -> {_CHANGE}",
}

_PG_SCHEMA: dict[str, str] = {
    "create_extension": f"(PoolHandle, String) -> {_CHANGE}",
    "create_gin_index": f"(PoolHandle, String, String, String, String) -> {_CHANGE}",
    "create_range_partitioned_table": f"(PoolHandle, String, List<String>, String) -> {_CHANGE}",
    "create_daily_partitions_ahead": f"(PoolHandle, String, Int) -> {_CHANGE}",
    "list_daily_partitions_before": "(PoolHandle, String, Int) -> Result<List<String>, String>",
    "drop_partition": f"(PoolHandle, String) -> {_CHANGE}",
}

MIGRATION_SIGNATURES: dict[str, str] = {
    **{f"Migration.{name}": sig for name, sig in _MIGRATION.items()},
    **{f"Pg.{name}": sig for name, sig in _PG_SCHEMA.items()},
}
MIGRATION_OVERLOADS: dict[str, list[str]] = {}
MIGRATION_SUSPENDING: frozenset[str] = frozenset(MIGRATION_SIGNATURES)
