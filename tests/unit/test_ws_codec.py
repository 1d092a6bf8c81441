"""The sans-IO WebSocket frame codec (mesh/runtime/http/ws_codec.py), byte by byte. The
same rules are checked end to end against both WebSocket paths by
tests/integration/test_http_limits.py and test_http_fuzz.py; here each rule alone."""

import base64
import hashlib
import os
import struct

import pytest

from mesh.runtime.http.ws_codec import (
    OP_BINARY,
    OP_CLOSE,
    OP_PING,
    OP_PONG,
    OP_TEXT,
    FrameParser,
    ProtocolError,
    accept_key,
    close_frame,
    frame,
    unmask,
)


def client_frame(
    op: int, payload: bytes, *, fin=True, rsv=0, masked=True, key=b"\x11\x22\x33\x44"
) -> bytes:
    b0 = (0x80 if fin else 0) | (rsv << 4) | op
    n = len(payload)
    if n < 126:
        head = bytes([b0, (0x80 if masked else 0) | n])
    elif n < 65536:
        head = bytes([b0, (0x80 if masked else 0) | 126]) + struct.pack("!H", n)
    else:
        head = bytes([b0, (0x80 if masked else 0) | 127]) + struct.pack("!Q", n)
    if not masked:
        return head + payload
    return head + key + bytes(c ^ key[i % 4] for i, c in enumerate(payload))


def events(data: bytes, max_message=1 << 20, chunk=None) -> list:
    p = FrameParser(max_message)
    out = []
    step = chunk or len(data) or 1
    for i in range(0, len(data), step):
        p.feed(data[i : i + step])
        while (ev := p.next()) is not None:
            out.append(ev)
    return out


def error(data: bytes, max_message=1 << 20) -> tuple[int, str]:
    with pytest.raises(ProtocolError) as e:
        events(data, max_message)
    return e.value.code, e.value.reason


def test_unmask_matches_the_bytewise_definition():
    for n in (0, 1, 3, 4, 5, 125, 126, 1000, 65537):
        data, key = os.urandom(n), os.urandom(4)
        assert unmask(data, key) == bytes(c ^ key[i % 4] for i, c in enumerate(data))


@pytest.mark.parametrize("n", [0, 5, 125, 126, 65535, 65536, 70000])
def test_messages_of_every_length_form_byte_by_byte_and_at_once(n):
    text = ("é" * n)[:n]
    data = client_frame(OP_TEXT, text.encode())
    assert events(data) == [(OP_TEXT, text)]
    if n < 300:
        assert events(data, chunk=1) == [(OP_TEXT, text)]


def test_fragments_and_interleaved_control_frames():
    data = (
        client_frame(OP_TEXT, "hé".encode()[:2], fin=False)
        + client_frame(OP_PING, b"p1")
        + client_frame(0, "hé".encode()[2:] + b"llo")
    )
    assert events(data, chunk=3) == [(OP_PING, b"p1"), (OP_TEXT, "héllo")]
    assert events(client_frame(OP_BINARY, b"\xff\x00")) == [(OP_BINARY, b"\xff\x00")]
    assert events(client_frame(OP_PONG, b"x")) == [(OP_PONG, b"x")]


def test_close_frames():
    assert events(client_frame(OP_CLOSE, b"")) == [(OP_CLOSE, 1005, "")]
    assert events(client_frame(OP_CLOSE, struct.pack("!H", 1000) + b"bye")) == [
        (OP_CLOSE, 1000, "bye")
    ]
    assert events(client_frame(OP_CLOSE, struct.pack("!H", 4000))) == [(OP_CLOSE, 4000, "")]
    assert error(client_frame(OP_CLOSE, b"\x03"))[0] == 1002
    for bad in (999, 1004, 1005, 1006, 1015, 2000, 5000):
        assert error(client_frame(OP_CLOSE, struct.pack("!H", bad)))[0] == 1002, bad
    assert error(client_frame(OP_CLOSE, struct.pack("!H", 1000) + b"\xff")) == (
        1007,
        "invalid UTF-8",
    )


@pytest.mark.parametrize(
    "data, code",
    [
        (client_frame(OP_TEXT, b"hi", masked=False), 1002),
        (client_frame(OP_TEXT, b"hi", rsv=4), 1002),
        (client_frame(3, b"x"), 1002),
        (client_frame(OP_PING, b"p", fin=False), 1002),
        (client_frame(OP_PING, b"p" * 126), 1002),
        (client_frame(0, b"orphan"), 1002),
        (client_frame(OP_TEXT, b"a", fin=False) + client_frame(OP_TEXT, b"b"), 1002),
        (client_frame(OP_TEXT, b"ok\xff\xfe"), 1007),
        (client_frame(OP_TEXT, b"ok \xc3", fin=False) + client_frame(0, b"\x28"), 1007),
    ],
)
def test_protocol_errors(data, code):
    assert error(data)[0] == code


def test_message_size_limit_is_on_the_reassembled_message_and_needs_no_payload():
    limit = 1000
    exact = client_frame(OP_TEXT, b"a" * 600, fin=False) + client_frame(0, b"a" * 400)
    assert events(exact, limit) == [(OP_TEXT, "a" * 1000)]
    over = client_frame(OP_TEXT, b"a" * 600, fin=False) + client_frame(0, b"a" * 401)
    assert error(over, limit) == (1009, "message too big")
    # decided from the header alone: a huge announced length is refused before its payload
    head = bytes([0x81, 0x80 | 127]) + struct.pack("!Q", 1 << 40) + b"\0\0\0\0"
    assert error(head, limit)[0] == 1009
    assert error(bytes([0x81, 0x80 | 127]) + struct.pack("!Q", 1 << 63))[0] == 1002


def test_server_frames_and_handshake_key():
    assert frame(OP_TEXT, b"hi") == b"\x81\x02hi"
    assert frame(OP_TEXT, b"a" * 126)[:4] == b"\x81\x7e\x00\x7e"
    assert frame(OP_BINARY, b"a" * 65536)[:10] == b"\x82\x7f" + struct.pack("!Q", 65536)
    assert close_frame(1001, "pong timeout") == b"\x88\x0e\x03\xe9pong timeout"
    # RFC 6455 §1.3's example
    assert accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    key = base64.b64encode(os.urandom(16)).decode()
    want = base64.b64encode(
        hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()
    ).decode()
    assert accept_key(key) == want
