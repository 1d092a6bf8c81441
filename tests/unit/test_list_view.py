"""O(1) list tails (mesh/runtime/list_view.py): a `ListView` behaves as the list it stands
for in every operation and every place that dispatches on list values."""

import pytest
from hypothesis import given, strategies as st

from mesh.cluster.codec import Codec
from mesh.runtime import fmt, json_fast
from mesh.runtime.core import call_method
from mesh.runtime.list_view import SHORT, ListView, rest, uncons
from mesh.runtime.ops import compare, mesh_hash
from mesh.runtime.stdlib import json as J, list as L
from mesh.runtime.values import Json, MeshMap, MeshSet, Some, freeze

N = 40  # long enough for views (SHORT elements or fewer are copied)


def view(xs, k=1):
    v = rest(xs, k)
    assert type(v) is ListView
    return v


def test_rest_shares_storage_and_copies_short_suffixes():
    base = list(range(N))
    v = rest(base, 3)
    assert type(v) is ListView and v._base is base and v._start == 3
    w = rest(v, 5)
    assert type(w) is ListView and w._base is base and w._start == 8
    short = rest(base, N - SHORT)
    assert type(short) is list and short == base[N - SHORT :]
    assert rest(base, N) == []


def test_sequence_operations_match_the_list():
    base = list(range(N))
    v, expect = view(base, 7), base[7:]
    assert len(v) == len(expect) and bool(v) and list(v) == expect
    assert list(reversed(v)) == expect[::-1]
    for i in (0, 1, len(expect) - 1, -1, -len(expect)):
        assert v[i] == expect[i]
    for i in (len(expect), -len(expect) - 1):
        with pytest.raises(IndexError):
            v[i]
    for sl in (
        slice(2, None),
        slice(None, 3),
        slice(2, 5),
        slice(None, None, -1),
        slice(-3, None),
        slice(0, 100),
        slice(len(expect), None),
    ):
        assert list(v[sl]) == expect[sl], sl
    assert 7 in v and 6 not in v
    assert v + [1] == expect + [1] and [1] + v == [1] + expect and v + v == expect + expect


def test_equality_and_ordering_both_ways():
    base = list(range(N))
    v = view(base, 1)
    assert v == base[1:] and base[1:] == v and v == view(list(base), 1)
    assert v != base and base != v and not (v == base)
    assert v != (1, 2) and v != "x"
    assert base < v and v > base and v <= base[1:] and v >= base[1:]
    assert compare(v, base[1:]) == compare(base[1:], base[1:])
    with pytest.raises(TypeError):
        hash(v)


def test_display_debug_and_hash():
    base = [f"s{i}" for i in range(N)]
    v = view(base, 2)
    assert fmt.display(v) == fmt.display(base[2:])
    assert fmt.debug([v]) == fmt.debug([base[2:]])
    assert mesh_hash(v) == mesh_hash(base[2:])
    assert call_method(v, "to_string") == fmt.display(base[2:])
    assert call_method(v, "length") == N - 2


def test_json_encoding_of_views():
    base = [MeshMap([("a", 1)]), Json('{"k":[1,2]}'), 2.5, "x"] * 10
    v = view(base, 1)
    assert fmt.json_encode(v) == fmt.json_encode(base[1:])
    assert json_fast.encode(v) == json_fast.encode(base[1:]) == fmt.json_encode(base[1:])
    assert J.encode(Some(v)) == J.encode(Some(base[1:]))
    nested = MeshMap([("xs", v)])
    assert J.encode(nested) == J.encode(MeshMap([("xs", base[1:])]))


def test_views_as_map_keys_and_set_elements():
    base = list(range(N))
    v = view(base, 1)
    m = MeshMap([(v, "tail")])
    assert m.get(base[1:]) == "tail" and m.has_key(v)
    assert m.keys() == [base[1:]] and type(m.keys()[0]) is list
    assert MeshSet([v, base[1:]]) == MeshSet([base[1:]])
    assert freeze((v, 1)) == freeze((base[1:], 1))


class _Pids:
    def pid_to_wire(self, pid):  # pragma: no cover - no pids here
        raise AssertionError


def test_wire_codec_sends_a_view_as_its_list():
    c = Codec(_Pids())
    base = list(range(N))
    v = view(base, 4)
    assert c.encode(v) == c.encode(base[4:])
    assert c.encode((v, [v])) == c.encode((base[4:], [base[4:]]))
    out = c.decode(c.encode(v))
    assert out == base[4:] and type(out) is list


def test_list_functions_on_views():
    base = list(range(N))
    v = view(base, 1)
    expect = base[1:]
    assert type(L.tail(v)) is ListView and L.tail(v) == expect[1:]
    assert L.drop(v, 3) == expect[3:] and L.drop(v, 0) is v and L.drop(v, 100) == []
    assert L.take(v, 3) == expect[:3] and L.head(v) == 1 and L.last(v) == N - 1
    assert L.get(v, 2) == expect[2] and L.reverse(v) == expect[::-1]
    assert L.append(v, 99) == expect + [99] and L.concat([0], v) == [0] + expect
    assert L.map(v, lambda x: x * 2) == [x * 2 for x in expect]
    assert L.sort(v, lambda a, b: b - a) == sorted(expect, reverse=True)
    assert L.contains(v, 5) and L.length(v) == N - 1
    assert L.zip(v, v) == list(zip(expect, expect))


@given(st.lists(st.integers(), max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_views_of_views_are_the_suffix(xs, a, b):
    a = min(a, len(xs))
    b = min(b, len(xs) - a)
    v = rest(rest(xs, a), b)
    assert list(v) == xs[a + b :] and v == xs[a + b :] and len(v) == len(xs) - a - b


def test_uncons_gives_head_and_tail():
    base = list(range(N))
    h, t = uncons(base)
    assert h == 0 and type(t) is ListView and t == base[1:]
    h2, t2 = uncons(t)
    assert h2 == 1 and t2._base is base and t2 == base[2:]
    h3, t3 = uncons(base[-SHORT - 1 :])
    assert h3 == base[-SHORT - 1] and type(t3) is list and t3 == base[-SHORT:]
    assert uncons([7]) == (7, [])


@given(st.lists(st.integers(), max_size=40), st.integers(0, 40))
def test_views_are_never_empty_or_short(xs, k):
    v = rest(xs, min(k, len(xs)))
    if type(v) is ListView:
        assert len(v) > SHORT and bool(v) and v
    else:
        assert bool(v) is (len(v) > 0)


def test_user_impls_for_list_apply_to_views():
    from mesh.runtime.impls import IMPLS, register_impl

    register_impl("List", "Describe", "x_describe_for_test", lambda xs: f"{len(xs)} items")
    try:
        assert call_method(view(list(range(N)), 3), "x_describe_for_test") == f"{N - 3} items"
    finally:
        for key in [k for k in IMPLS if k[1] == "x_describe_for_test"]:
            del IMPLS[key]
