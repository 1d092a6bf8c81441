"""`mesh migrate` (spec 08 §11, 06 §3.13) and the `Migration` DSL against the real PostgreSQL:
up/down/status/generate with the spec's output, the spec's example migrations, a failing step
leaving schema and `_mesh_migrations` unchanged, two concurrent runs applying each migration
once, and the error cases."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROGRAMS, run_program
from mesh_build import mesh_command, mesh_env
from pg_server import run_sql

# spec 08 §11
NOTES = """\
pub fn up(pool :: PoolHandle) -> Int ! String do
  Migration.create_table(pool, "notes", ["id:BIGSERIAL:PRIMARY KEY", "body:TEXT:NOT NULL"])?
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int ! String do
  Migration.drop_table(pool, "notes")?
  Ok(0)
end
"""

# spec 06 §3.13, plus an import of an ordinary app module (migrations are ordinary modules)
BOOKMARKS = """\
from Schema.Columns import bookmark_columns

pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "bookmarks", bookmark_columns())?
  Migration.create_index(pool, "bookmarks", ["saved_at:DESC"], "name:idx_bookmarks_recent")?
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, "bookmarks")?
  Ok(0)
end
"""

COLUMNS = """\
pub fn bookmark_columns() -> List<String> do
  ["id:BIGSERIAL:PRIMARY KEY", "url:TEXT:NOT NULL", "saved_at:TIMESTAMPTZ:NOT NULL DEFAULT now()"]
