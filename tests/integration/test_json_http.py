"""`Json.parse` of a near-16 MiB request body with a bad last byte, end to end (issue 13
item 5): the handler answers with the serde-style error located from the C parser, and the
server keeps serving. (That the whole-document Python parser is not used is asserted in
tests/unit/test_json_hardening.py; here the point is the real HTTP path.)"""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest
from http_support import READY_RE, START_TIMEOUT, Server, get
from mesh_build import build_argv, run_mesh

PROGRAM = Path(__file__).resolve().parent / "json_http"
BODY_LIMIT = 16 * 1024 * 1024  # the server's default request body limit
GENEROUS_S = 120.0  # a bound for one request, not a speed assertion


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("json_http")
    exe = out / "json_http"
    status, output = run_mesh(build_argv(PROGRAM, exe, out / "build"), timeout=120)
    assert status == 0, output
    srv = Server(exe, "fast")
    try:
        srv.port = int(srv.wait_line(READY_RE, timeout=START_TIMEOUT).group(2))
        yield srv
        assert srv.alive(), srv.stderr_text()
    finally:
        srv.stop()


def post(port: int, body: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=GENEROUS_S)
    try:
        conn.request("POST", "/parse", body=body.encode())
        r = conn.getresponse()
        return r.status, r.read().decode()
    finally:
        conn.close()


def near_16mib_array() -> str:
    item = json.dumps({"id": 12345, "name": "item-0", "tags": ["a", "b"]}, separators=(",", ":"))
    n = (BODY_LIMIT - 1024) // (len(item) + 1)
    return "[" + ",".join([item] * n) + "]"


@pytest.mark.slow
def test_bad_last_byte_of_a_16mib_body(server):
    doc = near_16mib_array()
    status, text = post(server.port, doc[:-1] + "x")
    assert (status, text) == (400, f"expected `,` or `]` at line 1 column {len(doc)}")
    assert get(server.port, "/ping").body == b"pong"
    status, text = post(server.port, doc)
    assert (status, text) == (200, f"ok {len(doc)}")
