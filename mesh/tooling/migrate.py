"""`mesh migrate [<dir>] [up|down|status|generate <name>]` (spec 08 §11, 06 §3.13).

The runner keeps one connection to `DATABASE_URL` for the whole run and holds a session-level
advisory lock on it (`pg_advisory_lock`) while it reads `_mesh_migrations` and applies or
reverts migrations, so two concurrent `mesh migrate up` runs never apply one migration twice:
the second waits, then finds nothing pending. Each migration is compiled as its own program
(mesh/tooling/migration_files.py) and run in a child process (mesh/runtime/migration_step.py)
that executes `up`/`down` and the tracking-table change in one transaction. All output goes
to stderr (06 §3.13).

Our choice (the issue's requirement, where 06 §3.13 says the reference does not wrap
migrations in a transaction): every step is transactional; statements PostgreSQL refuses
inside a transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM`, …) cannot be used in migrations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from mesh.tooling.migration_files import (
    MigrationError,
    MigrationFile,
    StepCompileFailed,
    compile_step,
    find_migrations,
    generate,
)

USAGE = """\
Usage: {prog} migrate [<dir>] [up|down|status|generate <name>]

PostgreSQL migrations: the files migrations/<version>_<name>.mpl of the project in <dir>
(default: the current directory), each defining
  pub fn up(pool :: PoolHandle) -> Int!String
  pub fn down(pool :: PoolHandle) -> Int!String

Actions:
  up               apply every pending migration in version order (the default)
  down             revert the newest applied migration
  status           list migrations, applied [x] or pending [ ]
  generate <name>  write migrations/<UTC timestamp>_<name>.mpl (no database needed)