end
"""

DEADLINE = 60.0


def make_project(
    root: Path, migrations: dict[str, str], extra: dict[str, str] | None = None
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mesh.toml").write_text('[package]\nname = "app"\nversion = "0.1.0"\n')
    (root / "main.mpl").write_text('fn main() do\n  println("app")\nend\n')
    for rel, text in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    if migrations:
        (root / "migrations").mkdir(exist_ok=True)
    for stem, text in migrations.items():
        (root / "migrations" / f"{stem}.mpl").write_text(text)
    return root


def _env(url: str | None) -> dict[str, str]:
    env = mesh_env()
    env.pop("DATABASE_URL", None)
    if url is not None:
        env["DATABASE_URL"] = url
    return env


def migrate(project: Path, *args: str, url: str | None) -> tuple[int, str, str]:
    r = subprocess.run(
        mesh_command() + ["migrate", *args],
        cwd=project,
        env=_env(url),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        stdin=subprocess.DEVNULL,
    )
    return r.returncode, r.stdout, r.stderr


def rows(url: str, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_sql(url, [sql])[0].rows]


def tables(url: str) -> set[str]:
    return {r[0] for r in rows(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def recorded(url: str) -> list[tuple]:
    return rows(url, "SELECT version, name FROM _mesh_migrations ORDER BY version")


def test_dsl_program(pg_programs, fresh_url):
    out, err = run_program(pg_programs("migration_dsl"), {"DATABASE_URL": fresh_url})
    assert out == (PROGRAMS / "migration_dsl.out").read_text()
    assert err == ""


def test_spec_examples_up_status_down(tmp_path, fresh_url):
    project = make_project(
        tmp_path / "app",
        {"20260401000000_create_notes": NOTES, "20260402120000_create_bookmarks": BOOKMARKS},
        {"schema/columns.mpl": COLUMNS},
    )
    # the migrations are ordinary modules: the app still builds and runs
    build = subprocess.run(
        mesh_command() + ["build", "."],
        cwd=project,
        env=_env(None),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert build.returncode == 0, build.stderr
    assert (
        subprocess.run(
            [str(project / "app")], capture_output=True, text=True, timeout=DEADLINE
        ).stdout
        == "app\n"
    )

    assert migrate(project, "status", url=fresh_url) == (
        0,
        "",
        (
            "Migration Status:\n  [ ] 20260401000000_create_notes\n"
            "  [ ] 20260402120000_create_bookmarks\n0 applied, 2 pending\n"
        ),
    )
    assert migrate(project, ".", "up", url=fresh_url) == (
        0,
        "",
        (
            "Running 2 pending migration(s):\n"
            "  Applying: 20260401000000_create_notes\n  Applied:  20260401000000_create_notes\n"
            "  Applying: 20260402120000_create_bookmarks\n"
            "  Applied:  20260402120000_create_bookmarks\nApplied 2 migration(s)\n"
        ),
    )
    assert tables(fresh_url) == {"notes", "bookmarks", "_mesh_migrations"}
    assert recorded(fresh_url) == [
        ("20260401000000", "create_notes"),
        ("20260402120000", "create_bookmarks"),
    ]
    assert rows(
        fresh_url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_bookmarks_recent'"
    ) == [("CREATE INDEX idx_bookmarks_recent ON public.bookmarks USING btree (saved_at DESC)",)]
    assert migrate(project, url=fresh_url) == (0, "", "No pending migrations\n")
    assert migrate(project, "status", url=fresh_url)[2] == (
        "Migration Status:\n  [x] 20260401000000_create_notes\n"
        "  [x] 20260402120000_create_bookmarks\n2 applied, 0 pending\n"
    )

    assert migrate(project, "down", url=fresh_url) == (
        0,
        "",
        (
            "Rolling back: 20260402120000_create_bookmarks\n"
            "Rolled back: 20260402120000_create_bookmarks\n"
        ),
    )
    assert tables(fresh_url) == {"notes", "_mesh_migrations"}
    assert recorded(fresh_url) == [("20260401000000", "create_notes")]
    assert migrate(project, "status", url=fresh_url)[2].endswith(
        "  [x] 20260401000000_create_notes\n  [ ] 20260402120000_create_bookmarks\n"
        "1 applied, 1 pending\n"
    )
    assert migrate(project, "down", url=fresh_url)[0] == 0
    assert tables(fresh_url) == {"_mesh_migrations"}
    assert migrate(project, "down", url=fresh_url) == (0, "", "No migrations to roll back\n")


def test_generate_writes_a_scaffold_that_builds_and_applies(tmp_path, fresh_url):
    project = make_project(tmp_path / "app", {})
    assert migrate(project, "up", url=fresh_url) == (
        0,
        "",
        (
            "No migrations directory found. Run 'meshc migrate generate <name>' to create your "
            "first migration.\n"
        ),
    )
    code, out, err = migrate(project, "generate", "add_users", url=None)  # no database needed
    assert code == 0 and out == ""
    m = re.fullmatch(r"Created migration: migrations/(\d{14})_add_users\.mpl\n", err)
    assert m, err
    text = (project / "migrations" / f"{m.group(1)}_add_users.mpl").read_text()
    assert "pub fn up(pool :: PoolHandle) -> Int!String do" in text and "Ok(0)" in text
    assert "Migration.create_table" in text  # the commented examples
    # a second one in the same second gets the next version, never the same file
    code, _, err2 = migrate(project, ".", "generate", "add_users", url=None)
    assert code == 0 and err2 != err
    build = subprocess.run(
        mesh_command() + ["build", "."],
        cwd=project,
        env=_env(None),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert build.returncode == 0, build.stderr
    code, _, err = migrate(project, url=fresh_url)
    assert code == 0 and err.endswith("Applied 2 migration(s)\n"), err
    assert len(recorded(fresh_url)) == 2


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Migration name cannot be empty"),
        ("AddUsers", "Migration name must contain only lowercase letters, digits, and underscores"),
        (
            "add-users",
            "Migration name must contain only lowercase letters, digits, and underscores",
        ),
    ],
)
def test_generate_rejects_bad_names(tmp_path, name, message):
    project = make_project(tmp_path / "app", {})
    assert migrate(project, "generate", name, url=None) == (1, "", f"error: {message}\n")
    assert not (project / "migrations").exists()


FAILING = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "half", ["id:BIGSERIAL:PRIMARY KEY"])?
  Migration.add_column(pool, "notes", "title:TEXT")?
  Migration.execute(pool, "INSERT INTO half DEFAULT VALUES")?
  Migration.execute(pool, "SELEC 1")?
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
"""

PANICS = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "half", ["id:BIGSERIAL:PRIMARY KEY"])?
  panic("boom")
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
"""

RETURNS_ERR = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "half", ["id:BIGSERIAL:PRIMARY KEY"])?
  Err("not today")
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
"""


