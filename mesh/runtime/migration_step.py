"""One step of `mesh migrate` (spec 08 §11, 06 §3.13), run as its own program:

    python -m mesh.runtime.migration_step <py dir> <python module> <mesh module> up|down
                                          <version> <name> <result file>

`<py dir>` holds the migration compiled by mesh/tooling/migrate.py. The step connects to
`DATABASE_URL`, opens a transaction, calls the migration's `up` (or `down`) with a
`TransactionPool` on that connection, records (`up`) or deletes (`down`) the version in
`_mesh_migrations` in the same transaction and commits. Any failure rolls everything back,
so a failing migration leaves the schema and the tracking table as they were.

The outcome goes to `<result file>` as JSON `{"status": "ok"|"failed"|"connection"|"compile",
"message": …}`; the migration's own output goes to this process's stdout/stderr. This module
is runtime-side (it never imports the compiler), like every compiled program.
"""

from __future__ import annotations

import importlib
import json
import os
import sys

from .coro import CORO_TYPE
from .pg.conn import PgError, PgServerError, connect
from .pg.transaction_pool import TransactionPool
from .pg.url import PgUrlError, parse_url
from .values import Err, MeshPanic, Ok

RECORD_SQL = {
    "up": "INSERT INTO _mesh_migrations (version, name) VALUES ($1, $2)",
    "down": "DELETE FROM _mesh_migrations WHERE version = $1",
}


class StepFailed(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _migration_function(py_module: str, mesh_module: str, action: str):
    mod = importlib.import_module(py_module)
    fn = getattr(mod, "MESH_FUNCTIONS", {}).get(f"{mesh_module}.{action}/1")
    if fn is None:
        raise StepFailed(
            "compile", f"the file defines no `pub fn {action}(pool :: PoolHandle) -> Int!String`"
        )
    return fn


async def _call(fn, pool):
    try:
        r = fn(pool)
        if type(r) is CORO_TYPE:
            r = await r
    except MeshPanic as e:
        raise StepFailed("failed", f"panic: {e.message}") from None
    if type(r) is Err:
        raise StepFailed("failed", str(r._0))
    if type(r) is not Ok:
        raise StepFailed("failed", f"expected Ok(Int) or Err(String), got {r!r}")


async def _run_sql(conn, sql: str, params: list[str] | None = None):
    try:
        return await conn.run(sql, params)
    except PgServerError as e:
        raise StepFailed("failed", e.message) from None
    except PgError as e:
        raise StepFailed("failed", str(e)) from None


async def run_step(fn, action: str, version: str, name: str) -> None:
    try:
        conn = await connect(parse_url(os.environ.get("DATABASE_URL", "")))
    except (PgUrlError, PgError) as e:
        raise StepFailed("connection", str(e)) from None
    try:
        await _run_sql(conn, "BEGIN")
        try:
            await _call(fn, TransactionPool(conn))
            if not conn.in_transaction:
                raise StepFailed(
                    "failed",
                    f"`{action}` ended the migration's transaction "
                    "(COMMIT or ROLLBACK inside a migration)",
                )
            params = [version, name] if action == "up" else [version]
            await _run_sql(conn, RECORD_SQL[action], params)
            done = await _run_sql(conn, "COMMIT")
            if done.tag == "ROLLBACK":
                raise StepFailed("failed", "the transaction was aborted; COMMIT rolled it back")
        except BaseException:
            if not conn.closed and conn.in_transaction:
                try:
                    await conn.run("ROLLBACK")
                except (PgError, PgServerError):
                    pass
            raise
    finally:
        await conn.close()


def main(argv: list[str]) -> int:
    py_dir, py_module, mesh_module, action, version, name, result_path = argv
    sys.path.insert(0, py_dir)
    outcome = {"status": "failed", "message": "the migration program ended unexpectedly"}

    def write_outcome() -> None:
        with open(result_path, "w", encoding="utf-8") as f:
            json.dump(outcome, f)

    try:
        fn = _migration_function(py_module, mesh_module, action)
    except StepFailed as e:
        outcome = {"status": e.status, "message": e.message}
        write_outcome()
        return 1

    async def step_main() -> None:
        nonlocal outcome
        try:
            await run_step(fn, action, version, name)
        except StepFailed as e:
            outcome = {"status": e.status, "message": e.message}
        else:
            outcome = {"status": "ok", "message": ""}

    from .core import run_main

    try:
        run_main(step_main, py_module)
    finally:
        write_outcome()
    return 0 if outcome["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
