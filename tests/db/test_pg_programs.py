"""Compiled Mesh programs (tests/db/programs/*.mpl) against a real PostgreSQL server:
the spec 06 §5 checklist, text fidelity, the structured error string, transactions, the
pool, the `Postgres` seed module, URL/connect errors, auth methods and sslmode."""

from __future__ import annotations

from conftest import run_program

REFUSED = "postgres://mesh_test@127.0.0.1:1/postgres"


def test_checklist(pg_programs, fresh_url):
    out, err = run_program(pg_programs("checklist"), {"DATABASE_URL": fresh_url})
    assert out == ("created: 0\ninserted: 1\nAlice is 30\nBob is 25\nolder: Alice\ndone\n")
    assert err == ""


VALUES_ERRORS = """\
values: 1 row(s)
  t=[t]
  f=[f]
  i=[42]
  num=[1.50]
  fl=[2.5]
  ts=[2026-04-02 12:00:00.123456+00]
  d=[2026-04-02]
  arr=[{1,2,3}]
  b=[\\x01ff]
  rec=[(1,a)]
  nothing=[]
  j=[{"a": 1}]
  u=[héllo]
params inferred: 1 row(s)
  n=[31]
  b=[t]
  a=[{1,2,3}]
  j=[1]
repeated name: 1 row(s)
  x=[3]
  y=[2]
ddl: 0
insert: 3
update: 2
select count: 3
delete none: 0
returning: 1 row(s)
  id=[4]
  email=[d@x]
  qty=[0]
no result set: 0 row(s)
empty: 0 row(s)
missing table: Err(42P01\t\t\t\trelation "todos" does not exist)
missing table params: Err(42P01\t\t\t\trelation "todos" does not exist)
unique: Err(23505\titems_email_key\titems\t\tduplicate key value violates unique constraint "items_email_key")
not null: Err(23502\t\titems\tqty\tnull value in column "qty" of relation "items" violates not-null constraint)
bad int: Err(22P02\t\t\t\tinvalid input syntax for type integer: "many")
bad uuid: Err(22P02\t\t\t\tinvalid input syntax for type uuid: "nope")
multi with params: Err(42601\t\t\t\tcannot insert multiple commands into a prepared statement)
syntax: Err(42601\t\t\t\tsyntax error at or near "SELEC")
too many params: Err(08P01\t\t\t\tbind message supplies 2 parameters, but prepared statement "" requires 1)
still usable: 1 row(s)
  n=[4]
after close: Err(connection is closed)
done
"""


def test_values_and_errors(pg_programs, fresh_url):
    # The cluster runs with timezone UTC; an external server may not.
    url = fresh_url + "?sslmode=disable"
    out, err = run_program(pg_programs("values_errors"), {"DATABASE_URL": url, "TZ": "UTC"})
    assert out == VALUES_ERRORS
    assert err == ""


TRANSACTIONS = """\
after rollback: 0
after commit: 1
commit outside: Ok
committed: Ok(two)
count: 3
err: Err(23505\tt_pkey\tt\t\tduplicate key value violates unique constraint "t_pkey")
count: 3
own err: Err(changed my mind)
count: 3
panic: Err(transaction aborted: panic in callback)
count: 3
commit fails: Err(COMMIT: duplicate key value violates unique constraint "d_n_key")
swallowed error: Err(COMMIT: current transaction was aborted; COMMIT rolled it back)
count: 3
nested begin: Ok(x)
closed: Err(BEGIN: connection is closed)
done
"""


def test_transactions(pg_programs, fresh_url):
    out, err = run_program(pg_programs("transactions"), {"DATABASE_URL": fresh_url})
    assert out == TRANSACTIONS
    assert err == ""


POOL = """\
bad url: Err(pool open: URL must start with postgres:// or postgresql://)
refused: Err(pool open: connection failed: Connection refused)
lazy refused: Ok
second checkout: pool checkout timeout
query while exhausted: pool checkout timeout
reused: true
rolled back on checkin: 0
insert: Ok(2)
error: Err(23505\tt_pkey\tt\t\tduplicate key value violates unique constraint "t_pkey")
after error: 2
query_as: [Ok(10), Ok(20)]
waited: Ok(1)
workers: [2, 4, 6, 8, 10]
replaced dead: true
checked in after close: Err(connection is closed)
closed checkout: pool is closed
closed query: Err(pool is closed)
done
"""


def test_pool(pg_programs, fresh_url):
    out, err = run_program(pg_programs("pool"), {"DATABASE_URL": fresh_url, "REFUSED_URL": REFUSED})
    assert out == POOL
    assert err == ""


SEED = """\
migrated: Ok(0)
added: Ok(1)
added: Ok(1)
note: first
note: second
in tx: Ok(1)
conn count: Ok([%{n => 1}])
begin: Ok(())
conn execute: Ok(1)
rollback: Ok(())
lazy opened
first use: Err(pool connect: connection failed: Connection refused)
unset: []
"""


