"""Static types of the sqlite database stdlib (spec 06 §3), same format as
`stdlib_types.SIGNATURES`; merged by `stdlib_types._merge_db_stdlib`.
Python implementation: `mesh.runtime.stdlib.sqlite` (docs/databases.md).

`SqliteConn` is an opaque handle type (unknown type names are opaque nominal types, so user
annotations such as `fn f(db :: SqliteConn) -> Int!String` check).
"""

from __future__ import annotations

SQLITE_MODULES: dict[str, str] = {"Sqlite": "sqlite"}

_ROWS = "List<Map<String, String>>"

SQLITE_SIGNATURES: dict[str, str] = {
    "Sqlite.open": "(String) -> Result<SqliteConn, String>",
    "Sqlite.close": "(SqliteConn) -> ()",
    "Sqlite.execute": "(SqliteConn, String, List<String>) -> Result<Int, String>",
    "Sqlite.query": f"(SqliteConn, String, List<String>) -> Result<{_ROWS}, String>",
    "Sqlite.begin": "(SqliteConn) -> Result<(), String>",
    "Sqlite.commit": "(SqliteConn) -> Result<(), String>",
    "Sqlite.rollback": "(SqliteConn) -> Result<(), String>",
}

SQLITE_OVERLOADS: dict[str, list[str]] = {}

# Every call runs SQLite in a worker thread (`trio.to_thread.run_sync`) under the
# connection's lock, so each one suspends the calling actor (spec 06 §4.5).
SQLITE_SUSPENDING: frozenset[str] = frozenset(SQLITE_SIGNATURES)
