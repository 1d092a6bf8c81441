"""Mesh `Repo` module (spec 06 §3.10, §3.14): run `Query` values and row writes.

The first argument is a `PoolHandle` (checkout, run, checkin), a `PgConn` (e.g. inside
`Repo.transaction`) or a `SqliteConn`: the rendered `$n` placeholders are numbered in text
order, which SQLite binds by position. Every value is a bound parameter. SQL text:
`mesh.runtime.sql.query` (SELECT) and `mesh.runtime.sql.writes` (INSERT/UPDATE/DELETE).
"""

from __future__ import annotations

from dataclasses import replace

from ..coro import CORO_TYPE as _Coro
from ..pg.pool import Pool
from ..row import RowError, decode
from ..sql import writes as W
from ..sql.frag import Frag, numbered, quote_ident, value
from ..sql.query import QueryValue, render_count, render_exists, render_select
from ..values import Atom, Err, MeshPanic, Ok
from . import pg as _pg, pool as _pool, sqlite as _sqlite
from .repo_changeset import insert_changeset, update_changeset  # noqa: F401
from .repo_preload import preload as _preload

__all__ = [
    "all",
    "all_typed",
    "one",
    "get",
    "get_by",
    "count",
    "exists",
    "insert",
    "insert_expr",
    "update",
    "update_where",
    "update_where_expr",
    "delete",
    "delete_where",
    "delete_where_returning",
    "insert_or_update",
    "insert_or_update_expr",
    "query_raw",
    "execute_raw",
    "transaction",
    "insert_changeset",
    "update_changeset",
    "preload",
]


async def _query(target, sql: str, params: list):
    if isinstance(target, Pool):
        return await _pool.query(target, sql, params)
    if isinstance(target, _sqlite.SqliteConn):
        return await _sqlite.query(target, sql, params)
    return await _pg.query(target, sql, params)


async def _execute(target, sql: str, params: list):
    if isinstance(target, Pool):
        return await _pool.execute(target, sql, params)
    if isinstance(target, _sqlite.SqliteConn):
        return await _sqlite.execute(target, sql, params)
    return await _pg.execute(target, sql, params)


async def _rows(target, frag: Frag):
    return await _query(target, *numbered(frag))


async def _first(target, frag: Frag, missing: str):
    r = await _rows(target, frag)
    if type(r) is not Ok:
        return r
    return Ok(r._0[0]) if r._0 else Err(missing)


async def _write(fn: str, target, build, *args, missing: str):
    try:
        frag = build(fn, *args)
    except W.WriteError as e:
        return Err(str(e))
    return await _first(target, frag, missing)


def _q(fn: str, q) -> QueryValue:
    if not isinstance(q, QueryValue):
        raise MeshPanic(f"{fn}: expected a query built with Query.from or Query.select")
    return q


def _first_value(row) -> str:
    for _, v in row.items():
        return v
    return ""


# ---------------------------------------------------------------- reads


async def all(target, q):  # noqa: A001 - the Mesh name is `Repo.all`
    """`Ok` of the query's rows (maps), also for a typed query passed as a `Ptr`."""
    return await _rows(target, render_select(_q("Repo.all", q)))


async def all_typed(target, q) -> list:
    """Typed `Repo.all` (§3.14; the compiler picks it for a `Query<T>`): the rows decoded
    into `T` with the `Row` rules; a database or decoding error panics."""
    q = _q("Repo.all", q)
    r = await _rows(target, render_select(q))
    if type(r) is not Ok:
        raise MeshPanic(f"Repo.all: {r._0}")
    try:
        return [decode(row, q.row_type) for row in r._0]
    except RowError as e:
        raise MeshPanic(f"Repo.all: {e}") from None


async def one(target, q):
    return await _first(target, render_select(replace(_q("Repo.one", q), limit=1)), "not found")


async def get(target, table: str, row_id: str):
    return await get_by(target, table, "id", row_id)


async def get_by(target, table: str, field, v: str):
    name = field.name if type(field) is Atom else str(field)
    frag = (
        f"SELECT * FROM {quote_ident(table)} WHERE {quote_ident(name)} = " + value(v) + " LIMIT 1"
    )
    return await _first(target, frag, "not found")


async def count(target, q):
    r = await _first(target, render_count(_q("Repo.count", q)), "count returned no rows")
    if type(r) is not Ok:
        return r
    return Ok(int(_first_value(r._0)))


