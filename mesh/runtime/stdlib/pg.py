"""Mesh `Pg` module (spec 06 §3.3): one PostgreSQL connection. Every function that talks
to the server is a coroutine awaited by the calling actor's task (docs/postgres.md)."""

from __future__ import annotations

from ..coro import CORO_TYPE as _Coro
from ..pg.conn import PgConn, PgError, PgServerError, connect as _connect
from ..pg.url import PgUrlError, parse_url
from ..values import Err, MeshMap, Ok
from .pg_expr import (  # noqa: F401  (the Pg expression helpers of queries, spec 06 §3.9)
    __all__ as _expr_all,
    cast,
    crypt,
    gen_salt,
    int as int,  # noqa: F401, A004  (`Pg.int`; this module never calls int())
    jsonb,
    jsonb_contains,
    plainto_tsquery,
    text,
    timestamptz,
    to_tsvector,
    ts_rank,
    tsvector_matches,
    uuid,
)
from .pg_schema import (  # noqa: F401  (the Pg schema helpers of migrations, spec 06 §3.13)
    __all__ as _schema_all,
    create_daily_partitions_ahead,
    create_extension,
    create_gin_index,
    create_range_partitioned_table,
    drop_partition,
    list_daily_partitions_before,
)

__all__ = [
    "connect",
    "close",
    "execute",
    "query",
    "query_as",
    "begin",
    "commit",
    "rollback",
    "transaction",
    *_schema_all,
    *_expr_all,
]


def _rows(result) -> list:
    cols = result.columns
    return [MeshMap(zip(cols, ["" if v is None else v for v in row])) for row in result.rows]


def _conn_error(conn) -> Err | None:
    if not isinstance(conn, PgConn):
        return Err("not a PostgreSQL connection")
    return None


async def connect(url: str):
    try:
        params = parse_url(url)
    except PgUrlError as e:
        return Err(str(e))
    try:
        return Ok(await _connect(params))
    except PgError as e:
        return Err(str(e))


async def close(conn) -> None:
    if isinstance(conn, PgConn):
        await conn.close()


async def _run(conn, sql: str, params, structured: bool = True):
    """Ok(Result) or Err(text): the structured error string for server errors."""
    bad = _conn_error(conn)
    if bad is not None:
        return bad
    try:
        return Ok(await conn.run(sql, list(params) if params else None))
    except PgServerError as e:
        return Err(e.structured() if structured else e.message)
    except PgError as e:
        return Err(str(e))


async def execute(conn, sql: str, params):
    r = await _run(conn, sql, params)
    return Ok(r._0.affected) if type(r) is Ok else r


async def query(conn, sql: str, params):
    r = await _run(conn, sql, params)
    return Ok(_rows(r._0)) if type(r) is Ok else r


async def _apply_all(f, rows: list) -> list:
    out = []
    for row in rows:
        v = f(row)
        if type(v) is _Coro:
            v = await v
        out.append(v)
    return out


async def query_as(conn, sql: str, params, f):
    r = await query(conn, sql, params)
    if type(r) is not Ok:
        return r
    return Ok(await _apply_all(f, r._0))


async def _command(conn, sql: str):
    r = await _run(conn, sql, None, structured=False)
    return Ok(None) if type(r) is Ok else r


async def begin(conn):
    return await _command(conn, "BEGIN")


async def commit(conn):
    r = await _run(conn, "COMMIT", None, structured=False)
    if type(r) is not Ok:
        return r
    if r._0.tag == "ROLLBACK":  # COMMIT of a failed transaction rolls back
        return Err("current transaction was aborted; COMMIT rolled it back")
    return Ok(None)


async def rollback(conn):
    return await _command(conn, "ROLLBACK")


async def _call(f, conn):
    res = f(conn)
    if type(res) is _Coro:
        res = await res
    return res


async def _nested(conn: PgConn, f):
    """`Pg.transaction` on a connection already inside a transaction block (our choice; the
    spec covers the outermost one): a savepoint, so `Ok` keeps the callback's work inside the
    outer transaction and `Err` or a panic undoes only that work. This is what makes
    `Repo.transaction` usable inside a migration, which runs in one transaction."""
    conn.savepoint_depth += 1
    name = f"mesh_savepoint_{conn.savepoint_depth}"
    try:
        r = await _command(conn, f"SAVEPOINT {name}")
        if type(r) is not Ok:
            return Err(f"BEGIN: {r._0}")
        try:
            res = await _call(f, conn)
        except Exception:  # a Mesh panic (never trio.Cancelled, a BaseException)
            await _command(conn, f"ROLLBACK TO SAVEPOINT {name}")
            return Err("transaction aborted: panic in callback")
        if type(res) is Ok:
            c = await _command(conn, f"RELEASE SAVEPOINT {name}")
            if type(c) is Ok:
                return res
            await _command(conn, f"ROLLBACK TO SAVEPOINT {name}")
            return Err(f"COMMIT: {c._0}")
        await _command(conn, f"ROLLBACK TO SAVEPOINT {name}")
        return res
    finally:
        conn.savepoint_depth -= 1


async def transaction(conn, f):
    """BEGIN; f(conn); Ok → COMMIT, Err → ROLLBACK and that Err, panic → ROLLBACK and
    `transaction aborted: panic in callback` (spec 06 §3.3). Inside a transaction block:
    a savepoint (`_nested`)."""
    if isinstance(conn, PgConn) and conn.status == "T":
        return await _nested(conn, f)
    r = await begin(conn)
    if type(r) is not Ok:
        return Err(f"BEGIN: {r._0}")
    try:
        res = await _call(f, conn)
    except Exception:  # a Mesh panic (never trio.Cancelled, a BaseException)
        await rollback(conn)
        return Err("transaction aborted: panic in callback")
    if type(res) is Ok:
        c = await commit(conn)
        if type(c) is Ok:
            return res
        if isinstance(conn, PgConn) and conn.in_transaction:
            await rollback(conn)
        return Err(f"COMMIT: {c._0}")
    await rollback(conn)
    return res
