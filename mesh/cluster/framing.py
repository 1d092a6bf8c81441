"""Frames (spec 07 §6): u32 little-endian length + payload, hard size limit checked on the
length before the body is read. Sans-IO: bytes in, payloads out."""

from __future__ import annotations

import struct

HANDSHAKE_LIMIT = 4096
SESSION_LIMIT = 16 * 1024 * 1024

_LEN = struct.Struct("<I")
pack_len = _LEN.pack


class FrameTooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"frame of {size} bytes exceeds the {limit}-byte limit")
        self.size = size
        self.limit = limit


def encode_frame(payload: bytes) -> bytes:
    return pack_len(len(payload)) + payload


class FrameDecoder:
    """Feed bytes with `feed(data)`; it returns the list of complete payloads. Raises
    `FrameTooLarge` as soon as a length above `limit` is seen (the body is never buffered)."""

    __slots__ = ("buf", "limit")

    def __init__(self, limit: int = SESSION_LIMIT):
        self.buf = bytearray()
        self.limit = limit

    def feed(self, data) -> list:
        buf = self.buf
        if not buf and type(data) is bytes:
            # Nothing buffered (the usual case: a read ends on a frame boundary): cut the
            # frames out of `data` itself, one copy each instead of two plus the buffer's
            # append and trim; only a partial tail frame is buffered.
            buf = data
        else:
            buf += data
        out = []
        pos = 0
        n = len(buf)
        limit = self.limit
        unpack = _LEN.unpack_from
        while n - pos >= 4:
            (size,) = unpack(buf, pos)
            if size > limit:
                raise FrameTooLarge(size, limit)
            end = pos + 4 + size
            if end > n:
                break
            out.append(bytes(buf[pos + 4 : end]))
            pos = end
        if buf is data:
            if pos < n:
                self.buf += data[pos:]
        elif pos:
            del buf[:pos]
        return out

    def pending(self) -> int:
        return len(self.buf)
