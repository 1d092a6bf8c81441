"""Mesh `Postgres` module (spec 06 §3.5): `Postgres.open(url)` gives a lazily connecting
pool; every `Pg.f` is also `Postgres.f`. `query`/`execute`/`query_as`/`transaction` also
accept a `PoolHandle` (checkout, run, checkin), so the seed's pool works with them too."""

from __future__ import annotations

from ..pg.pool import Pool
from ..pg.url import PgUrlError, parse_url
from ..values import MeshPanic
from . import pg as _pg, pool as _pool
from .pg import begin, close, commit, connect, rollback  # noqa: F401

__all__ = [
    "open",
    "connect",
    "close",
    "execute",
    "query",
    "query_as",
    "begin",
    "commit",
    "rollback",
    "transaction",
]


def open(url: str) -> Pool:  # noqa: A001
    try:
        params = parse_url(url)
    except PgUrlError as e:
        raise MeshPanic(f"Postgres.open: {e}") from None
    return Pool(params, 0, 10, 5000)


async def execute(target, sql: str, params):
    if isinstance(target, Pool):
        return await _pool.execute(target, sql, params)
    return await _pg.execute(target, sql, params)


async def query(target, sql: str, params):
    if isinstance(target, Pool):
        return await _pool.query(target, sql, params)
    return await _pg.query(target, sql, params)


async def query_as(target, sql: str, params, f):
    if isinstance(target, Pool):
        return await _pool.query_as(target, sql, params, f)
    return await _pg.query_as(target, sql, params, f)


async def transaction(target, f):
    if isinstance(target, Pool):
        return await _pool._with_conn(target, _pg.transaction, f)
    return await _pg.transaction(target, f)
