"""Routing, request data and responses of the built `app` server (spec 06 §1.2-§1.8):
exact / parameter / wildcard route tiers, path params, query strings, request headers and
bodies, methods, 404s, HEAD, response headers and status codes, JSON bodies and invalid
responses. Fixtures in conftest.py, helpers in http_support.py."""

from __future__ import annotations

import json

import pytest
from http_support import JSON_CT, READY_RE, Reader, connect, get, raw_exchange, req_bytes, request

# --------------------------------------------------------------------------- routing


def test_readiness_line_reports_real_port(app):
    line = next(ln for ln in app.err if READY_RE.search(ln))
    assert (
        line == f"[mesh-rt] HTTP server listening on [::]:{app.port}"
        or line == f"[mesh-rt] HTTP server listening on 0.0.0.0:{app.port}"
    )
    assert app.port > 0


def test_exact_route_and_wire_format(app):
    r = get(app.port, "/text")
    assert (r.status, r.reason, r.body) == (200, "OK", b"hello")
    assert r.header_all("Content-Type") == [JSON_CT]
    assert r.header("Content-Length") == "5"
    assert r.header("Connection") is None  # keep-alive: not closing
    assert r.header("Date") is None and r.header("Server") is None


def test_exact_route_is_byte_exact(app):
    assert get(app.port, "/text/").status == 404
    assert get(app.port, "/TEXT").status == 404


@pytest.mark.parametrize(
    "path, want",
    [
        ("/users/7", {"id": "7", "path": "/users/7"}),
        ("/users/7/", {"id": "7", "path": "/users/7/"}),
        ("//users/7", {"id": "7", "path": "//users/7"}),
        ("/users/a%20b?x=1", {"id": "a%20b", "path": "/users/a%20b"}),
    ],
)
def test_path_param(app, path, want):
    r = get(app.port, path)
    assert r.status == 200, r
    assert json.loads(r.body) == want


def test_two_path_params_and_segment_count(app):
    r = get(app.port, "/users/12/posts/99")
    assert (r.status, r.text) == (200, "user=12 post=99")
    assert get(app.port, "/users/12/posts").status == 404
    assert get(app.port, "/users/12/posts/99/x").status == 404


def test_route_tiers_exact_then_param_then_wildcard(app):
    # registered after `/users/:id`, still wins: exact tier first
    assert get(app.port, "/users/me").text == "exact me"
    # registered before `/files/:name`, still loses: parameter tier before wildcard
    assert get(app.port, "/files/a.txt").text == "file a.txt"
    assert get(app.port, "/files/a/b.txt").text == "files wildcard"
    assert get(app.port, "/files").text == "files wildcard"


def test_query_string(app):
    r = get(app.port, "/query?a=1&b=x+y%20z&a=2&c")
    assert r.text == "a=2;b=x+y%20z;c=<none>"  # last wins, no decoding, no `=` ignored
    assert get(app.port, "/query?a=&b").text == "a=;b=<none>;c=<none>"
    assert get(app.port, "/query").text == "a=<none>;b=<none>;c=<none>"


def test_request_header_lookup(app):
    assert get(app.port, "/header", headers={"x-thing": "  spaced  "}).text == "spaced"
    assert get(app.port, "/header").text == "<none>"
    resp, _ = raw_exchange(
        app.port, b"GET /header HTTP/1.1\r\nHost: x\r\nX-Thing: one\r\nX-THING: two\r\n\r\n"
    )
    assert resp.text == "two"  # case-insensitive, last repeated value wins


def test_request_body(app):
    assert request(app.port, "POST", "/echo", body="ping").text == "POST:4:ping"
    assert request(app.port, "POST", "/echo", body="").text == "POST:0:"
    assert request(app.port, "POST", "/echo", body="héllo".encode()).text == "POST:5:héllo"
    big = "x" * 200_000
    assert request(app.port, "POST", "/echo", body=big).text == f"POST:200000:{big}"


def test_chunked_request_body(app):
    data = (
        b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"
    )
    resp, _ = raw_exchange(app.port, data)
    assert (resp.status, resp.text) == (200, "POST:7:abcdefg")


def test_invalid_utf8_body_is_replaced(app):
    resp, _ = raw_exchange(app.port, req_bytes("POST", "/echo", body=b"a\xffb"))
    assert resp.text == "POST:3:a\ufffdb"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
def test_method_routes(app, method):
    r = request(app.port, method, "/item", body=b"" if method != "GET" else None)
    assert (r.status, r.text) == (200, method.lower())


def test_unrouted_method_is_404_not_405(app):
    assert request(app.port, "OPTIONS", "/item").status == 404
    assert get(app.port, "/only-post").status == 404
    assert request(app.port, "POST", "/only-post", body="").text == "posted"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_any_method_route(app, method):
    r = request(app.port, method, "/any", body=b"" if method != "GET" else None)
    assert (r.status, r.text) == (200, "any:" + method)


