"""`Query`, `Expr`, `Repo` and typed queries against a real PostgreSQL (spec 06 §3.8-§3.10,
§3.14): every Repo function's effect, hostile values as bound parameters, typed `Repo.all`
panics, and the seed's landing server answering JSON over real HTTP and WebSocket clients.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
import trio
from conftest import PROGRAMS, run_program
from mesh_build import ROOT, mesh_env
from pg_server import run_sql
from trio_websocket import open_websocket_url

WAIT = 15.0


def _expected(name: str) -> str:
    return (PROGRAMS / f"{name}.out").read_text(encoding="utf-8")


def test_every_repo_function(pg_programs, fresh_url):
    out, err = run_program(pg_programs("query_repo"), {"DATABASE_URL": fresh_url})
    assert out == _expected("query_repo")
    assert err == ""
    # the effects are in the database, not only in what the program printed
    rows = run_sql(fresh_url, ["SELECT name, age, active FROM users ORDER BY id"])[0]
    assert [tuple(r) for r in rows.rows] == [
        ("Ann", "42", "t"),
        ("Bobby", "26", "t"),
        ("Eve2", "52", "t"),
        ("Tx", "5", "t"),
        ("Zoe", "0", "t"),
    ]
    assert run_sql(fresh_url, ["SELECT count(*) FROM posts"])[0].rows == [["0"]]


def test_hostile_values_are_bound_parameters(pg_programs, fresh_url):
    out, err = run_program(pg_programs("query_injection"), {"DATABASE_URL": fresh_url})
    assert out == _expected("query_injection")
    assert err == ""
    assert run_sql(fresh_url, ["SELECT name FROM victims"])[0].rows == [["safe"]]
    tables = run_sql(
        fresh_url,
        ["SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"],
    )[0]
    assert tables.rows == [["notes"], ["victims"]]


@pytest.mark.parametrize(
    "mode, message",
    [
        ("missing", 'Repo.all: 42P01\t\t\t\trelation "gadgets" does not exist'),
        ("decode", "Repo.all: cannot parse 'heavy' as Int"),
    ],
)
def test_typed_repo_all_panics(pg_programs, fresh_url, mode, message):
    _, err = run_program(
        pg_programs("query_typed_panic"),
        {"DATABASE_URL": fresh_url, "MODE": mode},
        expect_status=101,
    )
    assert message in err


class _Server:
    """A started program with its stderr collected by a reader thread."""

    def __init__(self, exe: Path, env: dict[str, str]) -> None:
        full = mesh_env()
        full.pop("PYTHONPATH", None)
        full.update(env)
        self.proc = subprocess.Popen(
            [str(exe)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=full,
            cwd=exe.parent,
        )
        self.err: list[str] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for raw in self.proc.stderr:
            with self.cond:
                self.err.append(raw.decode("utf-8", "replace"))
                self.cond.notify_all()

    def port(self) -> int:
        rx = re.compile(r"HTTP server listening on (?:\[::\]|0\.0\.0\.0):(\d+)")
        deadline = time.monotonic() + WAIT
        with self.cond:
            while True:
                for line in self.err:
                    m = rx.search(line)
                    if m:
                        return int(m.group(1))
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    pytest.fail("server did not start:\n" + "".join(self.err))
                self.cond.wait(min(left, 0.5))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def _get(port: int, path: str) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.getheader("content-type") or "", r.read().decode()
    finally:
        conn.close()


# The seed's server is a user-facing example; examples/ only builds it (no database there).
SEED_SERVER = ROOT / "examples" / "databases" / "postgres_landing.mpl"


def _post(port: int, path: str, body: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        conn.request("POST", path, body=body)
        r = conn.getresponse()
        return r.status, r.read().decode()
    finally:
        conn.close()


def test_seed_server_answers_json(pg_programs, fresh_url):
    run_sql(
        fresh_url,
        [
            "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, "
            "email TEXT NOT NULL UNIQUE, active BOOLEAN NOT NULL)",
            "INSERT INTO users (name, email, active) VALUES ('Ada', 'ada@x', true), "
            "('Bob', 'bob@x', false), ('Cy', 'cy@x', true)",
        ],
    )
    server = _Server(pg_programs(SEED_SERVER), {"DATABASE_URL": fresh_url, "PORT": "0"})
    try:
        port = server.port()
        status, ctype, body = _get(port, "/api/users")
        assert (status, ctype) == (200, "application/json; charset=utf-8")
        assert body == (
            '[{"active":true,"email":"ada@x","name":"Ada"},'
            '{"active":true,"email":"cy@x","name":"Cy"}]'
        )
        # the captured route parameter is a bound value: a quote matches nothing
        assert _get(port, "/api/users/Bob")[2] == '[{"active":false,"email":"bob@x","name":"Bob"}]'
        assert _get(port, "/api/users/x'%20OR%20'1'='1")[2] == "[]"

        async def live_signup():
            with trio.fail_after(WAIT):
                async with open_websocket_url(f"ws://127.0.0.1:{port}/live") as ws:
                    assert await ws.get_message() == '{"status":"connected"}'
                    signup = '{"name":"Dee","email":"dee@x"}'
                    status, body = await trio.to_thread.run_sync(
                        lambda: _post(port, "/api/users", signup)
                    )
                    assert (status, body) == (201, '{"id":"4","name":"Dee"}')
                    assert await ws.get_message() == '{"event":"signup","name":"Dee"}'

        trio.run(live_signup)
        assert run_sql(fresh_url, ["SELECT name, active FROM users WHERE id = 4"])[0].rows == [
            ["Dee", "t"]
        ]
        assert '"name":"Dee"' in _get(port, "/api/users")[2]
        assert _post(port, "/api/users", '{"name":"Dee","email":"dee@x"}') == (
            409,
            '{"error":"could not create the user"}',
        )
        assert _post(port, "/api/users", "{}")[0] == 422

        # typed Repo.all panics on a database error: a 500, and the server keeps serving
        run_sql(fresh_url, ["ALTER TABLE users RENAME TO people"])
        assert _get(port, "/api/users")[0] == 500
        run_sql(fresh_url, ["ALTER TABLE people RENAME TO users"])
        assert _get(port, "/api/users")[0] == 200
    finally:
        server.stop()
