"""The HTTP client of spec 05 §12 from compiled Mesh programs, against real servers on
loopback.

The programs under `http_programs/client/` are built with the real CLI (`build_program`)
and run as subprocesses; each test starts fresh peers from http_client_server.py: a
threaded Python HTTP/1.1 server (PORT), a listener that accepts and never answers
(SILENT_PORT) and a bound port nobody listens on (REFUSED_PORT). A test checks the
program's exact stdout, an empty stderr (Python ResourceWarnings are switched on, so a
leaked socket shows up there) and what the server observed.

  basic/   HTTP.get/post, the builder (method, headers, query encoding, Http.json, any status
           is Ok, lower-case response headers), consumed handles, timeouts, connection
           refused, bad URLs, redirects, gzip, a request that must not block other actors
  pool/    Http.client + send_with reusing one connection, pool isolation, a connection the
           server dropped, timeout on a pooled request, client_close
  stream/  Http.stream / stream_bytes pieces, "stop" and :stop, Http.cancel, failures -> 0

Every wait is bounded (the program run by RUN_TIMEOUT, the server's waits by its WAIT);
nothing asserts on durations.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from http_client_server import ClientTestServer, RefusedPort, SilentListener
from http_support import build_program
from mesh_build import mesh_env

RUN_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def exes(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("http_client")
    return {name: build_program(f"client/{name}", out) for name in ("basic", "pool", "stream")}


class Peers:
    def __init__(self) -> None:
        self.silent = SilentListener()
        self.refused = RefusedPort()
        self.server = ClientTestServer(self.silent)

    @property
    def state(self):
        return self.server.state

    def close(self) -> None:
        self.server.close()
        self.silent.close()
        self.refused.close()


@pytest.fixture
def peers():
    p = Peers()
    try:
        yield p
    finally:
        p.close()


def run_client(exe: Path, peers: Peers) -> str:
    """Runs EXE to completion; returns its stdout after checking exit 0 and a clean stderr."""
    env = mesh_env()
    env.pop("PYTHONPATH", None)
    env.update(
        PORT=str(peers.server.port),
        SILENT_PORT=str(peers.silent.port),
        REFUSED_PORT=str(peers.refused.port),
        PYTHONWARNINGS="always::ResourceWarning",
    )
    r = subprocess.run(
        [str(exe)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        cwd=exe.parent,
        timeout=RUN_TIMEOUT,
    )
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8", "replace")
    assert r.returncode == 0, f"exit {r.returncode}\nstdout:\n{out}\nstderr:\n{err}"
    assert err == "", err
    return out


def lines(text: str) -> str:
    return "\n".join(ln.strip() for ln in text.strip("\n").splitlines()) + "\n"


# --------------------------------------------------------------------------- basic

BASIC_LEGACY = lines("""
    get: Ok(hello from python)
    get 404: Err(http status: 404)
    get 500: Err(http status: 500)
    post: Ok(application/json {"n": 1})
    post json: Ok(application/json {"k": "v", "n": 2})
    get redirected: Ok(final via GET body=[])
    get refused: Err(io: Connection refused (os error 111))
    get bad uri: Err(bad uri: missing scheme)
""")

# `/echo` answers 201 with the request line and selected headers as the server saw them.
BASIC_BUILDER = lines("""
    status: 201
    PUT /echo?dry%20run=yes%20%26%20no&city=Z%C3%BCrich%2F~ok
    accept: */*
    accept-encoding: gzip
    x-tag: one
    x-tag: two
    x-single: solo
    user-agent: mesh-http
    body: payload
    x-reply: last
    x-server: py
    X-Server key: []
    consumed: Err(invalid request handle)
    query after ?: 201 OPTIONS /echo?a=1&b=2
    accept: */*
    accept-encoding: gzip
    user-agent: mesh-http
    body:
    json: 200 application/json {"name": "bolt", "qty": 2}
    404 is Ok: 404 no such thing
    500 is Ok: 500 exploded
    head: 200
