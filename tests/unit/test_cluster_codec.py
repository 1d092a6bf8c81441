"""Wire codec and framing (spec 07 §6, §8): sans-IO, no sockets."""

import math
import struct

import msgpack
import pytest
from hypothesis import given, settings, strategies as st

from mesh.cluster import program
from mesh.cluster.codec import CLOSURE_ERROR, Codec, DecodeError, EncodeError
from mesh.cluster.framing import FrameDecoder, FrameTooLarge, encode_frame
from mesh.cluster.names import NodeNameError, parse_node_name
from mesh.runtime.actors.pid import NULL_PID, Pid
from mesh.runtime.datetime_value import DateTime
from mesh.runtime.values import (
    EQUAL,
    NONE,
    Atom,
    Err,
    Json,
    MeshMap,
    MeshQueue,
    MeshRange,
    MeshRegex,
    MeshSet,
    Ok,
    Some,
    Struct,
    Variant,
)


class Point(Struct):
    __slots__ = ("x", "y")
    _mesh_name = "Point"
    _mesh_qualname = "Geo.Point"
    _mesh_fields = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Shape(Variant):
    __slots__ = ()
    _mesh_name = "Shape"
    _mesh_qualname = "Geo.Shape"


class Shape_Circle(Shape):
    __slots__ = ("_0",)
    _mesh_tag = "Circle"
    _mesh_index = 1
    _mesh_arity = 1

    def __init__(self, _0):
        self._0 = _0


class _Shape_Dot(Shape):
    __slots__ = ()
    _mesh_tag = "Dot"
    _mesh_index = 0
    _mesh_arity = 0


Shape_Dot = _Shape_Dot()
program.register_types(Point, Shape_Circle, _Shape_Dot, Shape_Dot)


class FakeNodeRef:
    is_local = False

    def __init__(self, name, creation):
        self.name, self.creation, self.index = name, creation, 1


class Pids:
    """Pid context: pids are interned per (node, creation, id)."""

    def __init__(self):
        self.table = {}

    def pid_to_wire(self, pid):
        if pid.node is None:
            return ["", 0, 0]
        return [pid.node.name, pid.node.creation, pid.id]

    def pid_from_wire(self, name, creation, id_):
        if name == "" and id_ == 0:
            return NULL_PID
        k = (name, creation, id_)
        if k not in self.table:
            self.table[k] = Pid(id_, None, FakeNodeRef(name, creation))
        return self.table[k]


def rt(v):
    c = Codec(Pids())
    return c.decode(c.encode(v))


def test_scalars_and_collections():
    for v in [
        0,
        -1,
        2**63 - 1,
        -(2**63),
        1.0,
        -0.0,
        math.inf,
        True,
        False,
        "héllo",
        None,
        [1, [2, 3]],
        (1, "a", (2.5,)),
        Atom("ok"),
        Some(3),
        NONE,
        Ok("x"),
        Err(1),
        MeshSet([3, 1, 2]),
        MeshRange(1, 10),
        EQUAL,
        DateTime(1700000000123),
    ]:
        out = rt(v)
        assert out == v and type(out) is type(v), v
    assert type(rt(1.0)) is float
    assert rt(Atom("ok")) is Atom("ok")
    assert math.isnan(rt(math.nan))


def test_map_keeps_order_and_any_keys():
    m = MeshMap([("b", 1), ("a", 2), ([1, 2], 3), ((1, "x"), 4)])
    out = rt(m)
    assert type(out) is MeshMap
    assert out.items() == m.items()


def test_queue_struct_variant():
    q = MeshQueue().push(1).push(2).push(3)
    assert rt(q).to_list() == [1, 2, 3]
    p = rt(Point(1, [Point(2, 3)]))
    assert type(p) is Point and p == Point(1, [Point(2, 3)])
    assert rt(Shape_Circle(2.5)) == Shape_Circle(2.5)
    assert rt(Shape_Dot) is Shape_Dot


def test_json_crosses_as_text():
    assert rt(Json('{"a":1}')) == '{"a":1}'


def test_pids_roundtrip_and_intern():
    c = Codec(Pids())
    p = c.pids.pid_from_wire("b@h:1", 7, 5)
    assert c.decode(c.encode((p, p))) == (p, p)
    assert c.decode(c.encode(p)) is p
    assert c.decode(c.encode(NULL_PID)) is NULL_PID


