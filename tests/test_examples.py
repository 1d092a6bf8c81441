"""Every program under `examples/` builds with the real `mesh build` and behaves as documented.

Each `examples/**/NAME.mpl` is checked in exactly one way, chosen explicitly:

  NAME.out            a terminating program: run once (cwd = a fresh temporary directory, no
                      stdin); exit status 0 and stdout exactly equal to NAME.out, which is
                      written from the output the spec states for that example.
  LIVE_CHECKS[path]   a program that does not end by itself (HTTP/WebSocket servers, the
                      two-node cluster example): the function starts it (port 0 or free
                      loopback ports), talks to it with real clients and stops it.

  CHECKED_ELSEWHERE[path]  an example that needs a service this test cannot start (the
                      PostgreSQL landing server): built here; its real run is the named test
                      module, which must build this very file (no copy of the source).

An example with none (or more than one) fails `test_every_example_has_one_check`, so nothing in
`examples/` goes unchecked. Every wait is bounded and every started process is killed.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import trio
from mesh_build import ROOT, build_argv, mesh_command, mesh_env, run_mesh
from trio_websocket import open_websocket_url

EXAMPLES = ROOT / "examples"
BUILD_TIMEOUT = 120.0
RUN_TIMEOUT = 30.0
WAIT = 15.0  # bound for any single awaited line or network exchange

SOURCES = sorted(EXAMPLES.rglob("*.mpl"))


def _rel(path: Path) -> str:
    return path.relative_to(EXAMPLES).as_posix()


def _program_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = mesh_env()
    env.pop("PYTHONPATH", None)  # a built program needs nothing from the checkout
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def _build(src: Path, tmp_path: Path) -> Path:
    exe = tmp_path / src.stem
    status, output = run_mesh(build_argv(src, exe, tmp_path / "build"), timeout=BUILD_TIMEOUT)
    assert status == 0, f"mesh build {_rel(src)} failed (exit {status}):\n{output}"
    assert exe.is_file()
    return exe


# --------------------------------------------------------------------------- running programs


class Proc:
    """A started example; stdout and stderr lines are collected by reader threads."""

    def __init__(self, exe: Path, env: dict[str, str], cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [str(exe)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_program_env(env),
            cwd=cwd,
        )
        self.cond = threading.Condition()
        self.lines: dict[str, list[str]] = {"out": [], "err": []}
        self.closed: set[str] = set()
        self.threads = [
            threading.Thread(target=self._pump, args=(stream, name), daemon=True)
            for stream, name in ((self.proc.stdout, "out"), (self.proc.stderr, "err"))
        ]
        for t in self.threads:
            t.start()

    def _pump(self, stream, name: str) -> None:
        for raw in stream:
            with self.cond:
                self.lines[name].append(raw.decode("utf-8", "replace").rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.closed.add(name)
            self.cond.notify_all()

    def wait_line(self, pattern: str, stream: str = "out") -> re.Match:
        """The first line of `stream` matching `pattern`, waiting at most WAIT seconds."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + WAIT
        with self.cond:
            while True:
                for line in self.lines[stream]:
                    m = rx.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or stream in self.closed:
                    pytest.fail(f"no line matching {pattern!r} on std{stream}:\n{self.text()}")
                self.cond.wait(left)

    def finish(self) -> tuple[int, list[str]]:
        """Waits for the program to end by itself; returns (exit status, stdout lines)."""
        try:
            rc = self.proc.wait(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"example did not end within {RUN_TIMEOUT} s:\n{self.text()}")
        for t in self.threads:
            t.join(timeout=WAIT)
        with self.cond:
            return rc, list(self.lines["out"])

    def text(self) -> str:
        with self.cond:
            return (
                "stdout:\n"
                + "\n".join(self.lines["out"])
                + "\nstderr:\n"
                + "\n".join(self.lines["err"])
            )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass


def _server(exe: Path, tmp_path: Path, **env: str) -> tuple[Proc, int]:
    """Starts an HTTP example on a free port (PORT=0) and returns it with the bound port."""
    proc = Proc(exe, {"PORT": "0", **env}, tmp_path)
    m = proc.wait_line(r"\[mesh-rt\] HTTP server listening on (?:\[::\]|0\.0\.0\.0):(\d+)", "err")
    return proc, int(m.group(1))


