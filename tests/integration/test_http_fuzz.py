"""Bad-input soak test against a BUILT Mesh server (tests/integration/http_programs/app).

For each parser (`MESH_HTTP_PARSER=fast|h11`) the app server is started as a subprocess and
driven with exactly `TOTAL` requests over ~2,300 raw-socket connections from a thread pool;
`TOTAL // 5` of them are malformed.  The plan is generated from a fixed seed (the thread
interleaving varies, but every connection's bytes and expected outcome do not):

  good   GET /text, GET /users/N, GET /query, POST /echo (Content-Length and chunked), a
         WebSocket upgrade (101) on the `Ws.serve` echo port and echoed text frames
  bad    random garbage, truncated request lines (complete or cut off by EOF), oversized
         heads (one huge header, too many headers, many medium headers), bad chunked
         framing, bad / conflicting / oversized Content-Length, and bad WebSocket frames
         after a valid upgrade (unmasked, RSV bits, reserved opcodes, fragmented or long
         control frames, orphan continuation, invalid UTF-8, bad close payloads)

A connection carries 0-7 good requests (sequential, or pipelined in one write together
with the bad one), optionally followed by one bad one, which must be the last thing on it:
the server answers the good ones, then 400/431/413, and closes (or, for a request cut off
by EOF, just closes; for a bad WebSocket frame, sends a close frame 1002/1007 and closes).  Afterwards: the server is still up and serving, no handler
panicked, and after every client socket is closed the server's fd count
(/proc/<pid>/fd) is back to its warmed-up baseline (small slack; polled while the
server notices the EOFs).  The runtime exposes no task/connection count to a separate
process, so the fd count is the leak check (each connection task owns exactly one fd).
"""

from __future__ import annotations

import base64
import os
import random
import socket
import struct
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from http_support import PARSERS, Reader, WsReader, req_bytes, start_server, ws_frame

SEED = 0x5EED_F022
TOTAL = 10_000
BAD = TOTAL // 5
WORKERS = 16  # per parser; both parsers run at once
IO_TIMEOUT = 20.0  # per socket operation
FD_SLACK = 3
FD_SETTLE = 30.0  # max wait for the server to drop closed connections (a poll: loaded CI)
# Per parser, a hang guard only: past it the remaining connections are not tried. Generous,
# because in CI this test shares 2 cores with the Nuitka release build.
WALL_LIMIT = 400.0

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")


@pytest.fixture(scope="module")
def app_exe(http_program):
    return http_program("app")


# --------------------------------------------------------------------------- the plan


def good_http(rng: random.Random) -> tuple[bytes, bytes]:
    """(request bytes, expected response body) for a 200 request."""
    k = rng.randrange(5)
    if k == 0:
        return req_bytes("GET", "/text"), b"hello"
    if k == 1:
        n = str(rng.randrange(10**6))
        return (
            req_bytes("GET", f"/users/{n}"),
            b'{"id":"%s","path":"/users/%s"}' % (n.encode(), n.encode()),
        )
    if k == 2:
        a, b = rng.randrange(1000), rng.randrange(1000)
        return req_bytes("GET", f"/query?a={a}&b={b}"), f"a={a};b={b};c=<none>".encode()
    body = bytes(
        rng.choice(b"abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randrange(1, 300))
    )
    want = b"POST:%d:%s" % (len(body), body)
    if k == 3:
        return req_bytes("POST", "/echo", body=body), want
    cut = rng.randrange(1, len(body) + 1)
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in (body[:cut], body[cut:]) if p)
    return req_bytes(
        "POST", "/echo", {"Transfer-Encoding": "chunked"}
    ) + chunks + b"0\r\n\r\n", want


TOKEN_BAD_FIRST = b'\x00\x01\x02\x7f ()<>@,;:\\"/[]?={}\x80\xff'