class CountingPids(Pids):
    """A node's pid context: its own pids encode under its name once it has started."""

    def __init__(self):
        super().__init__()
        self.wire_final = False
        self.name = ""
        self.to_wire = self.from_wire = 0

    def pid_to_wire(self, pid):
        self.to_wire += 1
        if pid.node is None and pid.id:
            return [self.name, 1, pid.id]
        return super().pid_to_wire(pid)

    def pid_from_wire(self, name, creation, id_):
        self.from_wire += 1
        return super().pid_from_wire(name, creation, id_)


def test_pid_encodings_are_cached_once_final_and_resolve_to_the_same_pid():
    ctx = CountingPids()
    c = Codec(ctx)
    mine = Pid(3, None, None)  # a local pid: its wire form names this node
    before = c.encode((mine, 1))
    assert c.encode((mine, 1)) == before and ctx.to_wire == 2  # not final: asked each time
    ctx.wire_final, ctx.name = True, "a@h:1"  # the node started under a name
    after = c.encode((mine, 1))
    assert after != before and c.encode((mine, 1)) == after
    assert ctx.to_wire == 3  # asked once since, then cached
    peer = Codec(CountingPids())
    got = [peer.decode(after) for _ in range(3)]
    assert got[0][0] is got[1][0] is got[2][0] and got[0][0].id == 3
    assert got[0][0].node.name == "a@h:1" and got[0][1] == 1
    assert peer.pids.from_wire == 1  # the remote pid is resolved once, then cached
    assert peer.decode(peer.encode(NULL_PID)) is NULL_PID


def test_pid_caches_stay_bounded():
    from mesh.cluster.codec import PID_CACHE_LIMIT

    ctx = CountingPids()
    ctx.wire_final, ctx.name = True, "a@h:1"
    c, peer = Codec(ctx), Codec(CountingPids())
    pids = [Pid(i, None, None) for i in range(1, PID_CACHE_LIMIT + 10)]
    for p in pids:
        q = peer.decode(c.encode(p))
        assert q.id == p.id and peer.decode(c.encode(p)) is q
    assert len(c._pid_out) <= PID_CACHE_LIMIT and len(peer._pid_in) <= PID_CACHE_LIMIT


def test_refused_values():
    c = Codec(Pids())
    with pytest.raises(EncodeError) as e:
        c.encode([1, lambda x: x])
    assert e.value.message == CLOSURE_ERROR
    with pytest.raises(EncodeError) as e:
        c.encode(len)
    assert e.value.message == CLOSURE_ERROR
    with pytest.raises(EncodeError) as e:
        c.encode(MeshRegex("a", "", None))
    assert e.value.message == "STF: value of type Regex cannot be sent to another node"
    with pytest.raises(EncodeError):
        c.encode(object())
    # a refusal deep inside nested tuples leaves no half-filled packer behind
    with pytest.raises(EncodeError):
        c.encode(((1, ("a", (2, len))), 3))
    # the codec still works after a refusal
    assert c.decode(c.encode([1, 2])) == [1, 2]
    assert c.decode(c.encode(((1, ("a", (2, "b"))), 3))) == ((1, ("a", (2, "b"))), 3)


def test_decode_errors():
    c = Codec(Pids())
    bad = [
        msgpack.packb(b"bytes", use_bin_type=True),  # bin is not a Mesh value
        msgpack.packb(msgpack.ExtType(99, msgpack.packb(1))),  # unknown ext code
        msgpack.packb(msgpack.ExtType(4, msgpack.packb(["No.Such", []]))),  # unknown struct
        msgpack.packb(msgpack.ExtType(4, msgpack.packb(["Geo.Point", [1]]))),  # field count
        msgpack.packb(msgpack.ExtType(5, msgpack.packb(["Geo.Shape", 7, []]))),  # variant
        msgpack.packb(msgpack.ExtType(2, msgpack.packb(["x", "y", 1]))),  # pid payload
        b"\xc1",  # never-used byte
        msgpack.packb([1, 2])[:-1],  # truncated
        msgpack.packb(1) + b"\x01",  # trailing data
        b"\xa2\xff\xfe",  # invalid UTF-8
    ]
    for b in bad:
        with pytest.raises(DecodeError):
            c.decode(b)


