"""A sans-IO RFC 6455 frame codec for the server side of a WebSocket (bytes in, events out).

The fast path beside wsproto (which trio-websocket uses and which stays the reference, as
h11 does for HTTP): client frames are parsed and unmasked here, server frames built here.
Unmasking XORs the payload as one big integer, so the per-byte loop runs in C, with no
extension module to build (release binaries included). The rules enforced are the ones
wsproto enforces and the tests check for both paths: no extensions (RSV bits), known
opcodes, masked client frames, unfragmented control frames of at most 125 bytes,
continuation frames only inside a fragmented message (1002); a message above the size
limit (1009, decided from frame headers, before the payload is buffered); text that is
not UTF-8 (1007); close frames with a valid code and a UTF-8 reason.
"""

from __future__ import annotations

import base64
import hashlib
import struct

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10
_DATA = (OP_CONT, OP_TEXT, OP_BINARY)
_CONTROL = (OP_CLOSE, OP_PING, OP_PONG)

_H16 = struct.Struct("!H")
_H64 = struct.Struct("!Q")
_B2H = struct.Struct("!BBH")
_B2Q = struct.Struct("!BBQ")

ACCEPT_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class ProtocolError(Exception):
    """The peer broke the protocol: close with `code` and `reason`."""

    def __init__(self, code: int, reason: str):
        super().__init__(f"{code} {reason}")
        self.code = code
        self.reason = reason


def accept_key(key: str) -> str:
    """`Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`."""
    return base64.b64encode(hashlib.sha1(key.encode("ascii") + ACCEPT_GUID).digest()).decode()


def handshake_response(key: str) -> bytes:
    return (
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept_key(key)}\r\n\r\n"
    ).encode()


def unmask(payload, key: bytes) -> bytes:
    n = len(payload)
    if n == 0:
        return b""
    mask = key * (n // 4 + 1)
    return (int.from_bytes(payload, "little") ^ int.from_bytes(mask[:n], "little")).to_bytes(
        n, "little"
    )


def frame(opcode: int, payload: bytes) -> bytes:
    """One unfragmented, unmasked server frame."""
    n = len(payload)
    if n < 126:
        return bytes((0x80 | opcode, n)) + payload
    if n < 65536:
        return _B2H.pack(0x80 | opcode, 126, n) + payload
    return _B2Q.pack(0x80 | opcode, 127, n) + payload


def close_frame(code: int, reason: str = "") -> bytes:
    return frame(OP_CLOSE, _H16.pack(code) + reason.encode("utf-8"))


def _valid_close_code(code: int) -> bool:
    # 1004-1006 and 1015 are reserved or local-only; 1016-2999 belong to future RFCs
    return (1000 <= code <= 1014 and code not in (1004, 1005, 1006)) or 3000 <= code <= 4999


class FrameParser:
    """Feed bytes with `feed`; `next()` returns the next complete event or `None`:
    `(OP_TEXT, str)`, `(OP_BINARY, bytes)`, `(OP_PING, bytes)`, `(OP_PONG, bytes)` or
    `(OP_CLOSE, code, reason)` (code 1005 when the frame had no payload). Raises
    `ProtocolError`; after that the parser must not be used again."""

    __slots__ = ("buf", "max_message", "frag_op", "frags", "frag_len")

    def __init__(self, max_message: int):
        self.buf = bytearray()
        self.max_message = max_message
        self.frag_op = None  # opcode of the fragmented message being received
        self.frags: list = []
        self.frag_len = 0

    def feed(self, data) -> None:
        self.buf += data

    def next(self):
        while True:
            buf = self.buf
            have = len(buf)
            if have < 2:
                return None
            b0, b1 = buf[0], buf[1]
            n = b1 & 0x7F
            pos = 2
            if n == 126:
                if have < 4:
                    return None
                (n,) = _H16.unpack_from(buf, 2)
                pos = 4
            elif n == 127:
                if have < 10:
                    return None
                (n,) = _H64.unpack_from(buf, 2)
                if n >> 63:
                    raise ProtocolError(1002, "payload length with the high bit set")
                pos = 10
            op = b0 & 0x0F
            fin = b0 & 0x80
            if b0 & 0x70:
                raise ProtocolError(1002, "reserved bits set (no extension negotiated)")
            if not b1 & 0x80:
                raise ProtocolError(1002, "client frames must be masked")
            if op in _CONTROL:
                if not fin:
                    raise ProtocolError(1002, "fragmented control frame")
                if n > 125:
                    raise ProtocolError(1002, "control frame payload above 125 bytes")
            elif op in _DATA:
                if op == OP_CONT:
                    if self.frag_op is None:
                        raise ProtocolError(1002, "continuation frame outside a message")
                elif self.frag_op is not None:
                    raise ProtocolError(1002, "new data frame inside a fragmented message")
                if self.frag_len + n > self.max_message:
                    raise ProtocolError(1009, "message too big")
            else:
                raise ProtocolError(1002, f"unknown opcode {op}")
            end = pos + 4 + n
            if have < end:
                return None
            payload = unmask(memoryview(buf)[pos + 4 : end], bytes(buf[pos : pos + 4]))
            del buf[:end]
            if op in _CONTROL:
                return self._control(op, payload)
            if op == OP_CONT:
                self.frags.append(payload)
                self.frag_len += n
                if not fin:
                    continue
                op, payload = self.frag_op, b"".join(self.frags)
                self.frag_op, self.frags, self.frag_len = None, [], 0
            elif not fin:
                self.frag_op, self.frags, self.frag_len = op, [payload], n
                continue
            if op == OP_TEXT:
                try:
                    return OP_TEXT, payload.decode("utf-8")
                except UnicodeDecodeError:
                    raise ProtocolError(1007, "invalid UTF-8") from None
            return OP_BINARY, payload

    @staticmethod
    def _control(op: int, payload: bytes):
        if op != OP_CLOSE:
            return op, payload
        if not payload:
            return OP_CLOSE, 1005, ""
        if len(payload) == 1:
            raise ProtocolError(1002, "close frame with a 1-byte payload")
        (code,) = _H16.unpack_from(payload)
        if not _valid_close_code(code):
            raise ProtocolError(1002, f"invalid close code {code}")
        try:
            reason = payload[2:].decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(1007, "invalid UTF-8") from None
        return OP_CLOSE, code, reason