@pytest.mark.parametrize("token", ["get", "FOO"])
@pytest.mark.parametrize("before", [0, 2], ids=["first", "after-two"])
def test_extension_and_lowercase_method_tokens(app, token, before):
    """Spec 06 §1.2/§1.4: `route` matches any method and `Request.method` is the token as
    sent; `on_get` compares case-sensitively (so `get` falls through to 404). llhttp
    rejects such tokens; the fast parser then hands the connection to h11 from the start of
    the rejected request, also when ordinary requests precede it in the same write."""
    with connect(app.port) as s:
        s.sendall(
            req_bytes("POST", "/echo", body=b"x" * 300) * before
            + f"{token} /any HTTP/1.1\r\nHost: x\r\n\r\n{token} /text HTTP/1.1\r\nHost: x\r\n\r\n".encode()
            + req_bytes("GET", "/text")
        )
        rd = Reader(s)
        for _ in range(before):
            assert rd.response().text == "POST:300:" + "x" * 300
        r = rd.response()
        assert (r.status, r.text) == (200, "any:" + token)
        assert rd.response().status == 404
        assert rd.response().text == "hello"  # still keep-alive on the fallback parser


def test_wildcard_route(app):
    assert get(app.port, "/static/a/b.css").text == "static:/static/a/b.css:<none>"
    assert get(app.port, "/static").text == "static:/static:<none>"
    assert get(app.port, "/staticx").status == 404


def test_not_found(app):
    r = get(app.port, "/nothing/here")
    assert (r.status, r.reason, r.body) == (404, "Not Found", b"Not Found")
    assert r.header("Content-Type") == JSON_CT


def test_head_has_no_body_but_length(app):
    with connect(app.port) as s:
        # `on_get` routes match only the token GET (no HEAD mapping); `/any` takes HEAD
        s.sendall(
            req_bytes("HEAD", "/any") + req_bytes("HEAD", "/text") + req_bytes("GET", "/text")
        )
        rd = Reader(s)
        head = rd.response(head=True)
        assert head.status == 200 and head.header("Content-Length") == str(len("any:HEAD"))
        miss = rd.response(head=True)
        assert miss.status == 404 and miss.header("Content-Length") == "9"
        after = rd.response()  # each response starts right after the previous HEAD head
        assert after.body == b"hello"


# --------------------------------------------------------------------------- responses


def test_response_with_headers_in_map_order(app):
    r = get(app.port, "/with-headers")
    assert (r.status, r.reason, r.text) == (201, "Created", "created")
    names = [k for k, _ in r.headers]
    assert names.index("X-One") < names.index("X-Two")
    assert r.header("X-One") == "1" and r.header("X-Two") == "two"
    assert r.header("Content-Type") == JSON_CT


def test_content_type_header_replaces_default(app):
    r = get(app.port, "/html")
    assert r.header_all("Content-Type") == ["text/html; charset=utf-8"]
    assert r.text == "<h1>hi</h1>"


@pytest.mark.parametrize(
    "path, status, reason",
    [
        ("/conflict", 409, "Conflict"),
        ("/unprocessable", 422, "Unprocessable Content"),
    ],
)
def test_status_codes_and_reasons(app, path, status, reason):
    r = get(app.port, path)
    assert (r.status, r.reason) == (status, reason)


def test_204_carries_no_body(app):
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/no-content") + req_bytes("GET", "/text"))
        rd = Reader(s)
        assert rd.response().status == 204
        assert rd.response().body == b"hello"


def test_json_brace_object(app):
    r = get(app.port, "/json/brace")
    assert r.body == b'{"n":3,"status":"connected"}'
    assert r.header("Content-Type") == JSON_CT


def test_json_literal(app):
    r = get(app.port, "/json/literal")
    assert r.body == b'{"memo":null,"nested":{"x":1.5},"ok":true,"tags":["a","b"]}'


def test_spec_example_shout(app):
    r = get(app.port, "/shout/mesh")
    assert json.loads(r.body) == {"greeting": "MESH"}


@pytest.mark.parametrize(
    "path, log",
    [
        ("/bad-status", r"\[mesh-rt\] .*700"),
        ("/status-101", r"\[mesh-rt\] .*101"),
        ("/crlf-header", r"\[mesh-rt\] .*(CR|LF)"),
    ],
)
def test_invalid_responses_become_500(app, path, log):
    mark = app.mark()
    r = get(app.port, path)
    assert (r.status, r.body) == (500, b"Internal Server Error")
    assert r.header("Injected") is None
    app.wait_line(log, start=mark)
    assert get(app.port, "/text").body == b"hello"


def test_user_framing_headers_are_ignored(app):
    with connect(app.port) as s:
        s.sendall(req_bytes("GET", "/user-framing") + req_bytes("GET", "/text"))
        rd = Reader(s)
        r = rd.response()
        assert r.body == b"abc" and r.header("X-Ok") == "1"
        assert r.header_all("Content-Length") == ["3"]
        assert r.header("Transfer-Encoding") is None
        assert r.header("Connection") is None
        assert rd.response().body == b"hello"  # connection stayed open
