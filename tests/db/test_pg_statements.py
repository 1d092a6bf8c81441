"""The per-connection prepared-statement cache (mesh/runtime/pg/statements.py) and the pool's
quick liveness check, against the real server: statements are parsed once and reused, bad
SQL is never cached, error texts read as for unnamed statements, invalidated statements
are re-parsed transparently outside a transaction, the cache is bounded, and a terminated
backend shows as pending input."""

from __future__ import annotations

import trio

from mesh.runtime.pg.conn import PgServerError, connect
from mesh.runtime.pg.pool import Pool
from mesh.runtime.pg.statements import StatementCache
from mesh.runtime.pg.url import parse_url


def run(fn, *args, limit: float = 30):
    async def bounded():
        with trio.fail_after(limit):
            return await fn(*args)

    return trio.run(bounded)


async def prepared(conn) -> list[str]:
    # the `;` keeps this statement itself on the simple protocol, out of the cache
    r = await conn.run("SELECT statement FROM pg_prepared_statements ORDER BY statement;")
    return [row[0] for row in r.rows]


def test_a_statement_is_parsed_once_and_reused(fresh_url):
    async def go():
        conn = await connect(parse_url(fresh_url))
        try:
            sql = "SELECT $1::int + 1 AS n"
            for i in range(5):
                assert (await conn.run(sql, [str(i)])).rows == [[str(i + 1)]]
            assert list(conn.statements.entries) == [sql]
            assert await prepared(conn) == [sql]
            with_params = "SELECT statement FROM pg_prepared_statements WHERE statement = $1"
            assert (await conn.run(with_params, [sql])).rows == [[sql]]
            # statements without parameters are cached too, unless they contain `;`
            # (possibly several statements: simple protocol)
            assert (await conn.run("SELECT 40 + 2 AS n")).rows == [["42"]]
            assert (await conn.run("SELECT 40 + 2 AS n")).columns == ["n"]
            multi = await conn.run("CREATE TABLE m (a int); INSERT INTO m VALUES (1), (2)")
            assert multi.affected == 2
            assert "SELECT 40 + 2 AS n" in conn.statements.entries
            assert not any(";" in k for k in conn.statements.entries)
        finally:
            await conn.close()

    run(go)


def test_bad_sql_is_not_cached_and_errors_read_as_unnamed(fresh_url):
    async def go():
        conn = await connect(parse_url(fresh_url))
        try:
            for _ in range(2):
                try:
                    await conn.run("SELEC $1", ["1"])
                except PgServerError as e:
                    assert e.error.sqlstate == "42601"
                else:
                    raise AssertionError("syntax error expected")
            assert conn.statements.entries == {}
            sql = "SELECT $1::int AS n"
            await conn.run(sql, ["1"])
            try:
                await conn.run(sql, ["1", "2"])  # cached statement, wrong arity
            except PgServerError as e:
                assert e.message == (
                    'bind message supplies 2 parameters, but prepared statement "" requires 1'
                )
            else:
                raise AssertionError("bind error expected")
            assert (await conn.run(sql, ["7"])).rows == [["7"]]
        finally:
            await conn.close()

    run(go)


def test_invalidated_statements_are_parsed_again(fresh_url):
    async def go():
        conn = await connect(parse_url(fresh_url))
        try:
            await conn.run("CREATE TABLE t (a int)")
            await conn.run("INSERT INTO t VALUES (1)")
            star = "SELECT * FROM t WHERE a = $1"
            assert (await conn.run(star, ["1"])).columns == ["a"]
            await conn.run("DEALLOCATE ALL")  # the server forgets every statement
            assert (await conn.run(star, ["1"])).rows == [["1"]]
            await conn.run("ALTER TABLE t ADD COLUMN b text DEFAULT 'x'")  # result type changes
            r = await conn.run(star, ["1"])
            assert (r.columns, r.rows) == (["a", "b"], [["1", "x"]])
            # inside a transaction a retry is impossible: the error surfaces (and aborts it)
            await conn.run("BEGIN")
            await conn.run("ALTER TABLE t ADD COLUMN c int DEFAULT 3")
            try:
                await conn.run(star, ["1"])
            except PgServerError as e:
                assert e.error.sqlstate == "0A000"
            else:
                raise AssertionError("cached plan error expected inside the transaction")
            await conn.run("ROLLBACK")
            await conn.run("ALTER TABLE t ADD COLUMN c int DEFAULT 3")
            assert (await conn.run(star, ["1"])).rows == [["1", "x", "3"]]
        finally:
            await conn.close()

    run(go)


def test_the_cache_is_bounded(fresh_url):
    async def go():
        conn = await connect(parse_url(fresh_url))
        conn.statements = StatementCache(size=3)
        try:
            for i in range(10):
                await conn.run(f"SELECT $1::int + {i}", ["1"])
            assert len(conn.statements.entries) == 3
            # evicted statements are closed in front of the next request with parameters,
            # so the server holds the cached ones plus at most the one awaiting its Close
            assert len(await prepared(conn)) == 4
            await conn.run("SELECT $1::int + 100", ["1"])
            on_server = await prepared(conn)
            assert len(on_server) == 4 and set(conn.statements.entries) < set(on_server)
            assert "SELECT $1::int + 6" not in on_server
        finally:
            await conn.close()

    run(go)


def test_terminated_backend_shows_as_pending_input(fresh_url, pg_base_url):
    async def go():
        pool = Pool(parse_url(fresh_url), 0, 2, 5000)
        admin = await connect(parse_url(pg_base_url))
        try:
            conn = await pool.checkout()
            assert not conn.has_pending_input()
            pid = (await conn.run("SELECT pg_backend_pid()")).rows[0][0]
            await pool.checkin(conn)
            await admin.run("SELECT pg_terminate_backend($1::int)", [pid])
            with trio.fail_after(30):  # the FATAL message, then end of stream
                while not conn.has_pending_input():
                    await trio.sleep(0.01)
            again = await pool.checkout()  # the quick check drops it: a new backend
            assert again is not conn
            assert (await again.run("SELECT pg_backend_pid()")).rows[0][0] != pid
            await pool.checkin(again)
        finally:
            await admin.close()
            await pool.close()

    run(go)


def test_large_payloads_cross_the_direct_socket(fresh_url):
    """A parameter larger than the socket buffers (the send waits for writability) and a
    result arriving in many reads, on the direct-I/O path of plain TCP connections."""
    from mesh.runtime.pg.direct import DirectSocket

    async def go():
        conn = await connect(parse_url(fresh_url + "?sslmode=disable"))
        try:
            assert isinstance(conn._wire, DirectSocket)
            big = "x" * (8 << 20)
            r = await conn.run("SELECT length($1::text) AS n, md5($1::text) AS h", [big])
            import hashlib

            assert r.rows == [[str(len(big)), hashlib.md5(big.encode()).hexdigest()]]
            r = await conn.run("SELECT repeat('y', 4000000) AS s, $1::int AS i", ["5"])
            assert len(r.rows[0][0]) == 4_000_000 and r.rows[0][1] == "5"
        finally:
            await conn.close()
        assert conn.closed

    run(go)
