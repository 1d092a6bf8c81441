"""`Repo.preload` and typed `Query.where` on `Option` fields against a real PostgreSQL
(spec 06 §3.10, §3.14). Preloading must cost one SELECT per association, whatever the number
of rows: the server's own per-table scan counters (pg_stat_user_tables) prove it, read once
every backend of the program has exited (a backend flushes its statistics when it ends).
"""

from __future__ import annotations

import time

from conftest import PROGRAMS, run_program
from pg_server import run_sql

WAIT = 15.0


def _expected(name: str) -> str:
    return (PROGRAMS / f"{name}.out").read_text(encoding="utf-8")


def _scans_after_backends_exit(url: str, tables: list[str]) -> dict[str, int]:
    """seq_scan + idx_scan per table, once no other backend is connected to the database."""
    deadline = time.monotonic() + WAIT
    while True:
        others = run_sql(
            url,
            [
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ],
        )
        if others[0].rows == [["0"]]:
            break
        assert time.monotonic() < deadline, "the program's connections did not go away"
        time.sleep(0.05)
    names = ", ".join(f"'{t}'" for t in tables)
    res = run_sql(
        url,
        [
            f"SELECT relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) "
            f"FROM pg_stat_user_tables WHERE relname IN ({names})"
        ],
    )[0]
    return {name: int(n) for name, n in res.rows}


def test_preload_batches_one_query_per_association(pg_programs, fresh_url):
    out, err = run_program(pg_programs("query_preload"), {"DATABASE_URL": fresh_url})
    assert out == _expected("query_preload")
    assert err == ""
    # authors: Repo.all + the belongs_to preload (twice: on the pool, then on the PgConn of a
    # transaction); posts: the has_many preload + Repo.all;
    # profiles: the has_one preload (the tables have no index, so a SELECT is one sequential
    # scan). An N+1 preload would scan once per row instead.
    assert _scans_after_backends_exit(fresh_url, ["authors", "posts", "profiles"]) == {
        "authors": 3,
        "posts": 2,
        "profiles": 1,
    }


def test_typed_where_on_option_fields(pg_programs, fresh_url):
    out, err = run_program(pg_programs("query_where_option"), {"DATABASE_URL": fresh_url})
    assert out == _expected("query_where_option")
    assert err == ""