async def exists(target, q):
    r = await _first(target, render_exists(_q("Repo.exists", q)), "exists returned no rows")
    if type(r) is not Ok:
        return r
    return Ok(_first_value(r._0) in ("t", "1", "true"))


# ---------------------------------------------------------------- writes


async def insert(target, table: str, fields):
    return await _write(
        "insert", target, W.insert, table, fields, missing="insert: no row returned"
    )


async def insert_expr(target, table: str, fields):
    return await _write(
        "insert_expr", target, W.insert, table, fields, missing="insert_expr: no row returned"
    )


async def update(target, table: str, row_id: str, fields):
    return await _write(
        "update",
        target,
        W.update_by_id,
        table,
        row_id,
        fields,
        missing="update: no row returned (id not found)",
    )


async def delete(target, table: str, row_id: str):
    return await _first(
        target, W.delete_by_id(table, row_id), "delete: no row returned (id not found)"
    )


async def update_where(target, table: str, fields, q):
    return await _write(
        "update_where",
        target,
        W.update_where,
        table,
        fields,
        _q("Repo.update_where", q),
        missing="update_where: no rows matched",
    )


async def update_where_expr(target, table: str, fields, q):
    return await _write(
        "update_where_expr",
        target,
        W.update_where,
        table,
        fields,
        _q("Repo.update_where_expr", q),
        missing="update_where_expr: no rows matched",
    )


async def delete_where(target, table: str, q):
    try:
        frag = W.delete_where("delete_where", table, _q("Repo.delete_where", q), False)
    except W.WriteError as e:
        return Err(str(e))
    return await _execute(target, *numbered(frag))


async def delete_where_returning(target, table: str, q):
    try:
        frag = W.delete_where(
            "delete_where_returning", table, _q("Repo.delete_where_returning", q), True
        )
    except W.WriteError as e:
        return Err(str(e))
    return await _rows(target, frag)


async def insert_or_update(target, table: str, fields, conflict, update_cols):
    return await _write(
        "insert_or_update",
        target,
        W.upsert,
        table,
        fields,
        list(conflict),
        list(update_cols),
        missing="insert_or_update: no row returned",
    )


async def insert_or_update_expr(target, table: str, fields, conflict, updates):
    return await _write(
        "insert_or_update_expr",
        target,
        W.upsert,
        table,
        fields,
        list(conflict),
        updates,
        missing="insert_or_update_expr: no row returned",
    )


# ---------------------------------------------------------------- associations


async def preload(target, rows, names, meta):
    """Batch-load associations into `rows`: one query per association (repo_preload)."""

    async def run(sql: str, params: list):
        return await _query(target, sql, params)

    return await _preload(run, rows, names, meta, isinstance(target, _sqlite.SqliteConn))


# ---------------------------------------------------------------- raw SQL, transactions


async def query_raw(target, sql: str, params):
    return await _query(target, sql, list(params))


async def execute_raw(target, sql: str, params):
    return await _execute(target, sql, list(params))


async def _sqlite_transaction(conn, f):
    r = await _sqlite.begin(conn)
    if type(r) is not Ok:
        return Err(f"transaction: BEGIN failed: {r._0}")
    try:
        res = f(conn)
        if type(res) is _Coro:
            res = await res
    except Exception:  # a Mesh panic (never trio.Cancelled, a BaseException)
        await _sqlite.rollback(conn)
        return Err("transaction aborted: panic in callback")
    if type(res) is not Ok:
        await _sqlite.rollback(conn)
        return res
    c = await _sqlite.commit(conn)
    if type(c) is not Ok:
        await _sqlite.rollback(conn)
        return Err(f"transaction: COMMIT failed: {c._0}")
    return res


async def transaction(target, f):
    """Checkout, `BEGIN`, `f(conn)`, `COMMIT` on `Ok` / `ROLLBACK` otherwise, checkin."""
    if isinstance(target, _sqlite.SqliteConn):
        return await _sqlite_transaction(target, f)
    if isinstance(target, Pool):
        r = await _pool._with_conn(target, _pg.transaction, f)
    else:
        r = await _pg.transaction(target, f)
    if type(r) is Err and isinstance(r._0, str):
        if r._0.startswith("COMMIT: "):
            return Err("transaction: COMMIT failed: " + r._0[len("COMMIT: ") :])
        if r._0.startswith("BEGIN: "):
            return Err("transaction: BEGIN failed: " + r._0[len("BEGIN: ") :])
    return r
