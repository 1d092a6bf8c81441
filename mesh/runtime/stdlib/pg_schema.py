"""The `Pg` schema helpers of migrations (spec 06 §3.13): extensions, GIN indexes and daily
range partitions. Re-exported by `mesh.runtime.stdlib.pg` (the `Pg` module); SQL text in
`mesh.runtime.pg.schema_sql`. Partition days are UTC dates."""

from __future__ import annotations

import datetime

from ..pg import schema_sql as S
from ..values import Err, Ok

__all__ = [
    "create_extension",
    "create_gin_index",
    "create_range_partitioned_table",
    "create_daily_partitions_ahead",
    "list_daily_partitions_before",
    "drop_partition",
]


async def pool_execute(pool, sql: str):
    # imported here: `Pool` imports `Pg`, which re-exports this module
    from .pool import execute

    return await execute(pool, sql, [])


async def run_sql(pool, build, *args):
    """Renders with `build(*args)` (a `SchemaSqlError` becomes `Err`), then executes it."""
    try:
        sql = build(*args)
    except S.SchemaSqlError as e:
        return Err(str(e))
    return await pool_execute(pool, sql)


def _today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


async def create_extension(pool, name: str):
    return await run_sql(pool, S.create_extension, name)


async def create_gin_index(pool, table: str, index: str, column: str, opclass: str):
    return await run_sql(pool, S.create_gin_index, table, index, column, opclass)


async def create_range_partitioned_table(pool, table: str, columns, partition_column: str):
    return await run_sql(
        pool, S.create_range_partitioned_table, table, list(columns), partition_column
    )


async def create_daily_partitions_ahead(pool, table: str, days: int):
    """Partitions `<table>_YYYYMMDD` for today and the next `days` days (UTC); returns how
    many statements ran (existing partitions are kept)."""
    today = _today()
    count = 0
    for offset in range(max(days, 0) + 1):
        r = await pool_execute(
            pool, S.create_daily_partition(table, today + datetime.timedelta(days=offset))
        )
        if type(r) is not Ok:
            return r
        count += 1
    return Ok(count)


async def list_daily_partitions_before(pool, table: str, days: int):
    """Names of `<table>_YYYYMMDD` partitions whose day is more than `days` days before
    today (UTC), oldest first."""
    from .pool import query

    r = await query(
        pool,
        "SELECT c.relname AS name FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
        "WHERE p.relname = $1 ORDER BY c.relname",
        [table],
    )
    if type(r) is not Ok:
        return r
    cutoff = _today() - datetime.timedelta(days=days)
    prefix = table + "_"
    old = []
    for row in r._0:
        name = row.get("name", "")
        suffix = name[len(prefix) :] if name.startswith(prefix) else ""
        try:
            day = datetime.datetime.strptime(suffix, "%Y%m%d").date()
        except ValueError:
            continue
        if day < cutoff:
            old.append(name)
    return Ok(old)


async def drop_partition(pool, name: str):
    if not name:
        return Err("Pg.drop_partition: partition name must not be empty")
    return await run_sql(pool, S.drop_partition, name)
