"""Static types of the PostgreSQL stdlib (spec 06 §3.3–§3.5): `Pg`, `Pool`, `Postgres`.
Same format as `stdlib_types.SIGNATURES`; merged by `stdlib_types._merge_db_stdlib`.
Python implementations: `mesh.runtime.stdlib.{pg,pool,postgres}` (docs/postgres.md).

`PgConn` and `PoolHandle` are opaque handle types (unknown type names are opaque nominal
types, so user annotations such as `fn up(pool :: PoolHandle) -> Int!String` check).
"""

from __future__ import annotations

PG_MODULES: dict[str, str] = {"Pg": "pg", "Pool": "pool", "Postgres": "postgres"}

_ROWS = "List<Map<String, String>>"

_PG: dict[str, str] = {
    "connect": "(String) -> Result<PgConn, String>",
    "close": "(PgConn) -> ()",
    "execute": "(PgConn, String, List<String>) -> Result<Int, String>",
    "query": f"(PgConn, String, List<String>) -> Result<{_ROWS}, String>",
    "query_as": "<T>(PgConn, String, List<String>, Fun(Map<String, String>) -> Result<T, String>)"
    " -> Result<List<Result<T, String>>, String>",
    "begin": "(PgConn) -> Result<(), String>",
    "commit": "(PgConn) -> Result<(), String>",
    "rollback": "(PgConn) -> Result<(), String>",
    "transaction": "<T>(PgConn, Fun(PgConn) -> Result<T, String>) -> Result<T, String>",
}

PG_SIGNATURES: dict[str, str] = {
    **{f"Pg.{name}": sig for name, sig in _PG.items()},
    **{f"Postgres.{name}": sig for name, sig in _PG.items()},
    "Postgres.open": "(String) -> PoolHandle",
    "Pool.open": "(String, Int, Int, Int) -> Result<PoolHandle, String>",
    "Pool.checkout": "(PoolHandle) -> Result<PgConn, String>",
    "Pool.checkin": "(PoolHandle, PgConn) -> ()",
    "Pool.query": f"(PoolHandle, String, List<String>) -> Result<{_ROWS}, String>",
    "Pool.execute": "(PoolHandle, String, List<String>) -> Result<Int, String>",
    "Pool.query_as": "<T>(PoolHandle, String, List<String>, "
    "Fun(Map<String, String>) -> Result<T, String>) "
    "-> Result<List<Result<T, String>>, String>",
    "Pool.close": "(PoolHandle) -> ()",
}


def _on_pool(sig: str) -> str:
    return sig.replace("(PgConn,", "(PoolHandle,", 1)


# The seed uses the `Postgres.open` pool directly: `Postgres.query/execute/query_as/
# transaction` accept a `PoolHandle` too (the transaction callback still gets a `PgConn`).
PG_OVERLOADS: dict[str, list[str]] = {
    f"Postgres.{name}": [_PG[name], _on_pool(_PG[name])]
    for name in ("execute", "query", "query_as", "transaction")
}

PG_SUSPENDING: frozenset[str] = frozenset(
    {f"Pg.{name}" for name in _PG}
    | {f"Postgres.{name}" for name in _PG}
    | {
        f"Pool.{name}"
        for name in ("open", "checkout", "checkin", "query", "execute", "query_as", "close")
    }
)