def test_postgres_seed_module(pg_programs, fresh_url):
    out, err = run_program(
        pg_programs("seed"), {"DATABASE_URL": fresh_url, "REFUSED_URL": REFUSED}, expect_status=101
    )
    assert out == SEED
    assert "Postgres.open: URL must start with postgres:// or postgresql://" in err


CONNECT = """\
scheme: Err(URL must start with postgres:// or postgresql://)
no scheme: Err(URL must start with postgres:// or postgresql://)
missing @: Err(URL missing '@' separator)
bad port: Err(invalid port: 54x2)
port range: Err(invalid port: 70000)
empty host: Err(could not resolve host)
dns: Err(DNS resolution failed: Name or service not known)
refused: Err(connection failed: Connection refused)
TRUST_URL: Ok(mesh_test@postgres ssl=false)
ENCODED_URL: Ok(mesh_test@postgres ssl=false)
DEFAULT_DB_URL: Err(database "mesh_test" does not exist)
SCRAM_URL: Ok(mesh_scram@postgres ssl=false)
MD5_URL: Ok(mesh_md5@postgres ssl=false)
CLEAR_URL: Ok(mesh_clear@postgres ssl=false)
WRONG_PW_URL: Err(password authentication failed for user "mesh_scram")
NO_PW_URL: Err(password authentication failed: no password supplied)
NO_ROLE_URL: Err(role "ghost" does not exist)
NO_DB_URL: Err(database "nodb" does not exist)
REQUIRE_URL: Err(server does not support SSL)
PREFER_URL: Ok(mesh_test@postgres ssl=false)
DISABLE_URL: Ok(mesh_test@postgres ssl=false)
ODD_SSLMODE_URL: Ok(mesh_test@postgres ssl=false)
done
"""


def _connect_env(host: str) -> dict[str, str]:
    return {
        "REFUSED_URL": REFUSED,
        "TRUST_URL": f"postgres://mesh_test@{host}/postgres",
        "ENCODED_URL": f"postgresql://mesh%5Ftest:ignored%40x@{host}/postgres",
        "DEFAULT_DB_URL": f"postgres://mesh_test@{host}",
        "SCRAM_URL": f"postgres://mesh_scram:scram-pw@{host}/postgres",
        "MD5_URL": f"postgres://mesh_md5:md5-pw@{host}/postgres",
        "CLEAR_URL": f"postgres://mesh_clear:clear-pw@{host}/postgres",
        "WRONG_PW_URL": f"postgres://mesh_scram:nope@{host}/postgres",
        "NO_PW_URL": f"postgres://mesh_md5@{host}/postgres",
        "NO_ROLE_URL": f"postgres://ghost@{host}/postgres",
        "NO_DB_URL": f"postgres://mesh_test@{host}/nodb",
        "REQUIRE_URL": f"postgres://mesh_test@{host}/postgres?sslmode=require",
        "PREFER_URL": f"postgres://mesh_test@{host}/postgres?sslmode=prefer",
        "DISABLE_URL": f"postgres://mesh_test@{host}/postgres?sslmode=disable",
        "ODD_SSLMODE_URL": f"postgres://mesh_test@{host}/postgres?sslmode=allow",
    }


def test_connect_errors_and_auth(pg_programs, local_cluster):
    env = _connect_env(f"127.0.0.1:{local_cluster.port}")
    out, err = run_program(pg_programs("connect"), env)
    assert out == CONNECT
    assert err == ""


def test_tls(pg_programs, tls_cluster):
    """A server with ssl=on: prefer and require encrypt (without verifying the self-signed
    certificate), disable does not, and auth works over TLS."""
    env = _connect_env(f"127.0.0.1:{tls_cluster.port}")
    out, _ = run_program(pg_programs("connect"), env)
    lines = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    assert lines["REQUIRE_URL"] == "Ok(mesh_test@postgres ssl=true)"
    assert lines["PREFER_URL"] == "Ok(mesh_test@postgres ssl=true)"
    assert lines["ODD_SSLMODE_URL"] == "Ok(mesh_test@postgres ssl=true)"
    assert lines["TRUST_URL"] == "Ok(mesh_test@postgres ssl=true)"
    assert lines["DISABLE_URL"] == "Ok(mesh_test@postgres ssl=false)"
    assert lines["SCRAM_URL"] == "Ok(mesh_scram@postgres ssl=true)"
    assert lines["WRONG_PW_URL"] == 'Err(password authentication failed for user "mesh_scram")'


def test_unix_socket(pg_programs, local_cluster, fresh_url):
    """A percent-encoded directory as host connects over the Unix socket."""
    database = fresh_url.rsplit("/", 1)[1]
    socket_dir = str(local_cluster.base).replace("/", "%2F")
    url = f"postgres://mesh_test@{socket_dir}:{local_cluster.port}/{database}"
    out, err = run_program(pg_programs("checklist"), {"DATABASE_URL": url})
    assert out.endswith("older: Alice\ndone\n")
    assert err == ""
