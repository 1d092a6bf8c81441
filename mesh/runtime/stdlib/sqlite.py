"""Mesh `Sqlite` module (spec 06 §3.1, §3.2, §4.5; docs/databases.md).

Each connection is a `sqlite3.Connection` opened in autocommit mode
(`isolation_level=None`: only explicit `BEGIN`/`COMMIT`/`ROLLBACK`), usable from any thread
(`check_same_thread=False`) and waiting up to 5 s on a busy database (`timeout=5.0`). Every
call runs in `trio.to_thread.run_sync` while holding the connection's `trio.Lock`, so one
connection is used by one thread at a time and the event loop never blocks: a database call
suspends only the calling actor. All functions are coroutine functions (listed in
`SQLITE_SUSPENDING`). An open transaction belongs to the process that began it: other
processes' calls on the connection wait for it to end (`sqlite_tx`).

Values cross the boundary as text: parameters are bound as `TEXT`, result values are
converted by `value_text` (`NULL` → `""`, reals in SQLite's own `CAST(x AS TEXT)` form).
"""

from __future__ import annotations

import sqlite3 as _sqlite3
from functools import partial as _partial

import trio as _trio

from ..values import Err as _Err, MeshMap as _MeshMap, Ok as _Ok
from . import sqlite_tx as _tx

__all__ = [
    "open",
    "close",
    "execute",
    "query",
    "begin",
    "commit",
    "rollback",
    "SqliteConn",
    "float_text",
    "value_text",
]

CLOSED = "Cannot operate on a closed database."
SQL_NUL = "SQL contains null byte"
PATH_NUL = "path contains null byte"
PARAM_NUL = "parameter contains null byte"

_INF = float("inf")


class SqliteConn:
    """The opaque `SqliteConn` handle. `db` is None once closed. `owner` is the process
    (or Trio task) whose transaction is open, `tx_done` the event set when it ends, and
    `on_exit_cb` the callback put on the owner's `Proc.on_exit` (see `sqlite_tx`)."""

    __slots__ = ("db", "lock", "path", "owner", "tx_done", "on_exit_cb")

    def __init__(self, db: _sqlite3.Connection, path: str) -> None:
        self.db: _sqlite3.Connection | None = db
        self.lock = _trio.Lock()
        self.path = path
        self.owner = None
        self.tx_done: _trio.Event | None = None
        self.on_exit_cb = _partial(_tx.owner_exited, self)

    def _mesh_display(self) -> str:
        return f"SqliteConn({self.path})"

    _mesh_debug = _mesh_display

    def __repr__(self) -> str:
        return self._mesh_display()


# --------------------------------------------------------------------------------------
# Value → text (spec 06 §3.1)


def float_text(x: float) -> str:
    """A real in SQLite's text form (what `CAST(x AS TEXT)` gives): `%.15g`, with `.0`
    inserted when the mantissa has no `.` (`710.0`, `1.0e+20`); `Inf` / `-Inf`. SQLite
    prints no sign for zero (`-0.0` → `0.0`) and stores NaN as NULL (→ `""`)."""
    if x != x:
        return ""
    if x == _INF:
        return "Inf"
    if x == -_INF:
        return "-Inf"
    if x == 0.0:
        return "0.0"
    s = "%.15g" % x
    mant, e, exp = s.partition("e")
    if "." not in mant:
        mant += ".0"
    return mant + "e" + exp if e else mant


def value_text(v) -> str:
    """One result value as text. TEXT values arrive as `bytes` (the connection's
    `text_factory`), so invalid UTF-8 in TEXT or BLOB values becomes U+FFFD."""
    t = type(v)
    if t is bytes:
        return v.decode("utf-8", "replace")
    if t is int:
        return str(v)
    if v is None:
        return ""
    if t is float:
        return float_text(v)
    if t is str:
        return v
    return str(v)


# --------------------------------------------------------------------------------------
# Worker-thread bodies (run with the connection lock held)