def bad_http(rng: random.Random, kind: str) -> tuple[bytes, set[int], bool, str]:
    """(bytes, acceptable statuses, half-close after sending, label).  An empty status set
    means: no response, just a close."""
    if kind == "garbage":
        n = rng.randrange(1, 200)
        junk = bytes([rng.choice(TOKEN_BAD_FIRST)]) + bytes(
            rng.choice([b for b in range(256) if b not in (10, 13)]) for _ in range(n)
        )
        return junk + b"\r\n\r\n", {400}, False, "garbage"
    if kind == "truncated":
        variant = rng.randrange(6)
        if variant == 0:  # llhttp alone would take this as HTTP/0.9
            return b"GET /text\r\nHost: x\r\n\r\n", {400}, False, "truncated:no-version"
        if variant == 1:
            return b"GET\r\nHost: x\r\n\r\n", {400}, False, "truncated:method-only"
        if variant == 2:
            return b"GET /text HTTP/\r\nHost: x\r\n\r\n", {400}, False, "truncated:version"
        if variant == 3:
            return b"GET /text HTT\r\n\r\n", {400}, False, "truncated:version2"
        line = b"GET /text HTTP/1.1\r\nHost: x\r\n\r\n"
        cut = rng.randrange(1, 20)
        # cut off by EOF: the server must just close (a 400 is tolerated)
        return line[:cut], {400, 0}, True, f"truncated:eof@{cut}"
    if kind == "oversized":
        variant = rng.randrange(3)
        if variant == 0:
            return (
                req_bytes("GET", "/text", {"X-Big": "a" * rng.randrange(8300, 12000)}),
                {431},
                False,
                "oversized:one-header",
            )
        if variant == 1:
            return (
                req_bytes("GET", "/text", {f"X-H{i}": "v" for i in range(rng.randrange(101, 200))}),
                {431},
                False,
                "oversized:count",
            )
        return (
            req_bytes("GET", "/text", {f"X-M{i}": "m" * 150 for i in range(60)}),
            {431},
            False,
            "oversized:total",
        )
    if kind == "chunked":
        head = b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        variant = rng.randrange(4)
        if variant == 0:
            return head + b"zz\r\nabc\r\n0\r\n\r\n", {400}, False, "chunked:bad-hex"
        if variant == 1:
            return head + b"3\r\nabcXX0\r\n\r\n", {400}, False, "chunked:no-crlf"
        if variant == 2:
            return head + b"-3\r\nabc\r\n0\r\n\r\n", {400}, False, "chunked:negative"
        return (
            head + b"fffffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
            {400, 413},
            False,
            "chunked:overflow",
        )
    if kind == "length":
        variant = rng.randrange(5)
        if variant == 0:
            return (
                b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
                {400},
                False,
                "length:word",
            )
        if variant == 1:
            return (
                b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                {400},
                False,
                "length:negative",
            )
        if variant == 2:
            return (
                b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                {400},
                False,
                "length:conflict",
            )
        if variant == 3:
            return (
                b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\nab",
                {400},
                False,
                "length:two-numbers",
            )
        return (
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 16777217\r\n\r\n",
            {413},
            False,
            "length:too-big",
        )
    raise AssertionError(kind)