def _http(
    port: int,
    method: str,
    path: str,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
    finally:
        conn.close()


def _trio(fn: Callable) -> None:
    async def main():
        with trio.fail_after(WAIT):
            await fn()

    trio.run(main)


def _free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


JSON_CT = "application/json; charset=utf-8"


# --------------------------------------------------------------------------- live checks


def check_shout(exe: Path, tmp_path: Path) -> None:
    proc, port = _server(exe, tmp_path)
    try:
        status, headers, body = _http(port, "GET", "/shout/ada")
        assert (status, headers["content-type"], body) == (200, JSON_CT, '{"greeting":"ADA"}')
        assert _http(port, "GET", "/shout")[::2] == (404, "Not Found")
    finally:
        proc.stop()


def check_api_key(exe: Path, tmp_path: Path) -> None:
    proc, port = _server(exe, tmp_path)
    try:
        assert _http(port, "GET", "/ping")[::2] == (401, '{"error":"api key required"}')
        assert _http(port, "GET", "/ping", headers={"X-Api-Key": "k"})[::2] == (200, "pong")
    finally:
        proc.stop()


def check_landing(exe: Path, tmp_path: Path) -> None:
    proc, port = _server(exe, tmp_path, RATE_LIMIT="10", RATE_WINDOW_MS="600000")
    try:
        status, headers, body = _http(port, "GET", "/")
        assert (status, headers["content-type"]) == (200, "text/html; charset=utf-8")
        assert "<h1>Mesh landing</h1>" in body

        status, headers, body = _http(port, "GET", "/api/users")
        assert (status, headers["content-type"]) == (200, JSON_CT)
        assert body == (
            '[{"active":true,"email":"ada@example.com","name":"Ada"},'
            '{"active":true,"email":"cy@example.com","name":"Cy"}]'
        )

        assert _http(port, "POST", "/api/signup", body="{}")[::2] == (
            422,
            '{"error":"name required"}',
        )

        async def live_signup():
            async with open_websocket_url(f"ws://127.0.0.1:{port}/live") as ws:
                assert await ws.get_message() == '{"status":"connected"}'
                signup = json.dumps({"name": "Eve", "email": "eve@example.com"})
                status, _, body = await trio.to_thread.run_sync(
                    lambda: _http(port, "POST", "/api/signup", body=signup)
                )
                assert (status, body) == (201, '{"ok":true,"total":4}')
                assert await ws.get_message() == '{"event":"signup","name":"Eve"}'

        _trio(live_signup)
        assert '"name":"Eve"' in _http(port, "GET", "/api/users")[2]

        # the rate-limiting middleware: 10 requests per window and client, then 429 (the
        # window of 600 s does not end during the test; other clients are unaffected)
        client = {"X-Client-Id": "examples-test"}
        assert [_http(port, "GET", "/", headers=client)[0] for _ in range(11)] == [200] * 10 + [429]
        assert _http(port, "GET", "/", headers=client)[2] == '{"error":"rate limit exceeded"}'
        assert _http(port, "GET", "/", headers={"X-Client-Id": "someone-else"})[0] == 200
    finally:
        proc.stop()


def check_chat(exe: Path, tmp_path: Path) -> None:
    proc = Proc(exe, {"PORT": "0", "WS_PORT": "0"}, tmp_path)
    try:
        m = proc.wait_line(r"\[mesh-rt\] WebSocket server listening on 0\.0\.0\.0:(\d+)", "err")
        ws_port = int(m.group(1))
        proc.wait_line(r"\[mesh-rt\] HTTP server listening on", "err")

        async def relay():
            url = f"ws://127.0.0.1:{ws_port}/chat"
            async with open_websocket_url(url) as a, open_websocket_url(url) as b:
                # both have joined the lobby once on_open ran; a round trip proves it for b
                await a.send_message("hello")
                assert await b.get_message() == "hello"
                await b.send_message("hi a")
                assert await a.get_message() == "hi a"

        _trio(relay)
        proc.wait_line(r"^relayed 5 bytes$")
        proc.wait_line(r"^relayed 4 bytes$")
        proc.wait_line(r"^closed with 1000$")
    finally:
        proc.stop()


def check_greeter(exe: Path, tmp_path: Path) -> None:
    pa, pb = _free_ports(2)
    alpha, beta = f"alpha@127.0.0.1:{pa}", f"beta@127.0.0.1:{pb}"
    cookie = "examples-cookie-3b9d"
    b = Proc(exe, {"ROLE": "beta", "SELF": beta, "PEER": alpha, "COOKIE": cookie}, tmp_path)
    a = None
    try:
        b.wait_line(r"^beta ready$")
        a = Proc(exe, {"ROLE": "alpha", "SELF": alpha, "PEER": beta, "COOKIE": cookie}, tmp_path)
        rc, out = a.finish()
        assert (rc, out) == (0, [f"I am {alpha}, peers: [{beta}]"]), a.text()
        rc, out = b.finish()
        assert rc == 0, b.text()
        # the greeter and beta's main are two processes: their lines may come in either order
        assert out[0] == "beta ready" and out[-1] == f"lost contact with {alpha}", b.text()
        assert sorted(out[1:-1]) == ["Hello, remote world!", "ledger recorded 42"], b.text()
    finally:
        for p in (a, b):
            if p is not None:
                p.stop()


def check_observatory_demo(exe: Path, tmp_path: Path) -> None:
    """Standalone here (no cluster env); as two cluster nodes watched by `mesh observatory`
    in tests/cluster/test_observatory.py."""
    proc, port = _server(exe, tmp_path, HTTP_PORT="0")
    try:
        assert _http(port, "GET", "/text")[::2] == (200, "Hello, World!")
        assert _http(port, "GET", "/crash")[::2] == (200, "one fragile actor started")
        proc.wait_line(
            r"\[mesh-rt\] actor <0\.\d+> \(fragile\) crashed: .*fragile actor gave up", "err"
        )
    finally:
        proc.stop()


TESTING_REPORT = """\
  ✓ greeting > includes the name
  ✓ greeting > is never empty
  ✓ mailbox round trip
  ✓ mock forwards mail

4 passed in <S>s
"""


def _times(text: str) -> str:
    return re.sub(r" in \d+\.\d\ds$", " in <S>s", text, flags=re.M)


def check_testing(exe: Path, tmp_path: Path) -> None:
    """`*.test.mpl` (spec 08 §7.4): the built file is the test program itself, and
    `mesh test` on the example project reports the same plus the per-file line."""
    r = subprocess.run(
        [str(exe)],
        capture_output=True,
        timeout=RUN_TIMEOUT,
        stdin=subprocess.DEVNULL,
        env=_program_env(),
        cwd=tmp_path,
    )
    out = r.stdout.decode("utf-8", "replace")
    assert (r.returncode, _times(out)) == (0, TESTING_REPORT), r.stderr.decode()
    project = tmp_path / "testing"  # a copy: `mesh test` writes .mesh/test/ into the project
    shutil.copytree(EXAMPLES / "testing", project, ignore=shutil.ignore_patterns(".mesh"))
    r = subprocess.run(
        mesh_command() + ["test", str(project)],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        stdin=subprocess.DEVNULL,
        env=mesh_env(),
        cwd=tmp_path,
    )
    assert (r.returncode, _times(r.stdout)) == (0, TESTING_REPORT + "\n1 passed in <S>s\n"), (
        r.stderr
    )


LIVE_CHECKS: dict[str, Callable[[Path, Path], None]] = {
    "testing/tests/greeting.test.mpl": check_testing,
    "http/shout.mpl": check_shout,
    "http/api_key.mpl": check_api_key,
    "http/landing.mpl": check_landing,
    "http/chat.mpl": check_chat,
    "cluster/greeter.mpl": check_greeter,
    "cluster/observatory_demo.mpl": check_observatory_demo,
}

# Examples run against a real PostgreSQL by the tests/db/ suite, which starts the server.
CHECKED_ELSEWHERE: dict[str, Path] = {
    "databases/postgres_landing.mpl": ROOT / "tests" / "db" / "test_query_repo.py",
}


# --------------------------------------------------------------------------- tests


def test_every_example_has_one_check():
    assert SOURCES, f"no examples found in {EXAMPLES}"
    names = {_rel(s) for s in SOURCES}
    problems = []
    for src in SOURCES:
        checks = [
            src.with_suffix(".out").is_file(),
            _rel(src) in LIVE_CHECKS,
            _rel(src) in CHECKED_ELSEWHERE,
        ]
        if sum(checks) != 1:
            problems.append(
                f"{_rel(src)}: needs exactly one of NAME.out, a LIVE_CHECKS or a "
                "CHECKED_ELSEWHERE entry"
            )
    problems += [f"LIVE_CHECKS entry without example: {k}" for k in LIVE_CHECKS if k not in names]
    problems += [
        f"CHECKED_ELSEWHERE entry without example: {k}" for k in CHECKED_ELSEWHERE if k not in names
    ]
    for rel, module in CHECKED_ELSEWHERE.items():  # the other test runs this very file
        parts = Path(rel).parts
        if not all(f'"{p}"' in module.read_text(encoding="utf-8") for p in parts):
            problems.append(f"{module.name} does not build examples/{rel}")
    problems += [
        f"{_rel(o)} has no {o.stem}.mpl"
        for o in EXAMPLES.rglob("*.out")
        if _rel(o.with_suffix(".mpl")) not in names
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("src", SOURCES, ids=_rel)
def test_example(src: Path, tmp_path: Path):
    exe = _build(src, tmp_path)
    expected = src.with_suffix(".out")
    if _rel(src) in CHECKED_ELSEWHERE:
        return  # built; run against its service by CHECKED_ELSEWHERE[...]
    check = LIVE_CHECKS.get(_rel(src))
    if check is not None:
        check(exe, tmp_path)
        return
    assert expected.is_file(), (
        f"{_rel(src)} has no check (add {expected.name} or a LIVE_CHECKS entry)"
    )
    run_dir = tmp_path / "cwd"
    run_dir.mkdir()
    try:
        r = subprocess.run(
            [str(exe)],
            capture_output=True,
            timeout=RUN_TIMEOUT,
            stdin=subprocess.DEVNULL,
            env=_program_env(),
            cwd=run_dir,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{_rel(src)} did not end within {RUN_TIMEOUT} s")
    out, err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    assert (r.returncode, out) == (0, expected.read_text(encoding="utf-8")), (
        f"{_rel(src)}: exit {r.returncode}\nstderr:\n{err}"
    )
