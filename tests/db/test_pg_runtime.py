"""The PostgreSQL runtime (mesh/runtime/pg, mesh/runtime/stdlib/{pg,pool}) driven from
Python under Trio against the real server: cancellation closes a connection instead of
reusing it, one connection shared by many tasks, pool sizing rules and accounting."""

from __future__ import annotations

import trio
import trio.testing

from mesh.runtime.pg.pool import Pool
from mesh.runtime.pg.url import parse_url
from mesh.runtime.stdlib import pg, pool
from mesh.runtime.values import Err, Ok


def run(fn, *args, limit: float = 20):
    async def bounded():
        with trio.fail_after(limit):
            return await fn(*args)

    return trio.run(bounded)


def test_cancelled_query_closes_connection(pg_base_url):
    async def go():
        conn = (await pg.connect(pg_base_url))._0
        with trio.move_on_after(0.2) as scope:
            await pg.query(conn, "SELECT pg_sleep(5)", [])
        assert scope.cancelled_caught
        assert conn.closed
        assert await pg.query(conn, "SELECT 1", []) == Err("connection is closed")
        await pg.close(conn)  # no-op

    run(go, limit=10)


def test_one_connection_shared_by_many_tasks(pg_base_url):
    async def go():
        conn = (await pg.connect(pg_base_url))._0
        results = {}

        async def one(i):
            r = await pg.query(conn, "SELECT $1::int * 3 AS v, pg_sleep(0.01)", [str(i)])
            results[i] = r._0[0].get("v")

        async with trio.open_nursery() as nursery:
            for i in range(20):
                nursery.start_soon(one, i)
        await pg.close(conn)
        return results

    assert run(go) == {i: str(i * 3) for i in range(20)}


def test_pool_normalisation():
    p = Pool(parse_url("postgres://u@h/d"), -3, 0, 5)
    assert (p.min_size, p.max_size, p.timeout) == (0, 1, 0.1)
    p = Pool(parse_url("postgres://u@h/d"), 4, 2, 2500)
    assert (p.min_size, p.max_size, p.timeout) == (4, 4, 2.5)


def test_pool_opens_min_and_counts(pg_base_url):
    async def go():
        r = await pool.open(pg_base_url, 2, 3, 1000)
        assert type(r) is Ok
        p = r._0
        assert (p.count, len(p.idle)) == (2, 2)
        conns = [(await pool.checkout(p))._0 for _ in range(3)]
        assert (p.count, len(p.idle)) == (3, 0)
        assert await pool.checkout(p) == Err("pool checkout timeout")
        # a checkout cancelled mid-query loses its connection; the pool opens a new one
        with trio.move_on_after(0.2):
            await pg.query(conns[0], "SELECT pg_sleep(5)", [])
        await pool.checkin(p, conns[0])
        assert p.count == 2
        c = (await pool.checkout(p))._0
        assert p.count == 3 and not c.closed
        for conn in [c, *conns[1:]]:
            await pool.checkin(p, conn)
        assert (p.count, len(p.idle)) == (3, 3)
        await pool.close(p)
        assert (p.count, len(p.idle)) == (0, 0)
        assert await pool.query(p, "SELECT 1", []) == Err("pool is closed")

    run(go, limit=20)


def test_pool_close_wakes_waiters(pg_base_url):
    async def go():
        p = (await pool.open(pg_base_url, 0, 1, 10_000))._0
        held = (await pool.checkout(p))._0
        got = []

        async def waiter():
            got.append(await pool.checkout(p))

        async with trio.open_nursery() as nursery:
            nursery.start_soon(waiter)
            await trio.testing.wait_all_tasks_blocked()  # the waiter is parked in checkout
            await pool.close(p)
        assert got == [Err("pool is closed")]
        await pool.checkin(p, held)
        assert held.closed and p.count == 0

    run(go, limit=10)


def test_round_trip_time(pg_base_url, record_property):
    """Not a benchmark gate: records the mean extended-protocol round trip."""

    async def go():
        conn = (await pg.connect(pg_base_url))._0
        start = trio.current_time()
        for i in range(100):
            await pg.query(conn, "SELECT $1::int AS n", [str(i)])
        elapsed = trio.current_time() - start
        await pg.close(conn)
        return elapsed / 100

    mean = run(go)
    record_property("pg_round_trip_ms", round(mean * 1000, 3))
    assert mean < 1.0
