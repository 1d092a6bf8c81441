"""Request smuggling (issue 13 item 3): the raw-head framing check of
mesh/runtime/http/framing.py, and both parsers (including the fast parser's h11 fallback
for method tokens llhttp does not know) rejecting every framing RFC 9112 calls faulty,
however the bytes are split into reads. Before the fix `post` + Content-Length +
Transfer-Encoding handed out a second, smuggled request on the h11 paths."""

from __future__ import annotations

import gc
import weakref

import pytest

from mesh.runtime.http import parse as P
from mesh.runtime.http.framing import head_error

PARSERS = {"fast": P.FastParser, "h11": P.H11Parser}

SMUGGLE_TAIL = b"0\r\n\r\nGET /qs?a=SMUGGLED HTTP/1.1\r\nHost: x\r\n\r\n"

BAD_HEADS = {
    "cl+te": b"Content-Length: 45\r\nTransfer-Encoding: chunked\r\n",
    "te+cl": b"Transfer-Encoding: chunked\r\nContent-Length: 45\r\n",
    "obs-fold te": b"Transfer-Encoding:\r\n chunked\r\n",
    "obs-fold other": b"X-A: b\r\n\tc\r\nContent-Length: 5\r\n",
    "bare lf": b"Content-Length: 5\nX-B: c\r\n",
    "bare cr": b"X-A: b\rc\r\nContent-Length: 5\r\n",
    "te not chunked": b"Transfer-Encoding: chunked, gzip\r\n",
    "space before colon": b"Transfer-Encoding : chunked\r\n",
}


def request(method: str, headers: bytes, version: str = "HTTP/1.1") -> bytes:
    return f"{method} /qs {version}\r\nHost: x\r\n".encode() + headers + b"\r\n" + SMUGGLE_TAIL


def drive(kind: str, data: bytes, cut: int | None = None) -> list:
    """Requests handed out (method, target) then the error status or "close"."""
    p = PARSERS[kind]()
    out: list = []
    reads = [data] if cut is None else [data[:cut], data[cut:]]
    try:
        for chunk in reads:
            p.feed(chunk)
            while (req := p.next_request()) is not None:
                out.append((req.method, req.target))
                _, close = p.serialize(req, 200, b"ok", None, not req.keep_alive)
                if close:
                    out.append("close")
                    return out
    except P.ParseError as e:
        out.append(e.status)
    finally:
        p.close()
    return out


@pytest.mark.parametrize("name", BAD_HEADS)
def test_head_error_names_each_violation(name):
    err = head_error(request("POST", BAD_HEADS[name]))
    assert err is not None and err.status == 400


def test_head_error_accepts_clean_heads_and_waits_for_more():
    assert head_error(request("POST", b"Content-Length: 5\r\n")) is None
    assert head_error(request("post", b"Transfer-Encoding: chunked\r\n")) is None
    assert head_error(b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n") is None
    assert head_error(b"GET / HTTP/1.1\r\nHost: x\r") is None  # CR, LF not yet here
    assert head_error(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nX: a\nb") is None  # past the head
    assert head_error(b"GET / HTTP/1.1\r\nX: a\nb").text == "bare LF in request head"


@pytest.mark.parametrize("kind", PARSERS)
@pytest.mark.parametrize("method", ["POST", "post", "FOO"])
@pytest.mark.parametrize("name", BAD_HEADS)
@pytest.mark.parametrize("cut", [None, 20, 60], ids=str)
def test_no_parser_path_lets_a_request_through(kind, method, name, cut):
    """`FOO`/`post` take the fast parser's h11 fallback; every path answers 400 and never
    hands out the request (or the smuggled one behind it)."""
    assert drive(kind, request(method, BAD_HEADS[name]), cut) == [400]


@pytest.mark.parametrize("kind", PARSERS)
@pytest.mark.parametrize("method", ["POST", "post"])
def test_http10_with_transfer_encoding_is_rejected(kind, method):
    data = request(method, b"Transfer-Encoding: chunked\r\n", "HTTP/1.0")
    assert drive(kind, data) == [400]


@pytest.mark.parametrize("kind", PARSERS)
@pytest.mark.parametrize("method", ["POST", "post"])
def test_clean_chunked_request_still_served(kind, method):
    data = (
        f"{method} /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3\r\nabc\r\n0\r\n\r\nGET /n HTTP/1.1\r\nHost: x\r\n\r\n"
    ).encode()
    assert drive(kind, data) == [(method, "/c"), ("GET", "/n")]


def test_fast_parser_close_breaks_the_cycle_with_httptools():
    """Item 2(c): without `close()` an aborted upload's parser (and its body parts) waited
    for the cyclic collector, which the runtime runs rarely."""
    was = gc.isenabled()
    gc.disable()
    try:
        p = P.FastParser()
        p.feed(b"POST /u HTTP/1.1\r\nHost: x\r\nContent-Length: 16777216\r\n\r\n" + b"x" * 65536)
        assert p.next_request() is None
        ref = weakref.ref(p)
        p.close()
        del p
        assert ref() is None, "FastParser still alive after close(): reference cycle"
    finally:
        if was:
            gc.enable()
