"""A `PoolHandle` over one connection that stays inside one transaction: what a migration's
`up`/`down` receives from `mesh migrate` (mesh/runtime/migration_step.py), so that every
statement of the migration, and the `_mesh_migrations` row recording it, commit together."""

from __future__ import annotations

from .conn import PgConn
from .pool import Pool, PoolError


class TransactionPool(Pool):
    """Checkout hands out the one connection (PgConn serialises statements, so actors of the
    migration may share it); checkin keeps its transaction open; close leaves it to the owner."""

    def __init__(self, conn: PgConn, timeout_ms: int = 5000) -> None:
        super().__init__(conn.params, 1, 1, timeout_ms)
        self.conn = conn
        self.count = 1

    async def open_min(self) -> None:
        return None

    async def checkout(self) -> PgConn:
        if self.conn.closed:
            raise PoolError("pool connect: connection is closed")
        return self.conn

    async def checkin(self, conn: PgConn) -> None:
        return None

    async def close(self) -> None:
        return None
