"""`HTTP.clustered` routes of a real Mesh server on a lone node (spec 06 §1.9, 07 §11.4,
§11.6): N = 1 runs the handler locally, N = 2 has no replica, N >= 3 is unsupported; every
clustered response carries `X-Mesh-Continuity-Request-Key`.

The program is `http_programs/clustered/` (a project with an imported module). Building,
starting (`PORT=0`, port read from the readiness line) and stopping reuse the helpers of
http_support.py; every server is killed in a `finally`.
"""

from __future__ import annotations

import re

import http_support as H
import pytest

HEADER = "X-Mesh-Continuity-Request-Key"
KEY_RE = re.compile(
    r"^http-route::(?P<name>[A-Za-z0-9_.]+)::(?P<prefix>[0-9a-f]{16})-(?P<n>[1-9]\d*)$"
)


@pytest.fixture(scope="module")
def binary(tmp_path_factory):
    return H.build_program("clustered", tmp_path_factory.mktemp("http_clustered"))


@pytest.fixture(scope="module", params=H.PARSERS)
def server(request, binary):
    srv = H.start_server(binary, request.param)
    try:
        yield srv
    finally:
        srv.stop()


def key_of(resp: H.Resp, runtime_name: str) -> tuple[str, int]:
    """The (random prefix, counter) of the response's continuity key for `runtime_name`."""
    values = resp.header_all(HEADER)
    assert len(values) == 1, resp
    m = KEY_RE.match(values[0])
    assert m, f"bad continuity key {values[0]!r}"
    assert m["name"] == runtime_name
    return m["prefix"], int(m["n"])


def test_replication_one_runs_locally_and_counts(server):
    keys = []
    for who in ("ann", "bob", "cy"):
        r = H.get(server.port, f"/one?who={who}")
        assert r.status == 200, r
        assert r.text == f"one says hi to {who}"
        assert r.header("X-Handler") == "one"  # the handler's own headers are kept
        assert r.header("Content-Type") == H.JSON_CT
        keys.append(key_of(r, "Main.one"))
    prefixes = {p for p, _ in keys}
    counters = [n for _, n in keys]
    assert len(prefixes) == 1, keys  # one random prefix per process
    assert counters == list(range(counters[0], counters[0] + 3)), keys


def test_module_qualified_and_imported_handlers(server):
    r = H.get(server.port, "/reports")
    assert r.status == 200, r
    assert r.text == '{"path":"/reports","reports":0}'
    _, first = key_of(r, "Api.Reports.list_reports")
    r = H.get(server.port, "/reports/42")  # path params reach the wrapped handler
    assert (r.status, r.text) == (200, "report 42")
    _, second = key_of(r, "Api.Reports.show_report")
    assert second == first + 1


def test_default_replication_count_is_unavailable_alone(server):
    r = H.get(server.port, "/two")
    assert r.status == 503, r
    assert r.reason == "Service Unavailable"
    assert r.text == '{"error":"replica_required_unavailable"}'
    assert r.header("Content-Type") == H.JSON_CT
    key_of(r, "Main.two")


def test_replication_count_three_is_unsupported(server):
    for method in ("GET", "POST", "DELETE"):  # HTTP.route: any method
        r = H.request(server.port, method, "/three")
        assert r.status == 503, r
        assert r.text == '{"error":"unsupported_replication_count:3"}'
        assert r.header("Content-Type") == H.JSON_CT
        key_of(r, "Main.three")


def test_middleware_runs_before_the_clustered_dispatch(server):
    _, before = key_of(H.get(server.port, "/one"), "Main.one")
    r = H.get(server.port, "/one", headers={"X-Deny": "1"})
    assert (r.status, r.text) == (401, "denied before dispatch")
    assert r.header(HEADER) is None  # short-circuited: no key was assigned
    _, after = key_of(H.request(server.port, "POST", "/one"), "Main.one")
    assert after == before + 1


def test_plain_route_has_no_key_and_crash_is_500(server):
    r = H.get(server.port, "/plain")
    assert (r.status, r.text) == (200, "plain")
    assert r.header(HEADER) is None
    mark = server.mark()
    r = H.get(server.port, "/boom")
    assert (r.status, r.text) == (500, "Internal Server Error")
    server.wait_line(r"\[mesh-rt\] HTTP handler panicked: .*clustered handler exploded", start=mark)