@pytest.mark.parametrize(
    "body, error",
    [
        (FAILING, '42601\t\t\t\tsyntax error at or near "SELEC"'),
        (PANICS, "panic: Mesh panic at migrations/2_half.mpl:3: boom"),
        (RETURNS_ERR, "not today"),
    ],
)
def test_failing_step_leaves_schema_and_tracking_table_unchanged(tmp_path, fresh_url, body, error):
    project = make_project(
        tmp_path / "app",
        {"1_create_notes": NOTES, "2_half": body, "3_never": NOTES.replace("notes", "later")},
    )
    code, out, err = migrate(project, "up", url=fresh_url)
    assert code == 1 and out == ""
    assert err.endswith(f"  Applying: 2_half\nerror: Migration 2_half failed: {error}\n"), err
    assert "Applied:  1_create_notes\n" in err and "3_never" not in err
    assert tables(fresh_url) == {"notes", "_mesh_migrations"}
    assert rows(
        fresh_url,
        "SELECT column_name FROM information_schema.columns WHERE "
        "table_name = 'notes' ORDER BY ordinal_position",
    ) == [("id",), ("body",)]
    assert recorded(fresh_url) == [("1", "create_notes")]
    assert migrate(project, "status", url=fresh_url)[2].endswith("1 applied, 2 pending\n")


def test_failing_down_keeps_the_migration_applied(tmp_path, fresh_url):
    bad_down = NOTES.replace(
        'Migration.drop_table(pool, "notes")?',
        'Migration.drop_table(pool, "notes")?\n'
        '  Migration.execute(pool, "DROP TABLE nothing_here")?',
    )
    project = make_project(tmp_path / "app", {"1_create_notes": bad_down})
    assert migrate(project, url=fresh_url)[0] == 0
    code, _, err = migrate(project, "down", url=fresh_url)
    assert code == 1
    assert err.endswith(
        'error: Migration 1_create_notes failed: 42P01\t\t\t\ttable "nothing_here" does not exist\n'
    ), err
    assert tables(fresh_url) == {"notes", "_mesh_migrations"}
    assert recorded(fresh_url) == [("1", "create_notes")]


# Migration 1 creates a table without IF NOT EXISTS (a second application would fail), then
# waits for advisory lock 4242, which the test holds until both runs are observably in
# place; migration 2 appends one row per application.
SLOW = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.execute(pool, "CREATE TABLE applied_log (step TEXT NOT NULL)")?
  Migration.execute(pool, "SELECT pg_advisory_xact_lock(4242)")?
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, "applied_log")?
  Ok(0)
end
"""

LOG = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.execute(pool, "INSERT INTO applied_log VALUES ('second')")?
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
"""

# Holds advisory lock 4242 on its own session until its stdin closes.
HOLDER = """\
import sys, trio
from mesh.runtime.pg.conn import connect
from mesh.runtime.pg.url import parse_url

async def main():
    conn = await connect(parse_url(sys.argv[1]))
    await conn.run("SELECT pg_advisory_lock(4242)")
    print("locked", flush=True)
    await trio.to_thread.run_sync(sys.stdin.read)
    await conn.close()

trio.run(main)
"""


