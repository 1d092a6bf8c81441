"""The connection pool of spec 06 §3.4 (Mesh `PoolHandle`), shared by any number of actors.

State: the idle list (most recently returned first out), `count` (open connections,
idle or checked out, including ones being opened), the set of checked-out connections and a
`trio.lowlevel.ParkingLot` of waiting checkouts (what `trio.Condition` uses inside; parking
needs no lock because state checks and `park()` run without a checkpoint between them).
"""

from __future__ import annotations

import trio

from .conn import PgConn, PgError, PgServerError, connect
from .url import ConnParams

# A connection checked in less than this many seconds ago is checked at checkout without a
# round trip: it is healthy when the server sent nothing since (a backend that is terminated
# sends an error and closes, which shows as pending input). Older ones get `SELECT 1`.
QUICK_CHECK_SECONDS = 1.0


class PoolError(Exception):
    """`str(e)` is the spec's text: `pool is closed`, `pool connect: …`,
    `pool checkout timeout`."""


class Pool:
    def __init__(self, params: ConnParams, min_size: int, max_size: int, timeout_ms: int) -> None:
        self.params = params
        self.min_size = max(min_size, 0)
        self.max_size = max(max_size, self.min_size, 1)
        self.timeout = max(timeout_ms, 100) / 1000.0
        self.idle: list[PgConn] = []
        self.busy: set[int] = set()
        self.count = 0
        self.closed = False
        self._waiters = trio.lowlevel.ParkingLot()

    def __repr__(self) -> str:
        p = self.params
        return (
            f"<PoolHandle {p.host}:{p.port}/{p.database} open={self.count} "
            f"idle={len(self.idle)}{' closed' if self.closed else ''}>"
        )

    async def open_min(self) -> None:
        """Opens `min_size` connections (Pool.open); on failure closes what was opened."""
        try:
            while self.count < self.min_size:
                self.count += 1
                try:
                    conn = await connect(self.params)
                except BaseException:
                    self.count -= 1
                    raise
                conn.pool = self
                self.idle.append(conn)
        except BaseException:
            await self.close()
            raise

    def _drop(self, conn: PgConn) -> None:
        conn._abort()
        self.count -= 1
        self._waiters.unpark()

    async def _healthy(self, conn: PgConn) -> bool:
        if (
            trio.current_time() - conn.idle_since < QUICK_CHECK_SECONDS
            and not conn.has_pending_input()
        ):
            return True
        try:
            with trio.fail_after(self.timeout):
                await conn.run("SELECT 1")
        except (PgError, PgServerError, trio.TooSlowError):
            return False
        return not conn.closed

    async def checkout(self) -> PgConn:
        deadline = trio.current_time() + self.timeout
        while True:
            if self.closed:
                raise PoolError("pool is closed")
            while self.idle:
                conn = self.idle.pop()
                try:
                    healthy = await self._healthy(conn)
                except BaseException:
                    self._drop(conn)
                    raise
                if self.closed:
                    self._drop(conn)
                    raise PoolError("pool is closed")
                if healthy:
                    self.busy.add(id(conn))
                    return conn
                self._drop(conn)
            if self.count < self.max_size:
                self.count += 1
                try:
                    conn = await connect(self.params)
                except PgError as e:
                    self.count -= 1
                    self._waiters.unpark()
                    raise PoolError(f"pool connect: {e}") from e
                except BaseException:
                    self.count -= 1
                    self._waiters.unpark()
                    raise
                conn.pool = self
                if self.closed:
                    self.count -= 1
                    await conn.close()
                    raise PoolError("pool is closed")
                self.busy.add(id(conn))
                return conn
            if trio.current_time() >= deadline:
                raise PoolError("pool checkout timeout")
            with trio.move_on_at(deadline):
                await self._waiters.park()

    async def checkin(self, conn: PgConn) -> None:
        if id(conn) not in self.busy:
            return  # not ours, or already checked in
        self.busy.discard(id(conn))
        if conn.closed:
            self._drop(conn)
            return
        if self.closed:
            self.count -= 1
            await conn.close()
            return
        if conn.in_transaction:
            try:
                await conn.run("ROLLBACK")
            except (PgError, PgServerError):
                self._drop(conn)
                return
            except BaseException:
                self._drop(conn)
                raise
            if conn.in_transaction:
                self._drop(conn)
                return
        conn.idle_since = trio.current_time()
        self.idle.append(conn)
        self._waiters.unpark()

    async def close(self) -> None:
        self.closed = True
        idle, self.idle = self.idle, []
        self.count -= len(idle)
        self._waiters.unpark_all()
        for conn in idle:
            await conn.close()
