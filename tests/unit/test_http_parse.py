"""The sans-IO request parsers (mesh/runtime/http/parse.py) driven directly: both must hand
out the same requests and errors for the same bytes, however the bytes are split into
reads. Mirrors the server loop: `feed`, then `next_request` until `None`, answering each
request with `serialize` before asking for the next."""

from __future__ import annotations

import pytest

from mesh.runtime.http import parse as P

PARSERS = {"fast": P.FastParser, "h11": P.H11Parser}


def drive(kind: str, reads: list[bytes]) -> list:
    p = PARSERS[kind]()
    out: list = []
    try:
        for data in reads:
            p.feed(data)
            while (req := p.next_request()) is not None:
                out.append((req.method, req.target, req.body()))
                wire, close = p.serialize(req, 200, b"ok", None, not req.keep_alive)
                assert wire.startswith(b"HTTP/1.1 200 OK\r\n")
                if close:
                    out.append("close")
                    return out
    except P.ParseError as e:
        out.append(e.status)
    return out


def get(target: str, method: str = "GET") -> bytes:
    return f"{method} {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode()


def post(target: str, body: bytes) -> bytes:
    return (
        f"POST {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    )


def splits(data: bytes, cuts: list[int]) -> list[bytes]:
    edges = [0, *cuts, len(data)]
    return [data[a:b] for a, b in zip(edges, edges[1:])]


@pytest.mark.parametrize("kind", PARSERS)
@pytest.mark.parametrize("cuts", [[], [3], [40, 41], [60, 95, 130]], ids=str)
def test_unknown_method_tokens_are_routed(kind, cuts):
    data = get("/a") + post("/b", b"body") + get("/c", "get") + get("/d", "FOO") + get("/e")
    assert drive(kind, splits(data, cuts)) == [
        ("GET", "/a", ""),
        ("POST", "/b", "body"),
        ("get", "/c", ""),
        ("FOO", "/d", ""),
        ("GET", "/e", ""),
    ]


def test_fast_fallback_gives_up_behind_a_large_multi_read_request():
    """Documented limit: the fast parser keeps at most FALLBACK_WINDOW bytes to find where a
    rejected request starts; past it an unknown token is a 400 as before."""
    big = post("/big", b"x" * (P.FALLBACK_WINDOW + 10))
    reads = splits(big + get("/c", "FOO"), [100, P.FALLBACK_WINDOW + 50])
    assert drive("fast", reads) == [("POST", "/big", "x" * (P.FALLBACK_WINDOW + 10)), 400]
    assert drive("h11", reads)[-1] == ("FOO", "/c", "")


@pytest.mark.parametrize("kind", PARSERS)
@pytest.mark.parametrize(
    "bad, status",
    [
        (b"\x00garbage\r\n\r\n", 400),
        (b"GET /text\r\nHost: x\r\n\r\n", 400),  # llhttp alone: HTTP/0.9
        (b"GET /text HTTP/2.0\r\nHost: x\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", 413),
    ],
    ids=["garbage", "no-version", "http2", "431", "413"],
)
def test_requests_ahead_of_a_bad_one_come_first(kind, bad, status):
    assert drive(kind, [get("/a") + post("/b", b"x") + bad + get("/never")]) == [
        ("GET", "/a", ""),
        ("POST", "/b", "x"),
        status,
    ]


@pytest.mark.parametrize("kind", PARSERS)
def test_http10_keep_alive(kind):
    data = (
        b"GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
        b"HEAD /b HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
        b"GET /c HTTP/1.0\r\n\r\n" + get("/never")
    )
    assert drive(kind, [data]) == [
        ("GET", "/a", ""),
        ("HEAD", "/b", ""),
        ("GET", "/c", ""),
        "close",
    ]
    assert drive(kind, splits(data, [10, 50])) == drive(kind, [data])


@pytest.mark.parametrize("kind", PARSERS)
def test_http10_keep_alive_response_has_no_connection_header(kind):
    p = PARSERS[kind]()
    p.feed(b"GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    req = p.next_request()
    assert req.keep_alive
    wire, close = p.serialize(req, 200, b"hello", None, False)
    assert not close
    assert wire == (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
        b"Content-Length: 5\r\n\r\nhello"
    )
