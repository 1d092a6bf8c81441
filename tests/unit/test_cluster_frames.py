"""The frame dispatch table (spec 07 §6, §8): tag → owning component's handler; unknown
tags and empty frames are ignored; a bad frame is logged and dropped, never fatal."""

import pytest

from mesh.cluster.codec import Codec
from mesh.cluster.frames import T_LINK, T_PING, FrameTable


class _Session:
    peer_name = "b@127.0.0.1:2"


def table():
    logs = []
    t = FrameTable(Codec(None), logs.append)
    return t, logs


def test_handlers_get_the_decoded_fields():
    t, logs = table()
    seen = []
    t.register(T_PING, lambda s, nonce: seen.append((s, nonce)))
    s = _Session()
    codec = Codec(None)
    t.dispatch(s, bytes([T_PING]) + codec.encode([42]))
    assert seen == [(s, 42)] and logs == []


def test_unknown_tags_and_empty_frames_are_ignored():
    t, logs = table()
    t.dispatch(_Session(), bytes([0x7E]) + b"\x90")
    t.dispatch(_Session(), b"")
    assert logs == []


def test_bad_frames_are_logged_and_dropped():
    t, logs = table()
    t.register(T_PING, lambda s, nonce: None)

    def boom(s, a, b):
        raise ValueError("no such pid")

    t.register(T_LINK, boom)
    codec = Codec(None)
    t.dispatch(_Session(), bytes([T_PING]) + codec.encode(7))  # not an array
    t.dispatch(_Session(), bytes([T_PING]) + b"\xc1")  # not msgpack
    t.dispatch(_Session(), bytes([T_PING]) + codec.encode([1, 2]))  # wrong arity
    t.dispatch(_Session(), bytes([T_LINK]) + codec.encode([1, 2]))  # handler fails
    assert len(logs) == 4
    assert all(ln.startswith("mesh node: dropped malformed frame 0x") for ln in logs)
    assert "frame body is not an array" in logs[0] and "no such pid" in logs[3]
    assert all("b@127.0.0.1:2" in ln for ln in logs)


def test_a_tag_has_one_owner():
    t, _logs = table()
    t.register(T_PING, lambda s, n: None)
    with pytest.raises(ValueError, match="0xf0 already has a handler"):
        t.register(T_PING, lambda s, n: None)
