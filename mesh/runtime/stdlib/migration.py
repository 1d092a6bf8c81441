"""Mesh `Migration` module (spec 06 §3.13): schema changes on a `PoolHandle`, each returning
`Int!String` (rows affected; 0 for DDL). The SQL text comes from `mesh.runtime.pg.schema_sql`;
`mesh migrate` (mesh/tooling/migrate.py) runs each migration file's `up`/`down` inside one
transaction, so these statements commit or roll back together."""

from __future__ import annotations

from ..pg import schema_sql as S
from .pg_schema import pool_execute, run_sql

__all__ = [
    "create_table",
    "drop_table",
    "add_column",
    "drop_column",
    "rename_column",
    "create_index",
    "drop_index",
    "execute",
]


async def create_table(pool, table: str, columns):
    return await run_sql(pool, S.create_table, table, list(columns))


async def drop_table(pool, table: str):
    return await run_sql(pool, S.drop_table, table)


async def add_column(pool, table: str, column: str):
    return await run_sql(pool, S.add_column, table, column)


async def drop_column(pool, table: str, column: str):
    return await run_sql(pool, S.drop_column, table, column)


async def rename_column(pool, table: str, old: str, new: str):
    return await run_sql(pool, S.rename_column, table, old, new)


async def create_index(pool, table: str, columns, options: str):
    return await run_sql(pool, S.create_index, table, list(columns), options)


async def drop_index(pool, table: str, columns):
    return await run_sql(pool, S.drop_index, table, list(columns))


async def execute(pool, sql: str):
    return await pool_execute(pool, sql)