def bad_ws(rng: random.Random) -> tuple[bytes, set[int], str]:
    """(frame bytes, acceptable close codes, label)."""
    variant = rng.randrange(9)
    return [
        (ws_frame(1, b"hi", masked=False), {1002}, "ws:unmasked"),
        (ws_frame(1, b"hi", rsv=rng.choice([1, 2, 4])), {1002}, "ws:rsv"),
        (ws_frame(rng.choice([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), b"x"), {1002}, "ws:opcode"),
        (ws_frame(9, b"p", fin=False), {1002}, "ws:fragmented-ping"),
        (ws_frame(9, b"p" * 126), {1002}, "ws:long-ping"),
        (ws_frame(0, b"orphan"), {1002}, "ws:orphan-continuation"),
        (ws_frame(1, b"ok\xff\xfe"), {1007}, "ws:bad-utf8"),
        (ws_frame(8, b"\x03"), {1002}, "ws:close-1-byte"),
        (ws_frame(8, struct.pack("!H", 999)), {1002}, "ws:close-bad-code"),
    ][variant]


def make_plan(seed: int) -> list[dict]:
    rng = random.Random(seed)
    kinds = ["garbage", "truncated", "oversized", "chunked", "length", "ws"]
    sessions = []
    for _ in range(BAD):
        kind = rng.choice(kinds)
        n_good = rng.randrange(0, 4)
        if kind == "ws":
            sessions.append(
                {
                    "ws": True,
                    "msgs": [f"m{rng.randrange(10**9)}" for _ in range(n_good)],
                    "bad": bad_ws(rng),
                }
            )
        else:
            sessions.append(
                {
                    "ws": False,
                    "good": [good_http(rng) for _ in range(n_good)],
                    "bad": bad_http(rng, kind),
                    "pipeline": rng.random() < 0.6,
                }
            )
    count = lambda s: (1 + len(s["msgs"]) if s["ws"] else len(s["good"])) + (s["bad"] is not None)  # noqa: E731
    total = sum(count(s) for s in sessions)
    while total < TOTAL:
        left = TOTAL - total
        if rng.random() < 0.05:
            n = min(rng.randrange(1, 8), left - 1)
            s = {"ws": True, "msgs": [f"g{rng.randrange(10**9)}" for _ in range(n)], "bad": None}
        else:
            n = min(rng.randrange(4, 17), left)
            s = {
                "ws": False,
                "good": [good_http(rng) for _ in range(n)],
                "bad": None,
                "pipeline": rng.random() < 0.6,
            }
        sessions.append(s)
        total += count(s)
    rng.shuffle(sessions)
    assert sum(count(s) for s in sessions) == TOTAL
    assert sum(s["bad"] is not None for s in sessions) == BAD
    return sessions


# --------------------------------------------------------------------------- drivers


def _connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
    s.settimeout(IO_TIMEOUT)
    return s


def _send(s: socket.socket, data: bytes) -> bool:
    try:
        s.sendall(data)
        return True
    except (BrokenPipeError, ConnectionResetError):
        return False  # the server answered and closed before taking everything


def _closed(rd: Reader) -> bool:
    try:
        return rd.at_eof()
    except OSError:
        return True


def run_http(port: int, sess: dict) -> list[str]:
    """Returns a list of failures (empty = all as expected)."""
    fails: list[str] = []
    good = sess["good"]
    bad = sess["bad"]
    with _connect(port) as s:
        rd = Reader(s)
        if sess["pipeline"]:
            # the bad request in the same write: good requests ahead of it are answered
            _send(s, b"".join(g[0] for g in good) + (bad[0] if bad is not None else b""))
            todo = [(None, g[1]) for g in good]
        else:
            todo = []
        for i, (req, want) in enumerate(todo or good):
            if req is not None and not _send(s, req):
                fails.append(f"good #{i}: send failed")
                return fails
            try:
                r = rd.response()
            except (OSError, EOFError, AssertionError, ValueError) as e:
                fails.append(f"good #{i} {want[:40]!r}: {type(e).__name__}: {e}")
                return fails
            if (r.status, r.body) != (200, want):
                fails.append(f"good #{i}: got {r!r}, want 200 {want[:60]!r}")
        if bad is None:
            return fails
        data, statuses, half_close, label = bad
        if not sess["pipeline"]:
            _send(s, data)
        if half_close:
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        try:
            r = rd.response()
            status = r.status
        except EOFError:
            status = 0
        except ConnectionResetError:
            status = 0
        except (OSError, AssertionError, ValueError) as e:
            fails.append(f"bad {label}: {type(e).__name__}: {e}")
            return fails
        if status not in statuses:
            fails.append(f"bad {label}: status {status or 'close'}, want {sorted(statuses)}")
        if status and not _closed(rd):
            fails.append(f"bad {label}: connection not closed after {status}")
    return fails


def run_ws(port: int, sess: dict) -> list[str]:
    fails: list[str] = []
    key = base64.b64encode(os.urandom(16)).decode()
    with _connect(port) as s:
        s.sendall(
            (
                f"GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                f"Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        buf = b""
        try:
            while b"\r\n\r\n" not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
        except OSError as e:
            return [f"upgrade: {type(e).__name__}: {e}"]
        head, _, rest = buf.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            return [f"upgrade: {head[:200]!r}"]
        rd = WsReader(s, rest)
        try:
            for i, m in enumerate(sess["msgs"]):
                s.sendall(ws_frame(1, m.encode()))
                op, payload = rd.frame()
                if (op, payload) != (1, b"echo:" + m.encode()):
                    fails.append(f"ws good #{i}: got {(op, payload[:60])}")
                    return fails
        except (OSError, EOFError, AssertionError) as e:
            return [f"ws good: {type(e).__name__}: {e}"]
        bad = sess["bad"]
        if bad is None:
            data, codes, label = ws_frame(8, struct.pack("!H", 1000)), {1000}, "ws:normal-close"
        else:
            data, codes, label = bad
        _send(s, data)
        try:
            op, payload = rd.frame()
        except (EOFError, ConnectionResetError):
            op, payload = None, b""
        except (OSError, AssertionError) as e:
            return [f"bad {label}: {type(e).__name__}: {e}"]
        if op != 8:
            fails.append(
                f"{label}: want a close frame {sorted(codes)}, got "
                f"{'EOF' if op is None else (op, payload[:60])}"
            )
        else:
            code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
            if code not in codes:
                fails.append(f"{label}: close code {code} {payload[2:]!r}, want {sorted(codes)}")
            _send(s, ws_frame(8, payload[:2]))  # echo the close
        try:
            while True:
                rd.frame()
        except (EOFError, ConnectionResetError):
            pass
        except OSError as e:  # timeout: the server never closed
            fails.append(f"{label}: connection not closed: {type(e).__name__}: {e}")
        except AssertionError as e:
            fails.append(f"{label}: {e}")
    return fails


def run_session(srv, sess: dict, deadline: float = float("inf")) -> list[str]:
    if time.monotonic() > deadline:
        return ["not run: wall-clock limit reached (server stalled?)"]
    return run_ws(srv.ws_port, sess) if sess["ws"] else run_http(srv.port, sess)


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fd_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def _settled_fd_count(pid: int, timeout_s: float = 10.0) -> int:
    """The fd count once it stops changing (closed sessions are reaped asynchronously):
    the same value on five reads in a row, polled with a deadline."""
    deadline = time.monotonic() + timeout_s
    last, same = fd_count(pid), 0
    while same < 5:
        assert time.monotonic() < deadline, "the server's fd count never settled"
        time.sleep(0.02)
        now = fd_count(pid)
        same = same + 1 if now == last else 0
        last = now
    return last


# --------------------------------------------------------------------------- the test


def soak(app_exe, parser: str) -> tuple[list[str], str]:
    """Runs the whole plan against a fresh server; returns (problems, summary)."""
    plan = make_plan(SEED)
    srv = start_server(app_exe, parser, ws=True)
    problems: list[str] = []
    try:
        pid = srv.proc.pid
        # warm up every code path (lazy imports, first-use allocations), then take the baseline
        warm = make_plan(SEED + 1)[:60]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda s: run_session(srv, s), warm))
        before = _settled_fd_count(pid)

        cpu0 = cpu_seconds(pid)
        t0 = time.monotonic()
        with ThreadPoolExecutor(WORKERS) as pool:
            results = list(pool.map(lambda s: run_session(srv, s, t0 + WALL_LIMIT), plan))
        elapsed = time.monotonic() - t0
        cpu = cpu_seconds(pid) - cpu0

        fails = [f for r in results for f in r]
        if fails:
            kinds = Counter(
                f.split(":")[0] if not f.startswith("bad ") else ":".join(f.split(":")[:2])
                for f in fails
            )
            problems.append(
                f"{len(fails)} failures ({dict(kinds)}); first 15:\n" + "\n".join(fails[:15])
            )
        if not srv.alive():
            problems.append(
                f"server died (exit {srv.proc.returncode}):\n{srv.stderr_text()[-3000:]}"
            )
            return problems, ""
        # still serving, on both ports
        problems += run_http(
            srv.port, {"good": [good_http(random.Random(1))], "bad": None, "pipeline": False}
        )
        problems += run_ws(srv.ws_port, {"msgs": ["last"], "bad": None})

        deadline = time.monotonic() + FD_SETTLE
        after = fd_count(pid)
        while after > before + FD_SLACK and time.monotonic() < deadline:
            time.sleep(0.1)
            after = fd_count(pid)
        if after > before + FD_SLACK:
            problems.append(f"fd leak: {before} before, {after} after")

        err = srv.stderr_text()
        for marker in ("Traceback", "panicked", "internal error"):
            if marker in err:
                problems.append(f"{marker!r} on stderr:\n{err[-3000:]}")
        return problems, (
            f"[{parser}] {TOTAL} requests ({BAD} bad) over {len(plan)} connections "
            f"in {elapsed:.1f} s (server CPU {cpu:.1f} s); fds {before} -> {after}"
        )
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def soak_results(app_exe):
    """Both parsers' soaks run at the same time (each server is one CPU-bound process)."""
    with ThreadPoolExecutor(len(PARSERS)) as pool:
        futures = {p: pool.submit(soak, app_exe, p) for p in PARSERS}
    return dict(futures.items())


@pytest.mark.slow
@pytest.mark.parametrize("parser", PARSERS)
def test_bad_input_soak(soak_results, parser):
    problems, summary = soak_results[parser].result()
    print(summary)
    assert not problems, "\n\n".join(problems)


# --------------------------------------------------------------------------- regressions
# Deterministic reproductions of what the soak once found (fixed in mesh/runtime/http/).


@pytest.fixture(scope="module")
def shared(app_exe):
    """One server per parser for the small tests below (the soak uses fresh ones)."""
    running: dict[str, object] = {}

    def get(parser):
        if parser not in running:
            running[parser] = start_server(app_exe, parser, ws=True)
        return running[parser]

    try:
        yield get
    finally:
        for srv in running.values():
            srv.stop()


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    "bad, status",
    [
        (b"\x00garbage\r\n\r\n", 400),
        (req_bytes("GET", "/text", {"X-Big": "a" * 9000}), 431),
        (b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", 400),
    ],
    ids=["garbage", "431", "bad-length"],
)
def test_pipelined_requests_before_a_bad_one(shared, parser, bad, status):
    """httptools parses a whole read at once; the requests ahead of the bad one must still
    be answered, in order, before the error status and the close."""
    srv = shared(parser)
    with _connect(srv.port) as s:
        _send(s, req_bytes("GET", "/text") + req_bytes("GET", "/users/5") + bad)
        rd = Reader(s)
        got = []
        for _ in range(3):
            try:
                r = rd.response()
            except (EOFError, OSError):
                break
            got.append((r.status, r.body))
        closed = _closed(rd)
    assert [g[0] for g in got] == [200, 200, status], got
    assert closed, "connection must close after the error status"
    assert got[:2] == [(200, b"hello"), (200, b'{"id":"5","path":"/users/5"}')], got
    assert srv.alive()


@pytest.mark.parametrize("parser", PARSERS)
def test_request_line_without_version_is_400(shared, parser):
    """llhttp reads a request line without a version as HTTP/0.9; h11 and we do not."""
    srv = shared(parser)
    sess = {
        "good": [],
        "pipeline": False,
        "bad": (b"GET /text\r\nHost: x\r\n\r\n", {400}, False, "no-version"),
    }
    assert run_http(srv.port, sess) == []


@pytest.mark.parametrize("parser", PARSERS)
def test_ws_protocol_violation_sends_close_frame(shared, parser):
    """Spec 06 §2.2: a close frame 1002 (1007 for bad UTF-8) before the TCP close."""
    srv = shared(parser)
    fails = []
    for frame, codes, label in [
        (ws_frame(1, b"hi", masked=False), {1002}, "ws:unmasked"),
        (ws_frame(0, b"orphan"), {1002}, "ws:orphan-continuation"),
        (ws_frame(1, b"ok\xff\xfe"), {1007}, "ws:bad-utf8"),
    ]:
        fails += run_ws(srv.ws_port, {"msgs": ["x"], "bad": (frame, codes, label)})
    assert fails == []
