"""Display / Debug / float text forms (spec 03 A3, A6; 02 §12.1)."""

import math

import pytest

from mesh.runtime import core as rt
from mesh.runtime.stdlib import map as M, queue as Q, set as S


@pytest.mark.parametrize(
    "value,text",
    [
        (3.0, "3"),
        (-3.5, "-3.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1.0 / 3.0, "0.3333333333333333"),
        (100.0, "100"),
        (1e20, "100000000000000000000"),
        (1e22, "10000000000000000000000"),
        (1e-7, "0.0000001"),
        (123456789.125, "123456789.125"),
        (-0.0, "-0"),
        (math.pi, "3.141592653589793"),
        (math.sqrt(2.0), "1.4142135623730951"),
        (42.0, "42"),
        (3.14, "3.14"),
        (-2.5, "-2.5"),
        (1.0e21, "1000000000000000000000"),
        (float("nan"), "NaN"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        (8.0, "8"),
        (1.5e-7, "0.00000015"),
        (-1.25e-10, "-0.000000000125"),
        (0.0, "0"),
    ],
)
def test_fmt_float(value, text):
    assert rt.fmt_float(value) == text
    assert rt.display(value) == text
    assert rt.debug(value) == text


def test_fmt_float_huge():
    s = rt.fmt_float(1.5e300)
    assert len(s) == 301 and s.startswith("15") and set(s[2:]) == {"0"}


@pytest.mark.parametrize(
    "value,text",
    [
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (100.0, "100.0"),
        (1e15, "1000000000000000.0"),
        (95.5, "95.5"),
        (12345.678, "12345.678"),
        (0.0001, "0.0001"),
        (0.00001, "0.00001"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e16, "1e16"),
        (1e-6, "1e-6"),
        (1.5e-7, "1.5e-7"),
        (1.2345678901234568e20, "1.2345678901234568e20"),
        (5e-324, "5e-324"),
        (float("nan"), "null"),
        (float("inf"), "null"),
        (-2.5, "-2.5"),
    ],
)
def test_json_float(value, text):
    assert rt.json_float(value) == text


class Point(rt.Struct):
    __slots__ = ("x", "y")
    _mesh_name = "Point"
    _mesh_fields = ("x", "y")
    _mesh_derives = frozenset({"Eq", "Ord", "Debug", "Hash"})

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Item(rt.Struct):
    __slots__ = ("label", "qty")
    _mesh_name = "Item"
    _mesh_fields = ("label", "qty")
    _mesh_derives = frozenset({"Display", "Debug"})

    def __init__(self, label, qty):
        self.label = label
        self.qty = qty


class Empty(rt.Struct):
    __slots__ = ()
    _mesh_name = "Empty"
    _mesh_fields = ()
    _mesh_derives = frozenset({"Display", "Debug"})


class Bare(rt.Struct):
    __slots__ = ("v",)
    _mesh_name = "Bare"
    _mesh_fields = ("v",)
    _mesh_derives = frozenset()

    def __init__(self, v):
        self.v = v


class Shape(rt.Variant):
    __slots__ = ()
    _mesh_derives = frozenset({"Display"})


class Shape_Dot(Shape):
    __slots__ = ()
    _mesh_tag = "Dot"
    _mesh_index = 0
    _mesh_arity = 0


class Shape_Square(Shape):
    __slots__ = ("_0",)
    _mesh_tag = "Square"
    _mesh_index = 1
    _mesh_arity = 1

    def __init__(self, _0):
        self._0 = _0


class Shape_Rect(Shape):
    __slots__ = ("_0", "_1")
    _mesh_tag = "Rect"
    _mesh_index = 2
    _mesh_arity = 2

    def __init__(self, _0, _1):
        self._0 = _0
        self._1 = _1


class Color(rt.Variant):
    __slots__ = ()
    _mesh_derives = frozenset({"Eq", "Ord", "Debug"})


class Color_Red(Color):
    __slots__ = ()
    _mesh_tag = "Red"
    _mesh_index = 0
    _mesh_arity = 0


class Color_Circle(Color):
    __slots__ = ("_0",)
    _mesh_tag = "Circle"
    _mesh_index = 1
    _mesh_arity = 1

    def __init__(self, _0):
        self._0 = _0


def test_struct_text():
    it = Item("bolt", 3)
    assert rt.display(it) == "Item(bolt, 3)"
    assert rt.debug(it) == "Item { label: bolt, qty: 3 }"
    assert rt.display(Point(1, 2)) == "Point { x: 1, y: 2 }"  # no Display → Debug layout
    assert rt.debug(Point(1, 2)) == "Point { x: 1, y: 2 }"
    assert rt.display(Empty()) == "Empty()"
    assert rt.debug(Empty()) == "Empty {}"
    assert rt.display(Bare("s")) == "Bare { v: s }"  # neither → Debug layout
    assert rt.display(Item("box", [1, 2])) == "Item(box, [1, 2])"
    assert rt.display(Item(Point(1, 2.0), 1)) == "Item(Point { x: 1, y: 2 }, 1)"


def test_variant_text():
    assert rt.display(Shape_Square(4)) == "Square(4)"
    assert rt.display(Shape_Dot()) == "Dot"
    assert rt.display(Shape_Rect(2, 5)) == "Rect(2, 5)"
    assert rt.display(Shape_Square(3.5)) == "Square(3.5)"
    assert rt.debug(Color_Circle(3.5)) == "Circle(...)"
    assert rt.display(Color_Circle(3.5)) == "Circle(...)"
    assert rt.debug(Color_Red()) == "Red"


def test_hand_written_display():
    class P2(Point):
        __slots__ = ()

        def _mesh_display(self):
            return f"<{self.x}|{self.y}>"

    assert rt.display([P2(1, 2)]) == "[<1|2>]"
    assert rt.debug(P2(1, 2)) == "P2 { x: 1, y: 2 }" or rt.debug(P2(1, 2)).endswith(
        "{ x: 1, y: 2 }"
    )


def test_builtin_kinds():
    assert rt.display(42) == "42"
    assert rt.display(-5) == "-5"
    assert rt.display(True) == "true"
    assert rt.display(False) == "false"
    assert rt.display("hi") == "hi"
    assert rt.debug("hi") == '"hi"'
    assert rt.debug('a"b\n') == '"a"b\n"'
    assert rt.display(None) == "()"
    assert rt.display([]) == "[]"
    assert rt.display(["hello", "world"]) == "[hello, world]"
    assert rt.debug(["hello", "world"]) == "[hello, world]"
    assert rt.display([[1, 2], [3]]) == "[[1, 2], [3]]"
    assert rt.display((1, "a", True)) == "(1, a, true)"
    assert rt.display(rt.Some(42)) == "Some(42)"
    assert rt.debug(rt.Some("x")) == "Some(x)"
    assert rt.display(rt.NONE) == "None"
    assert rt.display(rt.Ok("fine")) == "Ok(fine)"
    assert rt.display(rt.Err("boom")) == "Err(boom)"
    assert rt.display([rt.Some(1), rt.NONE]) == "[Some(1), None]"
    assert [rt.display(o) for o in (rt.LESS, rt.EQUAL, rt.GREATER)] == ["Less", "Equal", "Greater"]
    assert rt.display(rt.MeshRange(1, 4)) == "1..4"
    assert rt.display(lambda: 1) == "<function>"
    assert rt.display(rt.make_regex("a+")) == "<Regex>"
    assert rt.display(rt.Atom("ok")) == "ok"
    assert rt.debug(rt.Atom("ok")) == ":ok"
    assert rt.Atom("ok") is rt.Atom("ok")


def test_collections_text():
    m = rt.make_map([("ada", 36), ("bo", 41)])
    assert rt.display(m) == "%{ada => 36, bo => 41}"
    assert rt.display(M.new()) == "%{}"
    assert rt.display(rt.make_map([("a", [1, 2])])) == "%{a => [1, 2]}"
    s = S.add(S.add(S.new(), 3), 1)
    assert rt.display(s) == "#{3, 1}"
    assert rt.display(S.new()) == "#{}"
    q = Q.push(Q.push(Q.new(), 1), 2)
    assert rt.display(q) == "Queue([1, 2])"
    line = (
        f"{rt.display(['ada', 'bo'])} {rt.display(m)} {rt.display([[1, 2], [3]])} {rt.display(s)}"
    )
    assert line == "[ada, bo] %{ada => 36, bo => 41} [[1, 2], [3]] #{3, 1}"


def test_json_literal():
    j = rt.make_json([("status", "ok"), ("count", 42)])
    assert j == '{"count":42,"status":"ok"}'
    assert isinstance(j, rt.Json) and isinstance(j, str)
    assert rt.display(j) == '{"count":42,"status":"ok"}'
    nested = rt.make_json(
        [
            ("memo", rt.NONE),
            ("part", rt.make_json([("qty", 3), ("sku", "B-7")])),
            ("ratio", 0.5),
            ("tags", ["new"]),
        ]
    )
    assert nested == '{"memo":null,"part":{"qty":3,"sku":"B-7"},"ratio":0.5,"tags":["new"]}'
    assert rt.make_json([]) == "{}"
    assert rt.make_json([("a", 1), ("a", 2)]) == '{"a":2}'
    assert rt.make_json([("s", 'q"\n\x01é')]) == '{"s":"q\\"\\n\\u0001é"}'
    assert rt.json_encode(Shape_Square(4)) == '{"fields":[4],"tag":"Square"}'
    assert rt.json_encode(Point(1, 2)) == '{"x":1,"y":2}'


try:
    from hypothesis import given, strategies as st
except ImportError:  # pragma: no cover
    given = None

if given is not None:

    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_fmt_float_roundtrips(x):
        s = rt.fmt_float(x)
        assert "e" not in s and "E" not in s
        assert not s.endswith(".0")
        assert float(s) == x
        if x == int(x) and abs(x) < 1e300:
            assert "." not in s

    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_json_float_roundtrips(x):
        s = rt.json_float(x)
        assert float(s) == x
        assert "+" not in s

    @given(
        st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1),
        st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1),
    )
    def test_int_div_mod_identity(a, b):
        if b == 0:
            return
        q, r = rt.idiv(a, b), rt.imod(a, b)
        assert rt.wrap(q * b + r) == a
        assert r == 0 or (r < 0) == (a < 0)
        assert abs(r) < abs(b)