def test_depth_limit():
    c = Codec(Pids())
    v = 1
    for _ in range(150):
        v = msgpack.ExtType(1, msgpack.packb([v]))
    with pytest.raises(DecodeError):
        c.decode(msgpack.packb(v))
    deep = 1
    for _ in range(150):
        deep = (deep,)
    with pytest.raises(EncodeError):
        c.encode(deep)
    ok = 1
    for _ in range(90):
        ok = (ok,)
    assert c.decode(c.encode(ok)) == ok


def test_collection_limit():
    c = Codec(Pids())
    data = b"\xdd" + struct.pack(">I", 2_000_000)  # array32 header claiming 2M elements
    with pytest.raises(DecodeError):
        c.decode(data)


_i64 = st.integers(-(2**63), 2**63 - 1)
_leaf = st.one_of(
    _i64,
    st.floats(allow_nan=False),
    st.booleans(),
    st.text(),
    st.none(),
    st.sampled_from([Atom("a"), Atom("down"), NONE, EQUAL]),
)


def _extend(children):
    return st.one_of(
        st.lists(children, max_size=5),
        st.lists(children, max_size=4).map(tuple),
        children.map(Some),
        children.map(Ok),
        children.map(Err),
        st.lists(st.tuples(st.one_of(_i64, st.text()), children), max_size=4).map(MeshMap),
        st.lists(_i64, max_size=4).map(MeshSet),
        st.tuples(children, children).map(lambda t: Point(*t)),
        children.map(Shape_Circle),
    )


@settings(max_examples=300, deadline=None)
@given(st.recursive(_leaf, _extend, max_leaves=30))
@pytest.mark.slow
def test_roundtrip_property(v):
    out = rt(v)
    assert out == v
    assert type(out) is type(v)


# ---------------------------------------------------------------- framing


def test_framing_split_and_limit():
    d = FrameDecoder(limit=16)
    stream = encode_frame(b"abc") + encode_frame(b"") + encode_frame(b"x" * 16)
    got = []
    for i in range(len(stream)):  # byte by byte
        got += d.feed(stream[i : i + 1])
    assert got == [b"abc", b"", b"x" * 16]
    assert d.pending() == 0
    with pytest.raises(FrameTooLarge):
        FrameDecoder(limit=16).feed(struct.pack("<I", 17))  # refused before the body arrives


def test_framing_reads_that_end_on_a_boundary_or_in_a_frame():
    # A read that starts on a frame boundary is cut up in place; only its tail is buffered.
    d = FrameDecoder(limit=16)
    a, b, c = encode_frame(b"abc"), encode_frame(b"hello"), encode_frame(b"x" * 16)
    assert d.feed(a + b) == [b"abc", b"hello"]
    assert d.pending() == 0
    assert d.feed(a + c[:6]) == [b"abc"]
    assert d.pending() == 6
    assert d.feed(c[6:] + b[:2]) == [b"x" * 16]
    assert d.feed(b[2:] + a) == [b"hello", b"abc"]
    assert d.pending() == 0
    assert all(type(f) is bytes for f in d.feed(bytearray(a + b)))
    with pytest.raises(FrameTooLarge):
        d.feed(a + struct.pack("<I", 17))


def test_session_limit_is_16mib():
    d = FrameDecoder()
    assert d.feed(struct.pack("<I", 16 * 1024 * 1024)) == []
    with pytest.raises(FrameTooLarge):
        FrameDecoder().feed(struct.pack("<I", 16 * 1024 * 1024 + 1))


# ---------------------------------------------------------------- names


def test_node_names():
    assert parse_node_name("app@localhost:4000") == ("app", "localhost", 4000)
    assert parse_node_name("app@10.0.0.5") == ("app", "10.0.0.5", 9000)
    assert parse_node_name("app@[::1]:4370") == ("app", "::1", 4370)
    assert parse_node_name("app@[fd00::7]") == ("app", "fd00::7", 9000)
    assert parse_node_name("app@::1") == ("app", "::1", 9000)
    assert parse_node_name("a@b@c:1") == ("a", "b@c", 1)
    assert parse_node_name("a@h:0", allow_zero=True) == ("a", "h", 0)
    for bad in [
        "app",
        "@h:1",
        "a@",
        "a@h:abc",
        "a@h:99999",
        "a@[::1",
        "a@[::1]x",
        "a@fd00::7:zz",
        "a@h:0",
        "a@h:",
    ]:
        with pytest.raises(NodeNameError):
            parse_node_name(bad)
