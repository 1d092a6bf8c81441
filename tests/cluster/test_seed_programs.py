"""Compiled Mesh programs for every distribution-seed example of spec 07 §§1–10.

Each test builds one program from `tests/cluster/programs/` with the real CLI
(`mesh build FILE -o EXE`, once per session), runs two or three copies as separate OS
processes on 127.0.0.1 (free ports, roles chosen by environment variables) and checks what
they print. Processes are coordinated by awaiting lines on their stdout (or writing a line to
their stdin), never by sleeping; every wait is bounded and every child is killed at the end.
"""

from __future__ import annotations

import os
import queue
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import trio
from trio_websocket import open_websocket_url

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = Path(__file__).with_name("programs")
COOKIE = "seed-cookie-7f3a9c"
OTHER_COOKIE = "other-cookie-d41e"
REMOTE_PID = re.compile(r"<[1-9]\d*\.\d+\.\d+>")
WAIT = 15.0  # upper bound for any single awaited line


def _mesh() -> list[str]:
    exe = Path(sys.executable).parent / "mesh"
    if exe.is_file() and os.access(exe, os.X_OK):
        return [str(exe)]
    return [sys.executable, "-m", "mesh.cli"]


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MESH_DEBUG", None)
    env["NO_COLOR"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    pp = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + pp if pp else "")
    env.update(extra or {})
    return env


