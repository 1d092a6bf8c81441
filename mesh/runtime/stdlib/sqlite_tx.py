"""Transaction ownership for shared SQLite connections (docs/databases.md, "Transactions").

A connection may be shared by any number of actors, but a SQLite transaction belongs to the
connection, not to a caller: without care, actor B's `Ok` inserts would run inside actor A's
open transaction and be discarded by A's `rollback`, or never committed if A dies. So the
transaction is owned by the process that opened it (whatever opened it: `Sqlite.begin`,
`execute("BEGIN IMMEDIATE")`, a `SAVEPOINT`): while it is open, calls from other processes
on that connection wait until it ends, and when the owner exits with the transaction still
open (panic, kill, or just returning) it is rolled back so the waiters proceed.

Ownership is read from SQLite itself after every call (`Connection.in_transaction`), so a
`COMMIT` that fails (busy) keeps the owner, and a `ROLLBACK` run by `execute` ends it.
Outside any Mesh process (runtime code, Python tests) the owner is the current Trio task;
such owners are never reaped.
"""

from __future__ import annotations

import trio as _trio

from ..actors.context import current_proc as _current_proc
from ..actors.process import Proc as _Proc


def caller():
    """The identity that owns a transaction: the current Mesh process, else the Trio task."""
    p = _current_proc.get()
    return p if p is not None else _trio.lowlevel.current_task()


def _alive(owner) -> bool:
    return owner.alive if type(owner) is _Proc else True


async def acquire(conn, me) -> None:
    """Take `conn.lock` for `me`, first waiting until no other caller's transaction is open
    (a dead owner's transaction is rolled back here). Returns with the lock held."""
    lock = conn.lock
    while True:
        await lock.acquire()
        owner = conn.owner
        if owner is None or owner is me:
            return
        if not _alive(owner):
            try:
                await _reap(conn)
            except BaseException:
                lock.release()
                raise
            return
        done = conn.tx_done
        lock.release()
        await done.wait()


def track(conn, me) -> None:
    """After a call by `me` (lock held): record who owns the transaction now open on the
    connection, or end the ownership when no transaction is open any more."""
    db = conn.db
    if db is not None and db.in_transaction:
        if conn.owner is None:
            conn.owner = me
            conn.tx_done = _trio.Event()
            if type(me) is _Proc:
                cb = conn.on_exit_cb
                if me.on_exit is None:
                    me.on_exit = [cb]
                else:
                    me.on_exit.append(cb)
    elif conn.owner is not None:
        end(conn)


def end(conn) -> None:
    """The owned transaction is over (committed, rolled back, or the connection closed):
    forget the owner and wake every caller waiting for it."""
    owner = conn.owner
    conn.owner = None
    if type(owner) is _Proc and owner.on_exit is not None:
        try:
            owner.on_exit.remove(conn.on_exit_cb)
        except ValueError:
            pass
    conn.tx_done.set()


def owner_exited(conn, proc, reason) -> None:
    """`Proc.on_exit` callback: the owner ended with its transaction open. Roll it back now
    (not at the next call), since it also holds the database file's write lock against
    other connections and processes."""
    if conn.owner is not proc:
        return
    nursery = proc.node.sys_nursery
    if nursery is not None:
        nursery.start_soon(_reap_when_free, conn)


async def _reap_when_free(conn) -> None:
    async with conn.lock:
        owner = conn.owner
        if owner is not None and not _alive(owner):
            await _reap(conn)


async def _reap(conn) -> None:
    """Roll back a dead owner's transaction (lock held). Shielded: the waiters depend on it,
    whatever happens to the caller that does it."""
    with _trio.CancelScope(shield=True):
        db = conn.db
        if db is not None and db.in_transaction:
            try:
                await _trio.to_thread.run_sync(_rollback_sync, db)
            except Exception:  # noqa: BLE001 - the connection may be unusable; close() tells
                pass
        end(conn)


def _rollback_sync(db) -> None:
    db.execute("ROLLBACK").close()