up, down and status connect to DATABASE_URL. Each migration runs in one transaction with
the _mesh_migrations row that records it; concurrent runs wait for each other.
"""

ACTIONS = ("up", "down", "status", "generate")
DATABASE_URL_REQUIRED = "meshc migrate: DATABASE_URL environment variable is required"
NO_DIR = (
    "No migrations directory found. Run 'meshc migrate generate <name>' to create your "
    "first migration."
)
NO_FILES = "No migration files found in migrations/"
LOCK_KEY = int.from_bytes(b"mesh_mig", "big")  # one advisory lock per database
TRACKING_TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS _mesh_migrations (version BIGINT PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
)


class UsageError(Exception):
    pass


def say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def parse_args(argv: list[str]) -> tuple[str, str, str | None]:
    """(dir, action, generate name) from `[<dir>] [action] [name]`."""
    positional = []
    for arg in argv:
        if arg.startswith("-") and arg != "-":
            raise UsageError(f"unexpected argument '{arg}' found")
        positional.append(arg)
    directory = "."
    if positional and positional[0] not in ACTIONS:
        directory = positional.pop(0)
    action = positional.pop(0) if positional else "up"
    if action not in ACTIONS:
        raise UsageError(
            f"invalid value '{action}' for '[ACTION]'\n  [possible values: "
            + ", ".join(ACTIONS)
            + "]"
        )
    name = None
    if action == "generate":
        if not positional:
            raise UsageError("the following required arguments were not provided:\n  <NAME>")
        name = positional.pop(0)
    if positional:
        raise UsageError(f"unexpected argument '{positional[0]}' found")
    return directory, action, name


def main(argv: list[str]) -> int:
    from mesh.cli import prog_name

    prog = prog_name()
    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE.format(prog=prog))
        return 0
    try:
        directory, action, name = parse_args(argv)
    except UsageError as e:
        sys.stderr.write(f"error: {e}\n\nFor more information, try '{prog} migrate --help'.\n")
        return 2
    try:
        return _run(directory, action, name)
    except MigrationError as e:
        sys.stderr.write(f"error: {e}\n")
        return 1


def _run(directory: str, action: str, name: str | None) -> int:
    if not os.path.isdir(directory):
        raise MigrationError(
            f"Project directory '{directory}' does not exist"
            if not os.path.exists(directory)
            else f"'{directory}' is not a directory"
        )
    root = os.path.abspath(directory)
    if action == "generate":
        assert name is not None
        say(f"Created migration: {generate(root, name)}")
        return 0
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise MigrationError(DATABASE_URL_REQUIRED)
    files = find_migrations(root)
    if action in ("up", "status"):
        if files is None:
            say(NO_DIR)
            return 0
        if not files:
            say(NO_FILES)
            return 0
    import trio

    return trio.run(Runner(root, directory, url, files or []).run, action)


class Runner:
    """One `up`/`down`/`status` against the database, under the advisory lock."""

    def __init__(self, root: str, root_display: str, url: str, files: list[MigrationFile]) -> None:
        self.root = root
        self.root_display = root_display
        self.url = url
        self.files = files
        self.conn = None

    async def run(self, action: str) -> int:
        from mesh.runtime.pg.conn import PgError, PgServerError, connect
        from mesh.runtime.pg.url import PgUrlError, parse_url

        try:
            self.conn = await connect(parse_url(self.url))
        except (PgUrlError, PgError) as e:
            raise MigrationError(f"cannot connect to DATABASE_URL: {e}") from None
        try:
            await self._lock()
            await self.conn.run(TRACKING_TABLE_SQL)
            return await getattr(self, action)()
        except PgServerError as e:
            raise MigrationError(f"_mesh_migrations: {e.message}") from None
        except PgError as e:
            raise MigrationError(f"database connection lost: {e}") from None
        finally:
            await self.conn.close()  # ends the session, releasing the lock

    async def _lock(self) -> None:
        r = await self.conn.run(f"SELECT pg_try_advisory_lock({LOCK_KEY})")
        if r.rows[0][0] != "t":
            say("Waiting for another migration run to finish (advisory lock held)...")
            await self.conn.run(f"SELECT pg_advisory_lock({LOCK_KEY})")

    async def _applied(self) -> dict[int, str]:
        r = await self.conn.run("SELECT version, name FROM _mesh_migrations ORDER BY version")
        return {int(v): n for v, n in r.rows}

    async def up(self) -> int:
        applied = await self._applied()
        pending = [f for f in self.files if f.version not in applied]
        if not pending:
            say("No pending migrations")
            return 0
        say(f"Running {len(pending)} pending migration(s):")
        for mig in pending:
            say(f"  Applying: {mig.stem}")
            await self._step(mig, "up")
            say(f"  Applied:  {mig.stem}")
        say(f"Applied {len(pending)} migration(s)")
        return 0

    async def down(self) -> int:
        applied = await self._applied()
        if not applied:
            say("No migrations to roll back")
            return 0
        version = max(applied)
        mig = next((f for f in self.files if f.version == version), None)
        if mig is None:
            raise MigrationError(f"Migration file for version {version} not found in migrations/")
        say(f"Rolling back: {mig.stem}")
        await self._step(mig, "down")
        say(f"Rolled back: {mig.stem}")
        return 0

    async def status(self) -> int:
        applied = await self._applied()
        rows = {f.version: (f.version in applied, f.stem) for f in self.files}
        for version, name in applied.items():
            rows.setdefault(version, (True, f"{version}_{name}"))
        say("Migration Status:")
        for version in sorted(rows):
            done, stem = rows[version]
            say(f"  [{'x' if done else ' '}] {stem}")
        n_applied = sum(1 for done, _ in rows.values() if done)
        say(f"{n_applied} applied, {len(rows) - n_applied} pending")
        return 0

    async def _step(self, mig: MigrationFile, action: str) -> None:
        import trio

        from mesh.compiler.render import Renderer, should_color

        renderer = Renderer(sys.stderr, color=should_color(sys.stderr, False, False))
        try:
            step = await trio.to_thread.run_sync(
                compile_step, self.root, self.root_display, mig, renderer
            )
        except StepCompileFailed as e:
            raise MigrationError(f"Failed to compile migration {mig.stem}: {e}") from None
        outcome = await self._run_child(step, mig, action)
        status, message = outcome.get("status"), outcome.get("message", "")
        if status == "ok":
            return
        if status == "connection":
            raise MigrationError(f"Migration {mig.stem} connection failed: {message}")
        if status == "compile":
            raise MigrationError(f"Failed to compile migration {mig.stem}: {message}")
        raise MigrationError(f"Migration {mig.stem} failed: {message}")

    async def _run_child(self, step, mig: MigrationFile, action: str) -> dict:
        import trio

        from mesh.compiler.driver import mesh_search_path

        env = dict(os.environ, DATABASE_URL=self.url)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (mesh_search_path(), env.get("PYTHONPATH", "")) if p
        )
        fd, result_path = tempfile.mkstemp(prefix="mesh-migrate-", suffix=".json")
        os.close(fd)
        try:
            argv = [
                sys.executable,
                "-m",
                "mesh.runtime.migration_step",
                step.py_dir,
                step.py_module,
                step.mesh_module,
                action,
                str(mig.version),
                mig.name,
                result_path,
            ]
            proc = await trio.run_process(
                argv, check=False, cwd=self.root, env=env, stdin=subprocess.DEVNULL
            )
            try:
                with open(result_path, encoding="utf-8") as f:
                    return json.load(f)
            except (OSError, ValueError):
                return {
                    "status": "failed",
                    "message": f"the migration program exited with status {proc.returncode}",
                }
        finally:
            os.unlink(result_path)