@pytest.fixture(scope="session")
def programs(tmp_path_factory) -> dict[str, Path]:
    """Build every program once (in parallel) with the real `mesh build`."""
    out = tmp_path_factory.mktemp("seed_programs")
    sources = sorted(PROGRAMS.glob("*.mpl"))

    def build(src: Path):
        exe = out / src.stem
        r = subprocess.run(
            _mesh()
            + [
                "build",
                str(src),
                "-o",
                str(exe),
                "--no-color",
                "--build-dir",
                str(out / f"build_{src.stem}"),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=_env(),
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
        )
        return src.stem, exe, r

    built: dict[str, Path] = {}
    failures = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for stem, exe, r in pool.map(build, sources):
            if r.returncode != 0:
                failures.append(f"{stem}: exit {r.returncode}\n{r.stdout}{r.stderr}")
            built[stem] = exe
    assert not failures, "\n".join(failures)
    return built


_handed_out: set[int] = set()


def free_port() -> int:
    """A currently free port on 127.0.0.1, never the same one twice in a session."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _handed_out:
            _handed_out.add(port)
            return port


def node_name(base: str) -> str:
    return f"{base}@127.0.0.1:{free_port()}"


class Proc:
    """A compiled program in its own process; stdout/stderr are read line by line."""

    def __init__(self, exe: Path, env: dict[str, str], label: str):
        self.label = label
        self.p = subprocess.Popen(
            [str(exe)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_env(env),
            cwd=str(ROOT),
        )
        self.lines: queue.Queue = queue.Queue()
        self.out: list[str] = []
        self.err: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump_out, daemon=True),
            threading.Thread(target=self._pump_err, daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _pump_out(self):
        for line in self.p.stdout:
            line = line.rstrip("\n")
            self.out.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def _pump_err(self):
        for line in self.p.stderr:
            self.err.append(line.rstrip("\n"))

    def _describe(self) -> str:
        return (
            f"[{self.label}] stdout so far: {self.out!r}\n"
            f"[{self.label}] stderr so far: {self.err!r}"
        )

    def expect(self, pattern: str, timeout: float = WAIT) -> re.Match:
        """Wait for the next stdout line; it must fully match `pattern` (a regex)."""
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"timed out waiting for {pattern!r}\n{self._describe()}") from None
        if line is None:
            self.lines.put(None)
            raise AssertionError(f"EOF waiting for {pattern!r}\n{self._describe()}")
        m = re.fullmatch(pattern, line)
        assert m, f"expected {pattern!r}, got {line!r}\n{self._describe()}"
        return m

    def expect_line(self, text: str, timeout: float = WAIT) -> None:
        self.expect(re.escape(text), timeout)

    def write(self, line: str) -> None:
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def finish(self, timeout: float = WAIT) -> int:
        """Wait for exit; return the status (stdout/stderr fully read)."""
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"did not exit within {timeout}s\n{self._describe()}") from None
        for t in self._threads:
            t.join(5)
        return rc

    def rest(self) -> list[str]:
        """Remaining stdout lines after the process ended."""
        self.finish()
        lines = []
        while True:
            line = self.lines.get(timeout=1)
            if line is None:
                self.lines.put(None)
                return lines
            lines.append(line)

    def wait_stderr(self, text: str, timeout: float = WAIT) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(text in ln for ln in list(self.err)):
                return True
            if self.p.poll() is not None:
                for t in self._threads:
                    t.join(2)
                return any(text in ln for ln in self.err)
            time.sleep(0.02)
        return False

    def sigkill(self) -> None:
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGKILL)
        self.p.wait(5)

    def close(self) -> None:
        if self.p.poll() is None:
            self.p.kill()
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.p.stdin, self.p.stdout, self.p.stderr):
            try:
                f.close()
            except OSError:
                pass


@pytest.fixture
def run(programs):
    """`run(program, label, **env)` starts a node process; all are killed at teardown."""
    started: list[Proc] = []

    def start(program: str, label: str, **env: str) -> Proc:
        p = Proc(programs[program], {k: str(v) for k, v in env.items()}, label)
        started.append(p)
        return p

    start.started = started
    try:
        yield start
    finally:
        for p in started:
            p.close()


def assert_cookie_hidden(procs, *cookies):
    for p in procs:
        for line in p.out + p.err:
            for c in cookies:
                assert c not in line, f"[{p.label}] cookie leaked: {line!r}"


# ---- §2: the Node API example (greeter) ------------------------------------------------------


def test_greeter_example_remote_spawn_and_send(run):
    alpha, beta = node_name("alpha"), node_name("beta")
    b = run("greeter", "beta", ROLE="beta", SELF=beta, PEER=alpha, COOKIE=COOKIE)
    b.expect_line(f"beta started 0 {beta}; {alpha} not connected")
    a = run("greeter", "alpha", ROLE="alpha", SELF=alpha, PEER=beta, COOKIE=COOKIE)
    a.expect_line(f"I am {alpha}, peers: [{beta}]")
    m = a.expect(r"spawned (<.*>)")
    assert REMOTE_PID.fullmatch(m.group(1)), m.group(1)
    assert m.group(1).startswith("<1.")  # first (and only) peer of alpha
    assert a.finish() == 0  # main returned; the queued send was flushed before exit
    assert a.rest() == []
    # the greeter's line and alpha's departure may come in either order
    assert sorted(b.rest()) == sorted(["Hello, remote world!", f"beta: {alpha} left"])
    assert b.finish() == 0
    assert_cookie_hidden([a, b], COOKIE)


# ---- §1 names and §2/§7.5/§9 return codes, in one process -----------------------------------


def test_node_names_and_return_codes(run):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        bport = busy.getsockname()[1]
        closed = node_name("nobody")
        p = run("codes", "codes", COOKIE=COOKIE, BUSY=f"busy@127.0.0.1:{bport}", CLOSED=closed)
        assert p.finish() == 0, p._describe()
    out = p.rest()
    m = re.fullmatch(r"self: codes@127\.0\.0\.1:(\d+)", out[18])
    assert m and 0 < int(m.group(1)) < 65536, out[18]  # port 0 → actual bound port
    out[18] = "self: codes@127.0.0.1:<port>"
    assert out == [
        "self before: []",
        "list before: []",
        "connect before: -1",
        "monitor before: 1",
        "register before: 0",
        "whereis early is self: true",
        "start [] -> -3",
        "start [@127.0.0.1:4000] -> -3",
        "start [app@] -> -3",
        "start [app@127.0.0.1:abc] -> -3",
        "start [app@127.0.0.1:99999] -> -3",
        "start [app@[::1] -> -3",
        "start [app@[::1]x] -> -3",
        "start [app@fe80::zz:1] -> -3",
        "start [app@127.0.0.1:0] -> -3",  # empty cookie (Our choice)
        f"start [busy@127.0.0.1:{bport}] -> -2",
        "self after failures: []",
        "start port 0 -> 0",
        "self: codes@127.0.0.1:<port>",
        "list: []",
        "start again -> -1",
        "connect closed -> -2",
        "connect bad name -> -3",
        "connect bad port -> -3",
        "list after failed connects: []",
        "monitor empty -> 1",
        "monitor ghost -> 0",
        f"nodedown {closed}",  # not connected at call time → delivered at once
        "whereis missing: <0.0>",
        "unregister missing -> 1",
        "register empty -> 1",
        "register dup -> 1",
        "unregister early -> 0",
        "whereis early after: <0.0>",
        "dead pid down true noproc",  # failed Node.spawn → dead pid, monitor → noproc
        "done",
    ]
    assert any(
        ln.startswith(f"mesh node spawn failed target={closed} fn=") and "worker" in ln
        for ln in p.err
    ), p.err
    assert_cookie_hidden([p], COOKIE)


# ---- §9: the Global registry example (ledger) ------------------------------------------------


def test_ledger_example(run):
    p = run("ledger", "books", SELF=node_name("books"), COOKIE=COOKIE)
    assert p.finish() == 0, p._describe()
    assert p.rest() == ["ledger recorded 42"]
    assert p.err == []


def test_ledger_example_name_taken(run):
    p = run("ledger", "books", ROLE="taken", SELF=node_name("books"), COOKIE=COOKIE)
    assert p.finish() == 0, p._describe()
    assert p.rest() == ["pre-registered", "ledger name already taken"]


# ---- §2/§7.2/§9: Node.spawn of a function with a Global pid argument ------------------------


def test_pair_spawn_with_global_pid(run):
    an, bn = node_name("a"), node_name("b")
    a = run("pair", "a", ROLE="a", A=an, COOKIE=COOKIE)
    a.expect_line("a ready")
    b = run("pair", "b", ROLE="b", A=an, B=bn, COOKIE=COOKIE)
    b.expect_line(f"b connect 0 [{an}]")
    m = b.expect(r"b sees a_main (<.*>)")
    assert REMOTE_PID.fullmatch(m.group(1)), m.group(1)
    m = b.expect(r"b spawned (<.*>)")
    assert REMOTE_PID.fullmatch(m.group(1)), m.group(1)
    a.expect_line("a got 42")
    assert a.finish() == 0 and b.finish() == 0
    assert a.rest() == [] and b.rest() == []
    assert a.err == [] and b.err == []
    assert_cookie_hidden([a, b], COOKIE)


# ---- §9 across nodes: snapshot, replication, conflicts, cleanup ------------------------------


def test_global_registry_across_nodes(run):
    an, bn = node_name("a"), node_name("b")
    a = run("globals", "a", ROLE="a", A=an, COOKIE=COOKIE)
    a.expect_line("a register a_svc -> 0")
    a.expect_line("a register a_main -> 0")
    a.expect_line("a ready")
    b = run("globals", "b", ROLE="b", A=an, B=bn, COOKIE=COOKIE)
    b.expect_line("b connect 0")
    m = b.expect(r"b sees a_svc (<.*>)")  # the snapshot arrived during Node.connect
    assert REMOTE_PID.fullmatch(m.group(1)), m.group(1)
    b.expect_line("b register b_svc -> 0")
    b.expect_line("b got hello b")  # a saw the replicated name and sent to it
    b.expect_line("b register a_svc -> 1")  # already present in b's replica
    b.expect_line("b unregister a_svc -> 0")  # any process may unregister any name
    b.expect_line("b unregister a_svc again -> 1")
    b.expect_line("b whereis a_svc: <0.0>")
    b.expect_line("b register b_temp -> 0")
    # temp's own line interleaves with main's
    assert sorted(b.rest()) == ["b: b_temp cleaned true", "temp exits"]  # exit drops names
    assert b.finish() == 0
    a_out = a.rest()
    assert a.finish() == 0
    # a: keeper's lines interleave with main's lines, so compare as a multiset
    sees = [ln for ln in a_out if ln.startswith("a sees b_svc ")]
    assert len(sees) == 1 and re.fullmatch(r"a sees b_svc true <[1-9]\d*\.\d+\.\d+>", sees[0]), (
        a_out
    )
    a_out.remove(sees[0])
    assert sorted(a_out) == sorted(
        [
            "keeper got from b",
            "a: a_svc gone true",
            "a got b done; b_temp is <0.0>",  # the unregister broadcast came before "b done"
            "keeper stopped",
        ]
    )
    assert_cookie_hidden([a, b], COOKIE)


# ---- §5: transitive full mesh with three nodes ----------------------------------------------


def test_transitive_mesh_three_nodes(run):
    an, bn, cn = node_name("a"), node_name("b"), node_name("c")
    a = run("mesh3", "a", ROLE="a", SELF=an, COOKIE=COOKIE)
    a.expect_line("a ready")
    b = run("mesh3", "b", ROLE="b", SELF=bn, PEER=an, COOKIE=COOKIE)
    b.expect_line("b connect 0")
    b.expect_line("b ready")
    c = run("mesh3", "c", ROLE="c", SELF=cn, PEER=bn, COOKIE=COOKIE)
    c.expect_line("c connect 0")
    c.expect_line(f"c full mesh true [{', '.join(sorted([an, bn]))}]")
    # §7.1: remote pids print <I.N.C>, I = 1-based index of the peer in order of first
    # connection: b (dialed) is 1, a (learned from b's peer list) is 2
    m = c.expect(r"c pids (<\S*>) (<\S*>)")
    assert re.fullmatch(r"<1\.\d+\.\d+>", m.group(1)), m.group(0)
    assert re.fullmatch(r"<2\.\d+\.\d+>", m.group(2)), m.group(0)
    a.expect_line(f"a got from c; a list [{', '.join(sorted([bn, cn]))}]")
    b.expect_line("b got bye from c")
    for p in (a, b, c):
        assert p.finish() == 0
        assert p.rest() == []
    assert_cookie_hidden([a, b, c], COOKIE)


# ---- §7.5 lookout example + §10: SIGKILL → (:nodedown, name), globals dropped ----------------


def test_lookout_nodedown_on_sigkill(run):
    wn, vn = node_name("watcher"), node_name("victim")
    v = run("monitor", "victim", ROLE="victim", SELF=vn, PEER=wn, COOKIE=COOKIE)
    v.expect_line("victim register -> 0")
    v.expect_line("victim ready")
    w = run("monitor", "watcher", ROLE="watcher", SELF=wn, PEER=vn, COOKIE=COOKIE)
    w.expect_line("watcher connect 0")
    m = w.expect(r"watcher sees victim_svc (<.*>)")
    assert REMOTE_PID.fullmatch(m.group(1)), m.group(1)
    # main's lines and the lookout's first line may interleave
    armed = {
        w.expect(r"(watcher monitor -> 0|watcher armed|lookout watching .*)").group(0)
        for _ in range(3)
    }
    assert armed == {"watcher monitor -> 0", "watcher armed", f"lookout watching {vn}"}
    v.sigkill()
    rest = w.rest()
    assert w.finish() == 0
    assert sorted(rest) == sorted(
        [
            f"lost contact with {vn}",
            f"main nodedown {vn}",
            "victim_svc dropped true <0.0>",
            "list after nodedown: []",
        ]
    )
    assert rest.index(f"main nodedown {vn}") < rest.index("victim_svc dropped true <0.0>")
    assert_cookie_hidden([w, v], COOKIE)


# ---- §4.2: wrong cookie ----------------------------------------------------------------------


def test_wrong_cookie_rejected_both_sides_nothing_delivered(run):
    an, inn, pn = node_name("a"), node_name("intruder"), node_name("probe")
    a = run("badcookie", "a", ROLE="a", SELF=an, COOKIE=COOKIE)
    a.expect_line("a ready")
    i = run("badcookie", "intruder", ROLE="intruder", A=an, SELF=inn, COOKIE=OTHER_COOKIE)
    i.expect_line("intruder connect -3")
    i.expect_line("intruder list []")
    i.expect_line("intruder whereis <0.0>")  # no registry snapshot was exchanged
    i.expect_line("intruder done")
    assert i.finish() == 0
    host_port = an.split("@", 1)[1]
    assert i.wait_stderr(
        f"handshake with {host_port} failed: cookie mismatch: authentication failed from {an}"
    ), i.err
    assert i.wait_stderr(f"mesh node spawn failed target={an} fn="), i.err
    assert a.wait_stderr(
        f"mesh node: handshake failed: cookie mismatch: authentication failed from {inn}"
    ), a.err
    # a correct-cookie probe: its message is the first and only thing a receives
    p = run("badcookie", "probe", ROLE="probe", A=an, SELF=pn, COOKIE=COOKIE)
    p.expect_line("probe connect 0")
    assert p.finish() == 0
    a.expect_line("a got probe")
    a.expect_line(f"a list [{pn}]")  # the intruder never became a member
    assert a.finish() == 0
    assert a.rest() == []
    assert not any("worker ran" in ln for ln in a.out + i.out)
    assert_cookie_hidden([a, i, p], COOKIE, OTHER_COOKIE)


# ---- §2/§7.4: Node.spawn_link -----------------------------------------------------------------


@pytest.mark.slow
def test_spawn_link_both_directions_and_failure(run):
    an, bn, closed = node_name("a"), node_name("b"), node_name("nobody")
    b = run("spawnlink", "b", ROLE="b", B=bn, COOKIE=COOKIE)
    b.expect_line("b ready")
    a = run("spawnlink", "a", ROLE="a", A=an, B=bn, CLOSED=closed, COOKIE=COOKIE)
    a.expect_line("a connect 0")
    # remote crash → the linked (non-trapping) caller dies with the same reason
    m = a.expect(r"linker2 down: (.*)")
    assert "remote boom" in m.group(1), m.group(1)
    # failed spawn_link → the caller gets an exit signal noproc
    m = a.expect(r"(linker3 spawned <.*>|linker3 down: .*)")
    if m.group(0).startswith("linker3 spawned"):
        m = a.expect(r"linker3 down: .*")
    assert m.group(0) == "linker3 down: noproc"
    # local crash → the linked remote process dies with the same reason
    seen = {
        a.expect(r"(a waiting for go|a linked child <.*>)").group(1).split(" <")[0]
        for _ in range(2)
    }
    assert seen == {"a waiting for go", "a linked child"}
    b.expect_line("b monitoring child")
    a.write("go")
    m = a.expect(r"linker down: (.*)")
    assert "linker boom2" in m.group(1), m.group(1)
    m = b.expect(r"b child down: (.*)")
    assert "linker boom2" in m.group(1), m.group(1)
    assert a.finish() == 0 and b.finish() == 0
    assert not any("timeout" in ln or "survived" in ln for ln in a.out + b.out)
    assert_cookie_hidden([a, b], COOKIE)


# ---- §8: serialization ------------------------------------------------------------------------


def test_values_cross_nodes_and_closures_are_refused(run):
    an, bn = node_name("a"), node_name("b")
    b = run("serial", "b", ROLE="b", B=bn, COOKIE=COOKIE)
    b.expect_line("b ready")
    a = run("serial", "a", ROLE="a", A=an, B=bn, COOKIE=COOKIE)
    a.expect_line("a connect 0")
    local = a.expect(r"a local (.*)").group(1)
    b.expect_line(f"b got {local}")
    b.expect_line("b float field 1")  # Display of 1.0 is "1" (03 Float text form)
    a.expect_line("a roundtrip equal true")
    a.expect_line("bad down: STF: closures and function pointers cannot be serialized")
    b.expect_line("sink got mail")  # the session survived; the closure was never sent
    assert a.finish() == 0 and b.finish() == 0
    assert "bad survived" not in a.out
    assert_cookie_hidden([a, b], COOKIE)


# ---- §9 (Our choice): registry conflicts converge ---------------------------------------------


def test_global_conflict_converges_to_smaller_clock_owner(run):
    an, bn = node_name("a"), node_name("b")  # "a@…" < "b@…": with equal clocks a wins
    a = run("conflict", "a", ROLE="a", A=an, COOKIE=COOKIE)
    a.expect_line("a register shared -> 0")
    a.expect_line("a ready")
    b = run("conflict", "b", ROLE="b", A=an, B=bn, COOKIE=COOKIE)
    b.expect_line("b register shared -> 0")
    b.expect_line("b connect 0")
    m = b.expect(r"b shared moved true (<.*>)")
    assert REMOTE_PID.fullmatch(m.group(1)), m.group(1)
    b.expect_line("b register shared again -> 1")
    a.expect_line("a got to winner; shared is self true")
    assert a.finish() == 0 and b.finish() == 0
    log = f"mesh global: name conflict name=shared kept={an} dropped={bn}"
    assert any(log in ln for ln in a.err + b.err), (a.err, b.err)
    assert_cookie_hidden([a, b], COOKIE)


# ---- §7.1/§7.5: persistent node monitors, stale pids of a previous incarnation ---------------


def _incarnation_scenario(run, old_pid_down: str):
    wn, vn = node_name("watcher"), node_name("victim")
    v1 = run("incarnation", "victim1", ROLE="victim", SELF=vn, COOKIE=COOKIE)
    v1.expect_line("victim ready")
    w = run("incarnation", "watcher", ROLE="watcher", SELF=wn, PEER=vn, COOKIE=COOKIE)
    w.expect_line("watcher connect 0")
    w.expect_line("watcher monitor -> 0")
    v1.sigkill()
    w.expect_line(f"nodedown 1 {vn}")
    # same name, new incarnation (new creation); the watcher reconnects by itself
    v2 = run("incarnation", "victim2", ROLE="victim", SELF=vn, COOKIE=COOKIE)
    v2.expect_line("victim ready")
    w.expect_line("reconnected true")
    w.expect_line("fresh is old false")
    w.expect(f"old pid down {old_pid_down}")
    v2.expect_line("victim got fresh")  # the stale send was dropped, not delivered
    assert v2.finish() == 0
    w.expect_line(f"nodedown 2 {vn}")  # the registration survived the first nodedown
    assert w.finish() == 0
    assert w.rest() == [] and v2.rest() == []
    assert_cookie_hidden([w, v1, v2], COOKIE)


def test_node_monitor_persistent_and_stale_pids(run):
    _incarnation_scenario(run, "(noproc|noconnection)")


def test_stale_pid_monitor_is_noproc(run):
    _incarnation_scenario(run, "noproc")


# ---- 06 §2.3: WebSocket rooms across nodes (ROOM_BROADCAST, 07 §6) ---------------------------


def test_room_broadcast_reaches_members_on_every_node(run):
    alpha, beta = node_name("alpha"), node_name("beta")
    pa, pb = free_port(), free_port()
    a = run("rooms", "alpha", SELF=alpha, COOKIE=COOKIE, PORT=pa)
    a.expect_line("started")
    b = run("rooms", "beta", SELF=beta, PEER=alpha, COOKIE=COOKIE, PORT=pb)
    b.expect_line("connect 0")
    for p, port in ((a, pa), (b, pb)):
        assert p.wait_stderr(f"HTTP server listening on [::]:{port}"), p.err

    async def chat():
        with trio.fail_after(20):
            async with (
                open_websocket_url(f"ws://127.0.0.1:{pa}/chat") as wa,
                open_websocket_url(f"ws://127.0.0.1:{pb}/chat") as wb,
            ):
                assert await wa.get_message() == "joined"
                assert await wb.get_message() == "joined"
                await wa.send_message("hello from a")
                want = f"{alpha}: hello from a"
                assert await wa.get_message() == want  # local member
                assert await wb.get_message() == want  # member on the other node
                await wb.send_message("and back")
                want = f"{beta}: and back"
                assert await wb.get_message() == want
                assert await wa.get_message() == want
                # delivered once: nothing was forwarded back (the next message is this one)
                await wa.send_message("end")
                assert await wa.get_message() == f"{alpha}: end"
                assert await wb.get_message() == f"{alpha}: end"

    trio.run(chat)
    assert_cookie_hidden([a, b], COOKIE)


# ---- issue 13: a node serving HTTP at its fd limit (both listeners back off) ----------------


def test_http_node_at_fd_limit_survives_a_node_connect(run, nodes):
    """560 idle HTTP clients at `ulimit -n 512` exhaust the process's descriptors; one more
    TCP connect to the node port then makes the node listener's accept fail with EMFILE.
    Both listeners back off instead of ending the program, and once the clients are gone
    HTTP answers and a peer connects and talks to a global actor."""
    name, http = node_name("web"), free_port()
    w = run("webnode", "web", SELF=name, COOKIE=COOKIE, PORT=http)
    w.expect_line("start 0")
    w.expect_line("register 0")
    assert w.wait_stderr(f"HTTP server listening on [::]:{http}"), w.err
    resource.prlimit(w.p.pid, resource.RLIMIT_NOFILE, (512, 512))
    fds = len(os.listdir(f"/proc/{w.p.pid}/fd"))
    held = []
    try:
        for _ in range(560):
            held.append(socket.create_connection(("127.0.0.1", http), timeout=5))
        end = time.monotonic() + 20  # the HTTP server took all it could
        while len(os.listdir(f"/proc/{w.p.pid}/fd")) < 512 and time.monotonic() < end:
            time.sleep(0.05)
        held.append(socket.create_connection(("127.0.0.1", int(name.rsplit(":", 1)[1])), timeout=5))
        assert w.wait_stderr("mesh node: listener out of resources", timeout=20), w.err
        assert w.p.poll() is None, w.err
    finally:
        for s in held:
            s.close()
    end = time.monotonic() + 30
    while len(os.listdir(f"/proc/{w.p.pid}/fd")) > fds and time.monotonic() < end:
        time.sleep(0.1)
    assert len(os.listdir(f"/proc/{w.p.pid}/fd")) <= fds
    with urllib.request.urlopen(f"http://127.0.0.1:{http}/", timeout=10) as r:
        assert r.read().decode() == f"hello from {name}"
    peer = nodes()
    peer.start("peer", COOKIE)
    assert peer.cmd(f"connect {name}") == "0"
    assert peer.cmd("ask_global web_echo hi") == "echo hi"
    assert w.p.poll() is None and not any("internal error" in ln for ln in w.err), w.err
