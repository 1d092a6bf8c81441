"""Middleware, handler crashes and services in the built `app` server (spec 06 §1.5-§1.8):
middleware order and short-circuits, panics turned into 500s, and a service called from
handlers. Fixtures in conftest.py, helpers in http_support.py."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

from http_support import JSON_CT, Reader, connect, get, req_bytes, request, rid

# --------------------------------------------------------------------------- middleware


def _trace(port: int, req_id: str) -> str:
    return get(port, f"/trace/{req_id}").text


def test_middleware_order_first_added_is_outermost(app):
    i = rid()
    r = get(app.port, "/traced", headers={"X-Req-Id": i})
    assert r.text == "traced"
    # `inner` was added after every route and still applies
    assert _trace(app.port, i) == "outer-in,inner-in,handler,inner-out,outer-out"


def test_middleware_short_circuit(app):
    i = rid()
    r = get(app.port, "/traced", headers={"X-Req-Id": i, "X-Block": "outer"})
    assert (r.status, r.text) == (401, "blocked by outer")
    assert _trace(app.port, i) == "outer-in"
    j = rid()
    r = get(app.port, "/traced", headers={"X-Req-Id": j, "X-Block": "inner"})
    assert (r.status, r.text) == (403, "blocked by inner")
    assert _trace(app.port, j) == "outer-in,inner-in,outer-out"


def test_middleware_runs_for_unmatched_requests(app):
    i = rid()
    r = get(app.port, "/no/such/route", headers={"X-Req-Id": i})
    assert (r.status, r.text) == (404, "Not Found")
    assert _trace(app.port, i) == "outer-in,inner-in,inner-out,outer-out"


def test_middleware_sees_no_param_for_unmatched_request(app):
    assert get(app.port, "/no/route", headers={"X-Param-Probe": "1"}).text == "param=<none>"


def test_middleware_panic_is_a_500(app):
    mark = app.mark()
    r = get(app.port, "/text", headers={"X-Crash": "1"})
    assert r.status == 500
    m = app.wait_line(r"\[mesh-rt\] HTTP handler panicked: (.*)", start=mark)
    assert m.group(1).endswith("middleware boom")
    assert get(app.port, "/text").body == b"hello"


# --------------------------------------------------------------------------- crashes


def test_panic_gives_500_and_server_continues(app):
    mark = app.mark()
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/panic") + req_bytes("GET", "/text"))
        rd = Reader(s)
        r = rd.response()
        assert (r.status, r.reason, r.body) == (
            500,
            "Internal Server Error",
            b"Internal Server Error",
        )
        assert r.header("Content-Type") == JSON_CT
        assert r.header("Connection") == "close"
        assert rd.at_eof(), "connection must close after a crash 500 (pipelined request dropped)"
    m = app.wait_line(r"\[mesh-rt\] HTTP handler panicked: (.*)", start=mark)
    assert re.fullmatch(r"Mesh panic at main\.mpl:\d+: boom from handler", m.group(1)), m.group(0)
    assert get(app.port, "/text").body == b"hello"


def test_division_by_zero_in_handler(app):
    mark = app.mark()
    assert get(app.port, "/divide?d=0").status == 500
    app.wait_line(r"^\[mesh-rt\] HTTP handler panicked: division by zero$", start=mark)
    assert get(app.port, "/divide?d=4").text == "25"


def test_concurrent_requests_survive_a_crash(app):
    with ThreadPoolExecutor(8) as pool:
        paths = ["/panic" if i % 4 == 0 else f"/users/{i}" for i in range(24)]
        results = list(pool.map(lambda p: get(app.port, p), paths))
    for p, r in zip(paths, results):
        if p == "/panic":
            assert r.status == 500
        else:
            assert json.loads(r.body)["id"] == p.rsplit("/", 1)[1]


def test_map_get_missing_key_in_handler(app):
    r = get(app.port, "/map-get-missing")
    assert (r.status, r.text) == (200, "[]")


# --------------------------------------------------------------------------- actors


def test_handlers_call_a_service(app):
    before = int(get(app.port, "/count").text)
    r = request(app.port, "POST", "/count", body="5")
    assert json.loads(r.body)["count"] >= before + 5
    with ThreadPoolExecutor(10) as pool:
        counts = list(
            pool.map(
                lambda _: json.loads(request(app.port, "POST", "/count", body="1").body)["count"],
                range(30),
            )
        )
    assert len(set(counts)) == 30  # the service serialises the increments
    assert int(get(app.port, "/count").text) >= before + 35