""")

BASIC_ERRORS = lines("""
    timeout: Err(TIMEOUT: timeout: global)
    timed-out connection: Ok(1 closed)
    refused: Err(io: Connection refused (os error 111))
    bad uri: Err(bad uri: missing scheme)
    bad scheme: Err(bad uri: unsupported scheme 'ftp')
    bad port: Err(bad uri: Port out of range 0-65535)
    dns: Err(DNS_FAILURE: host not found)
    redirects: 200 final via GET body=[]
    too many: Err(too many redirects)
    303 after post: 200 final via GET body=[]
    307 with body: Err(redirect failed)
    307 without body: 200 final via GET body=[]
    gzip: unzipped: ü ok (gzip)
    gate: 200 opened
    done
""")


def test_basic_client_program(exes, peers):
    out = run_client(exes["basic"], peers)
    assert lines(out) == BASIC_LEGACY + BASIC_BUILDER + BASIC_ERRORS
    log = peers.state.log
    # Redirects: /redirect/10 is 10 hops, followed; /loop gives up after 10 redirects.
    assert log.count("GET /loop") == 11
    assert [e for e in log if "redirect/" in e][-10:] == [
        f"GET /redirect/{n}" for n in range(10, 0, -1)
    ]
    # 303 turns the POST into a GET; a 307 with a body is not re-sent.
    i = log.index("POST /see-other")
    assert log[i + 1] == "GET /final"
    assert log.count("POST /temporary") == 1
    assert log.count("GET /temporary") == 1
    # Two HTTP.post bodies and one Http.json body were parsed by `/json`.
    assert log.count("POST /json") == 3
    # `HTTP.get`/`Http.send` never reuse a connection.
    assert peers.state.connections == len(log)


# --------------------------------------------------------------------------- pool

POOL = lines("""
    pooled 1: 200 1
    pooled 2: 200 2
    pooled post: 200 3
    pooled 404: 404 no such thing
    pooled 5: 200 5
    fresh send: 200 1
    other client: 200 1
    other client again: 200 2
    pooled timeout: Err(TIMEOUT: timeout: global)
    timed-out connection: 200 1 closed
    pooled 6: 200 6
    consume: 200 7
    consumed: Err(invalid request handle)
    closed: Err(http client is closed)
    other still open: 200 3
    dropped after: 200 4
    other after drop: 200 1
    done
""")


def test_keepalive_client_program(exes, peers):
    out = run_client(exes["pool"], peers)
    assert lines(out) == POOL
    # One connection per client, one for the plain send, one for the `/silent-closed`
    # check, and a new one after the server dropped the other client's connection.
    assert peers.state.connections == 5
    assert len(peers.state.log) == 14
    # The request on the closed client never reached the server.
    assert peers.state.log.count("GET /count") == 10


# --------------------------------------------------------------------------- stream

# `/pieces` streams "alpha \xe2", "\x82\xac beta\n", 20 000 x, "\n\xff end\n" as separate
# chunks; the callbacks forward every piece to main.
STREAM = lines("""
    stream handle non-zero: true
    stream: 20020 chars, pieces > 2: true, longest <= 8192: true
    first line: alpha € beta
    x line length: 20000
    last line: \ufffd end 5
    stream_bytes handle non-zero: true
    stream_bytes: 20022 chars, pieces > 2: true, longest <= 8192: true
    first line: alpha \u00e2\u0082\u00ac beta
    x line length: 20000
    last line: \u00ff end 5
    stop handle non-zero: true
    stop got: start
    stop server side: closed
    no piece after stop
    atom stop got: start
    atom stop server side: closed
    cancel got: start
    cancel server side: closed
    no piece after cancel
    consumed stream: 0
    consumed stream_bytes: 0
    refused stream: 0
    silent stream: 0
    timed-out connection: 1 closed
    done
""")


def test_streaming_client_program(exes, peers):
    out = run_client(exes["stream"], peers)
    assert lines(out) == STREAM
    st = peers.state
    # The stopped and the cancelled streams were closed by the client while the server
    # was still sending (the server stops on the failed write).
    for name in ("stop", "atom", "cancel"):
        assert st.closed_event(name).is_set(), name
    # A consumed handle sends nothing: /hello was requested once, by `Http.send`.
    assert st.log.count("GET /hello") == 1
    assert st.log.count("GET /pieces") == 2