def _poll(predicate, what: str, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_two_concurrent_runs_apply_each_migration_once(tmp_path, fresh_url):
    from mesh.tooling.migrate import LOCK_KEY

    project = make_project(tmp_path / "app", {"1_slow": SLOW, "2_log": LOG})

    def waiting_for(key: int) -> bool:
        return (
            rows(
                fresh_url,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                f"AND NOT granted AND classid = {key >> 32} "
                f"AND objid = {key & 0xFFFFFFFF}",
            )[0][0]
            == "1"
        )

    procs: list[subprocess.Popen] = []

    def start(argv: list[str], **kw) -> subprocess.Popen:
        procs.append(
            subprocess.Popen(
                argv,
                env=_env(fresh_url),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                **kw,
            )
        )
        return procs[-1]

    try:
        holder = start([sys.executable, "-c", HOLDER, fresh_url], stdin=subprocess.PIPE)
        assert holder.stdout.readline() == "locked\n"
        first = start(mesh_command() + ["migrate", "up"], cwd=project)
        _poll(
            lambda: waiting_for(4242) or first.poll() is not None,
            "the first run to be inside migration 1",
        )
        second = start(mesh_command() + ["migrate", "up"], cwd=project)
        _poll(
            lambda: waiting_for(LOCK_KEY) or second.poll() is not None,
            "the second run to wait for the migration lock",
        )
        assert first.poll() is None and second.poll() is None
        holder.stdin.close()  # migration 1 may finish now
        out1, err1 = first.communicate(timeout=DEADLINE)
        out2, err2 = second.communicate(timeout=DEADLINE)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait()
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert err1.endswith("Applied 2 migration(s)\n"), err1
    assert err2 == (
        "Waiting for another migration run to finish (advisory lock held)...\n"
        "No pending migrations\n"
    )
    assert rows(fresh_url, "SELECT step FROM applied_log") == [("second",)]
    assert recorded(fresh_url) == [("1", "slow"), ("2", "log")]


def test_runner_errors(tmp_path, fresh_url):
    project = make_project(tmp_path / "app", {"20260101000000_create_notes": NOTES})
    assert migrate(project, "up", url=None) == (
        1,
        "",
        "error: meshc migrate: DATABASE_URL environment variable is required\n",
    )
    empty = make_project(tmp_path / "empty", {})
    (empty / "migrations").mkdir()
    (empty / "migrations" / "README.txt").write_text("not a migration")
    (empty / "migrations" / "notes.mpl").write_text(NOTES)  # no numeric prefix: ignored
    assert migrate(empty, url=fresh_url) == (0, "", "No migration files found in migrations/\n")

    broken = make_project(tmp_path / "broken", {"5_typo": NOTES.replace("Ok(0)", "Ok(zero)", 1)})
    code, _, err = migrate(broken, url=fresh_url)
    assert code == 1
    assert "migrations/5_typo.mpl:3:" in err, err
    assert err.endswith(
        "error: Failed to compile migration 5_typo: compilation failed due to errors above\n"
    ), err
    assert recorded(fresh_url) == []

    assert migrate(project, url=fresh_url)[0] == 0
    (project / "migrations" / "20260101000000_create_notes.mpl").unlink()
    assert migrate(project, "down", url=fresh_url) == (
        1,
        "",
        "error: Migration file for version 20260101000000 not found in migrations/\n",
    )

    code, _, err = migrate(broken, "status", url="postgres://mesh_test@127.0.0.1:1/postgres")
    assert code == 1 and err.startswith(
        "error: cannot connect to DATABASE_URL: connection failed"
    ), err


def test_step_connection_failure_is_reported(tmp_path, fresh_url, pg_base_url):
    """A role allowed one connection: the runner holds it (with the lock), so the step's own
    connection is refused — `Migration <v>_<name> connection failed: <e>`, nothing applied."""
    role = "mig_" + os.urandom(4).hex()
    database = fresh_url.rsplit("/", 1)[1]
    run_sql(
        pg_base_url,
        [
            f"CREATE ROLE {role} LOGIN CONNECTION LIMIT 1",
            f"GRANT ALL ON DATABASE {database} TO {role}",
        ],
    )
    run_sql(fresh_url, [f"GRANT ALL ON SCHEMA public TO {role}"])
    url = fresh_url.replace("mesh_test@", f"{role}@", 1)
    project = make_project(tmp_path / "app", {"1_create_notes": NOTES})
    code, _, err = migrate(project, url=url)
    assert code == 1
    assert err.endswith(
        f"  Applying: 1_create_notes\nerror: Migration 1_create_notes connection "
        f'failed: too many connections for role "{role}"\n'
    ), err
    assert tables(fresh_url) == {"_mesh_migrations"} and recorded(fresh_url) == []


@pytest.mark.parametrize(
    "args, fragment",
    [
        ([".", "sideways"], "invalid value 'sideways'"),
        ([".", "generate"], "<NAME>"),
        (["up", "extra"], "unexpected argument 'extra'"),
        (["--force"], "unexpected argument '--force'"),
    ],
)
def test_usage_errors(tmp_path, args, fragment):
    project = make_project(tmp_path / "app", {})
    code, out, err = migrate(project, *args, url=None)
    assert code == 2 and out == "" and fragment in err and err.startswith("error: ")
    assert not (project / "migrations").exists()


def test_unknown_directory(tmp_path):
    assert migrate(tmp_path, "nowhere", "up", url=None) == (
        1,
        "",
        "error: Project directory 'nowhere' does not exist\n",
    )


def test_help():
    r = subprocess.run(
        mesh_command() + ["migrate", "--help"],
        env=_env(None),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        cwd=os.getcwd(),
    )
    assert r.returncode == 0 and "generate <name>" in r.stdout


def test_partition_helpers(fresh_url):
    """The [extra] `Pg` partition helpers on the real server (days are UTC dates)."""
    import datetime

    import trio

    from mesh.runtime.pg.pool import Pool
    from mesh.runtime.pg.url import parse_url
    from mesh.runtime.stdlib import pg_schema
    from mesh.runtime.values import Ok

    today = datetime.datetime.now(datetime.UTC).date()

    def name(days_from_today: int) -> str:
        return f"events_{today + datetime.timedelta(days=days_from_today):%Y%m%d}"

    async def go():
        pool = Pool(parse_url(fresh_url), 0, 2, 5000)
        try:
            assert await pg_schema.create_range_partitioned_table(
                pool, "events", ["at:TIMESTAMPTZ:NOT NULL", "body:TEXT"], "at"
            ) == Ok(0)
            assert await pg_schema.create_daily_partitions_ahead(pool, "events", 2) == Ok(3)
            assert await pg_schema.create_daily_partitions_ahead(pool, "events", 2) == Ok(3)
            conn = await pool.checkout()
            try:  # an old partition, and rows routed by day
                old = name(-10)
                await conn.run(
                    f'CREATE TABLE "{old}" PARTITION OF events FOR VALUES FROM '
                    f"('{today - datetime.timedelta(days=10)}') TO "
                    f"('{today - datetime.timedelta(days=9)}')"
                )
                await conn.run("INSERT INTO events VALUES (now(), 'x')")
                r = await conn.run("SELECT tableoid::regclass::text FROM events")
                assert r.rows == [[name(0)]]
            finally:
                await pool.checkin(conn)
            assert await pg_schema.list_daily_partitions_before(pool, "events", 5) == Ok([old])
            assert await pg_schema.list_daily_partitions_before(pool, "events", 20) == Ok([])
            assert await pg_schema.drop_partition(pool, old) == Ok(0)
            assert await pg_schema.list_daily_partitions_before(pool, "events", 5) == Ok([])
        finally:
            await pool.close()

    trio.run(go)
    assert tables(fresh_url) == {"events", name(0), name(1), name(2)}


NESTED = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "accounts", ["id:BIGSERIAL:PRIMARY KEY", "name:TEXT:NOT NULL"])?
  let kept = Repo.transaction(pool, fn(conn) do
    Repo.execute_raw(conn, "INSERT INTO accounts (name) VALUES ($1)", ["kept"])
  end)?
  let undone = Repo.transaction(pool, fn(conn) do
    let _ = Repo.execute_raw(conn, "INSERT INTO accounts (name) VALUES ($1)", ["undone"])?
    let n :: Int!String = Err("changed my mind")
    n
  end)
  case undone do
    Ok(_) -> Err("the inner transaction should have failed")
    Err(e) -> if e == "changed my mind" do Ok(kept) else Err(e) end
  end
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, "accounts")
end
"""

NESTED_THEN_FAIL = """\
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "later", ["id:BIGSERIAL:PRIMARY KEY"])?
  let _ = Repo.transaction(pool, fn(conn) do
    Repo.execute_raw(conn, "INSERT INTO accounts (name) VALUES ($1)", ["from 2"])
  end)?
  Err("boom after a committed-looking inner transaction")
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
"""


def test_transactions_inside_a_migration_are_savepoints(tmp_path, fresh_url):
    """`Repo.transaction` (through `Pg.transaction`) inside a migration nests as a savepoint:
    its Err undoes only its own work, its Ok stays inside the migration's transaction, so a
    later failure still undoes everything."""
    project = make_project(tmp_path / "app", {"1_accounts": NESTED, "2_fails": NESTED_THEN_FAIL})
    code, _, err = migrate(project, url=fresh_url)
    assert code == 1
    assert err.endswith(
        "  Applied:  1_accounts\n  Applying: 2_fails\nerror: Migration 2_fails "
        "failed: boom after a committed-looking inner transaction\n"
    ), err
    assert rows(fresh_url, "SELECT name FROM accounts ORDER BY id") == [("kept",)]
    assert tables(fresh_url) == {"accounts", "_mesh_migrations"}
    assert recorded(fresh_url) == [("1", "accounts")]
