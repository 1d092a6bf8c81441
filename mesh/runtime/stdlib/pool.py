"""Mesh `Pool` module (spec 06 §3.4): a PostgreSQL connection pool (`PoolHandle`)."""

from __future__ import annotations

from ..pg.conn import PgConn, PgError
from ..pg.pool import Pool, PoolError
from ..pg.url import PgUrlError, parse_url
from ..values import Err, Ok
from . import pg as _pg

__all__ = ["open", "checkout", "checkin", "query", "execute", "query_as", "close"]


async def open(url: str, min_size: int, max_size: int, timeout_ms: int):  # noqa: A001
    try:
        params = parse_url(url)
    except PgUrlError as e:
        return Err(f"pool open: {e}")
    pool = Pool(params, min_size, max_size, timeout_ms)
    try:
        await pool.open_min()
    except PgError as e:
        return Err(f"pool open: {e}")
    return Ok(pool)


async def checkout(pool):
    if not isinstance(pool, Pool):
        return Err("not a connection pool")
    try:
        return Ok(await pool.checkout())
    except PoolError as e:
        return Err(str(e))


async def checkin(pool, conn) -> None:
    if isinstance(pool, Pool) and isinstance(conn, PgConn):
        await pool.checkin(conn)


async def _with_conn(pool, op, *args):
    r = await checkout(pool)
    if type(r) is not Ok:
        return r
    conn = r._0
    try:
        return await op(conn, *args)
    finally:
        await pool.checkin(conn)


async def query(pool, sql: str, params):
    return await _with_conn(pool, _pg.query, sql, params)


async def execute(pool, sql: str, params):
    return await _with_conn(pool, _pg.execute, sql, params)


async def query_as(pool, sql: str, params, f):
    return await _with_conn(pool, _pg.query_as, sql, params, f)


async def close(pool) -> None:
    if isinstance(pool, Pool):
        await pool.close()
