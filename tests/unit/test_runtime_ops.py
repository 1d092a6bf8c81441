"""Int/Float semantics, equality, ordering, hashing (spec 03 A2, A3, A7)."""

import math

import pytest

from mesh.runtime import core as rt
from mesh.runtime.values import MeshPanic

MIN = -9223372036854775808
MAX = 9223372036854775807


def test_wrap():
    assert rt.wrap(MAX + 1) == MIN
    assert rt.wrap(MIN - 1) == MAX
    assert rt.wrap(5) == 5
    assert rt.num_add(MAX, 1) == MIN
    assert rt.num_mul(MAX, 2) == -2
    assert rt.num_neg(MIN) == MIN
    assert rt.num_sub(MIN, 1) == MAX


def test_int_div_mod():
    assert rt.idiv(7, 2) == 3
    assert rt.idiv(-7, 2) == -3
    assert rt.imod(-7, 3) == -1
    assert rt.imod(7, -3) == 1
    assert rt.imod(-7, -3) == -1
    assert rt.idiv(-7, -2) == 3
    assert rt.idiv(6, -3) == -2
    assert rt.idiv(MIN, -1) == MIN
    assert rt.imod(MIN, -1) == 0
    assert rt.num_div(-7, 2) == -3
    assert rt.num_mod(-7, 3) == -1


@pytest.mark.parametrize("fn", [rt.idiv, rt.imod, rt.num_div, rt.num_mod])
def test_division_by_zero_panics(fn):
    with pytest.raises(MeshPanic) as e:
        fn(1, 0)
    assert e.value.message == "division by zero"


def test_float_ops_never_raise():
    assert rt.fdiv(1.0, 0.0) == math.inf
    assert rt.fdiv(-1.0, 0.0) == -math.inf
    assert math.isnan(rt.fdiv(0.0, 0.0))
    assert rt.fdiv(1.0, -0.0) == -math.inf
    assert math.isnan(rt.fmod(1.0, 0.0))
    assert rt.fmod(-7.5, 2.0) == -1.5
    assert rt.fmod(7.5, -2.0) == 1.5
    assert rt.num_div(1.0, 0.0) == math.inf
    assert rt.num_mod(5.5, 2.0) == 1.5


def test_nan_comparisons():
    nan = float("nan")
    assert not rt.eq(nan, nan)
    assert rt.ne(nan, nan)
    assert not rt.lt(nan, 1.0) and not rt.gt(nan, 1.0)
    assert rt.compare(nan, 1.0) is rt.GREATER


def test_compare_and_order():
    assert rt.compare(1, 2) is rt.LESS
    assert rt.compare(2, 2) is rt.EQUAL
    assert rt.compare("b", "a") is rt.GREATER
    assert rt.lt([1, 2], [1, 3])
    assert rt.lt([1], [1, 0])
    assert rt.lt(False, True)
    assert rt.lt((1, "a"), (1, "b"))
    assert rt.lt(rt.Some(100), rt.NONE)
    assert rt.lt(rt.Ok(100), rt.Err(1))
    assert rt.lt(rt.Some(1), rt.Some(2))
    assert rt.lt(rt.LESS, rt.EQUAL) and rt.lt(rt.EQUAL, rt.GREATER)
    assert rt.le(None, None) and not rt.lt(None, None)
    assert rt.compare(None, None) is rt.EQUAL
    assert rt.lt("abc", "abd") and rt.lt("Z", "a")


class P(rt.Struct):
    __slots__ = ("x", "y")
    _mesh_name = "P"
    _mesh_fields = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class E(rt.Struct):
    __slots__ = ()
    _mesh_name = "E"
    _mesh_fields = ()


def test_struct_eq_order_hash():
    assert rt.eq(P(1, 2), P(1, 2))
    assert rt.ne(P(1, 2), P(1, 3))
    assert rt.lt(P(1, 2), P(1, 3)) and rt.lt(P(0, 9), P(1, 0))
    assert rt.gt(P(2, 0), P(1, 9)) and rt.ge(P(1, 1), P(1, 1)) and rt.le(P(1, 1), P(1, 1))
    assert hash(P(1, [2, 3])) == hash(P(1, [2, 3]))
    assert rt.eq([P(1, 2)], [P(1, 2)])
    assert rt.mesh_hash(E()) == rt.mesh_hash(E())
    # an empty struct hashes to the offset basis (reinterpreted as signed)
    assert rt.mesh_hash(E()) == 0xCBF29CE484222325 - (1 << 64)


def test_option_result_eq():
    assert rt.eq(rt.Some(1), rt.Some(1))
    assert rt.ne(rt.Some(1), rt.NONE)
    assert rt.ne(rt.Ok(1), rt.Err(1))
    assert rt.eq(rt.Err("x"), rt.Err("x"))
    assert rt.eq(rt.Some([1, 2]), rt.Some([1, 2]))
    assert rt.eq((1, "a"), (1, "a"))
    assert rt.eq(None, None)


def test_map_set_eq_order_insensitive():
    a = rt.make_map([("a", 1), ("b", 2)])
    b = rt.make_map([("b", 2), ("a", 1)])
    assert rt.eq(a, b)
    assert rt.ne(a, rt.make_map([("a", 1)]))
    assert rt.ne(a, rt.make_map([("a", 1), ("b", 3)]))
    assert rt.eq(rt.make_set([1, 2]), rt.make_set([2, 1]))
    assert rt.ne(rt.make_set([1, 2]), rt.make_set([1]))
    assert hash(a) == hash(b)


def test_fnv_hash():
    # FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c
    assert rt.mesh_hash("a") == 0xAF63DC4C8601EC8C - (1 << 64)
    assert rt.mesh_hash("") == 0xCBF29CE484222325 - (1 << 64)
    assert rt.mesh_hash(1) == rt.mesh_hash(1)
    assert rt.mesh_hash(True) != rt.mesh_hash(False)
    assert rt.mesh_hash(1.5) == rt.mesh_hash(1.5)
    assert MIN <= rt.mesh_hash(12345) <= MAX
    assert rt.hash("a") == rt.mesh_hash("a")


def test_concat():
    assert rt.concat("a", "b") == "ab"
    assert rt.concat([1], [2]) == [1, 2]


def test_panics():
    with pytest.raises(MeshPanic) as e:
        rt.panic_at("main.mpl", 4, "boom")
    assert e.value.message == "Mesh panic at main.mpl:4: boom"
    with pytest.raises(MeshPanic) as e:
        rt.match_fail("main.mpl", 7)
    assert e.value.message == "Mesh panic at main.mpl:7: non-exhaustive match"


def test_call_method_dynamic():
    assert rt.call_method("abc", "length") == 3
    assert rt.call_method([1, 2], "map", lambda x: x + 1) == [2, 3]
    assert rt.call_method(rt.make_map([("a", 1)]), "has_key", "a") is True
    assert rt.call_method(3, "to_string") == "3"
    assert rt.call_method("s", "inspect") == '"s"'
    assert rt.call_method(rt.MeshRange(1, 4), "length") == 3
    assert rt.call_method(P(1, 2), "to_string") == "P { x: 1, y: 2 }"
    assert rt.get_field(P(1, 2), "y") == 2


def test_struct_update_and_from_pairs():
    p = P(1, 2)
    q = rt.struct_update(p, {"y": 5})
    assert (q.x, q.y, p.y) == (1, 5, 2) and type(q) is P
    m = rt.MeshMap.from_pairs([("a", 1), ("b", 2), ("a", 3)])
    assert rt.display(m) == "%{a => 3, b => 2}"
    assert m.items() == [("a", 3), ("b", 2)]
