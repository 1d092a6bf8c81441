"""Per-query cost of one `SELECT … WHERE id = $1` on one connection, sequentially, for
bench/db.py: our protocol client sending an unnamed statement every time (Parse + Bind +
Describe + Execute + Sync: what `Pg.query` did before the statement cache), our client as
`Pg.query` uses it now (`PgConn.run`: the per-connection cache of named prepared statements,
so Bind + Describe + Execute + Sync), and asyncpg (`fetchrow`, which also caches prepared
statements per connection).
Usage: query_overhead.py unnamed|cached|asyncpg URL N → prints "<wall µs> <client CPU µs>"
per query (CPU time of this process only: the client's own cost, whatever the load)."""

from __future__ import annotations

import sys
import time

SQL = "SELECT id, randomnumber FROM world WHERE id = $1"


def per_query(wall0: float, cpu0: float, n: int) -> tuple[float, float]:
    return ((time.perf_counter() - wall0) / n * 1e6, (time.process_time() - cpu0) / n * 1e6)


async def ours(url: str, n: int, cached: bool) -> tuple[float, float]:
    from mesh.runtime.pg import protocol as P
    from mesh.runtime.pg.conn import connect
    from mesh.runtime.pg.url import parse_url

    conn = await connect(parse_url(url))
    try:
        if cached:

            async def one(i: int) -> None:
                r = await conn.run(SQL, [str(i)])
                assert len(r.rows) == 1
        else:

            async def one(i: int) -> None:
                ex = P.Exchange()
                async with conn._lock:
                    await conn._drive(ex, P.extended_query(SQL, [str(i)]))
                assert ex.error is None and len(ex.rows) == 1

        for i in range(200):  # warm-up
            await one(i % 10000 + 1)
        t, c = time.perf_counter(), time.process_time()
        for i in range(n):
            await one(i % 10000 + 1)
        return per_query(t, c, n)
    finally:
        await conn.close()


async def with_asyncpg(url: str, n: int) -> tuple[float, float]:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        for i in range(200):
            await conn.fetchrow(SQL, i % 10000 + 1)
        t, c = time.perf_counter(), time.process_time()
        for i in range(n):
            row = await conn.fetchrow(SQL, i % 10000 + 1)
            assert row is not None
        return per_query(t, c, n)
    finally:
        await conn.close()


def main() -> None:
    kind, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if kind == "asyncpg":
        import asyncio

        wall, cpu = asyncio.run(with_asyncpg(url, n))
    else:
        import trio

        wall, cpu = trio.run(ours, url, n, kind == "cached")
    print(f"{wall:.1f} {cpu:.1f}")


if __name__ == "__main__":
    main()