def _open_sync(path: str) -> _sqlite3.Connection:
    db = _sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5.0)
    db.text_factory = bytes
    return db


def _run_sync(db: _sqlite3.Connection, sql: str, params: list) -> tuple[list[str], list]:
    cur = db.execute(sql, params)
    try:
        rows = cur.fetchall()
        desc = cur.description
    finally:
        cur.close()
    names = [d[0] for d in desc] if desc else []
    return names, rows


def _execute_sync(db: _sqlite3.Connection, sql: str, params: list) -> int:
    _run_sync(db, sql, params)  # runs the statement to completion (drains RETURNING rows)
    return db.execute("SELECT changes()").fetchone()[0]


def _query_sync(db: _sqlite3.Connection, sql: str, params: list) -> list:
    names, rows = _run_sync(db, sql, params)
    vt = value_text
    return [_MeshMap(zip(names, map(vt, row))) for row in rows]


def _command_sync(db: _sqlite3.Connection, sql: str) -> None:
    db.execute(sql).close()


def _error(e: BaseException) -> _Err:
    return _Err(str(e) or type(e).__name__)


async def _call(conn, fn, *args):
    """Run `fn(db, *args)` in a worker thread under the connection lock, once no other
    process's transaction is open on it; Ok/Err."""
    if not isinstance(conn, SqliteConn):
        return _Err("not a SQLite connection")
    me = _tx.caller()
    await _tx.acquire(conn, me)
    try:
        db = conn.db
        if db is None:
            return _Err(CLOSED)
        try:
            return _Ok(await _trio.to_thread.run_sync(fn, db, *args))
        except (_sqlite3.Error, _sqlite3.Warning, ValueError, OverflowError, MemoryError) as e:
            return _error(e)
    finally:
        # Also when cancelled (the thread still ran): a BEGIN that ran must get its owner.
        _tx.track(conn, me)
        conn.lock.release()


def _check(sql: str, params) -> _Err | None:
    if "\0" in sql:
        return _Err(SQL_NUL)
    for p in params:
        if "\0" in p:
            return _Err(PARAM_NUL)
    return None


# --------------------------------------------------------------------------------------
# Mesh surface


async def open(path: str):  # noqa: A001 - the Mesh name is `Sqlite.open`
    if "\0" in path:
        return _Err(PATH_NUL)
    try:
        db = await _trio.to_thread.run_sync(_open_sync, path)
    except (_sqlite3.Error, _sqlite3.Warning, ValueError, OSError) as e:
        return _error(e)
    return _Ok(SqliteConn(db, path))


async def close(conn) -> None:
    """Closes the connection (after another process's open transaction ends; the caller's
    own open transaction is rolled back); closing twice is a no-op (our choice)."""
    if not isinstance(conn, SqliteConn):
        return None
    await _tx.acquire(conn, _tx.caller())
    try:
        db, conn.db = conn.db, None
        if db is not None:
            await _trio.to_thread.run_sync(db.close)
    finally:
        if conn.owner is not None:
            _tx.end(conn)  # waiters wake up and get CLOSED
        conn.lock.release()
    return None


async def execute(conn, sql: str, params):
    """Runs one statement; `Ok(changes())` afterwards (spec 06 §3.2)."""
    params = list(params)
    bad = _check(sql, params)
    if bad is not None:
        return bad
    return await _call(conn, _execute_sync, sql, params)


async def query(conn, sql: str, params):
    """Runs one statement; `Ok` of every row as a `Map<String, String>`."""
    params = list(params)
    bad = _check(sql, params)
    if bad is not None:
        return bad
    return await _call(conn, _query_sync, sql, params)


async def begin(conn):
    return await _call(conn, _command_sync, "BEGIN")


async def commit(conn):
    return await _call(conn, _command_sync, "COMMIT")


async def rollback(conn):
    return await _call(conn, _command_sync, "ROLLBACK")
