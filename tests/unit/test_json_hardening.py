"""Json.parse on large bad input and the C-speed paths (issue 13 item 5, issue 19 item 8).

* Errors of documents over `json_errors.EXACT_LIMIT` are located from the C parser's
  position: the whole-document pure-Python parser must not run (it took 6-10 s on a 16 MiB
  body), and the located text must equal the exact parser's (differential tests).
* `json_fast.parse_canonical` / `json_fast.encode` must give exactly the canonical text of
  the slow paths (json_codec.encode_tree / fmt.json_encode) whenever they answer.
"""

from __future__ import annotations

import json
import random
from contextlib import contextmanager

import pytest
from hypothesis import given, settings, strategies as st

from mesh.runtime import fmt, json_codec as C, json_errors as E, json_fast as F
from mesh.runtime.stdlib import json as J
from mesh.runtime.values import NONE, Err, Json, MeshMap, MeshSet, Ok, Some, Struct, Variant

MIB = 1 << 20


@pytest.fixture
def no_whole_reparse(monkeypatch):
    """Fail the test if the exact parser parses a whole document (its `parse` method);
    token-level use by json_errors goes through other methods and stays allowed."""
    calls = []

    def forbidden(self):
        calls.append(self.n)
        raise AssertionError(f"whole-document exact parse of {self.n} chars")

    monkeypatch.setattr(C._Parser, "parse", forbidden)
    return calls


def exact_error(text: str) -> str:
    try:
        C._Parser(text, False).parse()
    except C.JsonError as e:
        return str(e)
    raise AssertionError("the exact parser accepted the document")


def big_array(n_bytes: int) -> str:
    item = '{"id":12345,"name":"item-0","tags":["a","b"]}'
    return "[" + ",".join([item] * (n_bytes // (len(item) + 1))) + "]"


# ------------------------------------------------------------------ 16 MiB, bad last byte


def test_16mib_body_with_bad_last_byte_is_located_not_reparsed(no_whole_reparse):
    doc = big_array(16 * MIB)
    bad = doc[:-1] + "x"
    r = J.parse(bad)
    assert r == Err(f"expected `,` or `]` at line 1 column {len(bad)}")
    assert no_whole_reparse == []


def test_16mib_truncated_body_multiline(no_whole_reparse):
    doc = big_array(16 * MIB).replace("},{", "},\n{")
    bad = doc[:-1]  # the closing `]` is missing
    last_line = bad[bad.rfind("\n") + 1 :]
    r = J.parse(bad)
    assert r == Err(
        f"EOF while parsing a list at line {bad.count(chr(10)) + 1} column {len(last_line)}"
    )
    assert no_whole_reparse == []


@pytest.mark.parametrize(
    "tail",
    [
        "NaN",
        "-Infinity",
        "1e400",
        '"\\ud800"',
        '"ok \\ud83d\\ude00 \\udc00"',
        "[" * 129 + "]" * 129,
        '"a\\qb"',
        '"\x01"',
        "tru",
        "01",
        "1.",
        '{"a" 1}',
        '{"a":1,}',
    ],
)
def test_large_documents_get_the_exact_error_text(tail):
    doc = big_array(E.EXACT_LIMIT * 3)
    bad = doc[:-1] + "," + tail + "]"
    want = exact_error(bad)
    real_parse = C._Parser.parse
    try:
        C._Parser.parse = lambda self: pytest.fail("whole-document exact parse")
        got = J.parse(bad)
    finally:
        C._Parser.parse = real_parse
    assert got == Err(want)


def test_parse_tree_users_are_bounded_too(no_whole_reparse):
    """`T.from_json` and `Json.get` share parse_tree: same located errors."""
    bad = big_array(2 * MIB)[:-1] + "x"
    assert C.from_json(bad, "Int") == Err(f"expected `,` or `]` at line 1 column {len(bad)}")
    assert J.get(bad, "a") == ""


# ------------------------------------------------------------------ differential: located == exact

_JUNK = list(',:[]{}"\\ \n1-.eEtfnxN0') + [
    "tru",
    "nul",
    "\\u",
    "\\ud800",
    "NaN",
    "1e400",
    "\x01",
    "-",
    "01",
    "1.",
    "[" * 130,
]


def _rand_value(rng: random.Random, depth: int = 0):
    r = rng.random()
    if depth > 3 or r < 0.3:
        return rng.choice(
            [
                1,
                -5,
                0,
                2.5,
                -0.25,
                1e20,
                1e-7,
                "s",
                "a b",
                'q"x',
                "é",
                True,
                False,
                None,
                12345678901234567890,
                "[{]}",
                "\\",
                "\u2028",
            ]
        )
    if r < 0.65:
        return [_rand_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {
        rng.choice("abcxyz") + str(rng.randint(0, 9)): _rand_value(rng, depth + 1)
        for _ in range(rng.randint(0, 4))
    }


def _located(text: str):
    try:
        tree = C._DEC_I64.decode(text)
        C._check(tree, 0)
        failure = None
    except C._Retry:
        failure = None
    except (ValueError, RecursionError) as e:
        failure = e
    if failure is None:
        return E.retry_error(C._Parser, text, False)
    return E.located_error(C._Parser, text, failure, False)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 2), st.booleans(), st.booleans())
def test_located_errors_equal_the_exact_parser(seed, op, spaced, ascii_only):
    rng = random.Random(seed)
    doc = json.dumps(
        _rand_value(rng), ensure_ascii=ascii_only, separators=(", ", ": ") if spaced else (",", ":")
    )
    k = rng.randint(0, len(doc))
    bad = [doc[:k] + rng.choice(_JUNK) + doc[k:], doc[:k] + doc[k + 1 :], doc[:k]][op]
    try:
        C._Parser(bad, False).parse()
        return  # the mutation left a valid document
    except C.JsonError as e:
        want = str(e)
    got = _located(bad)
    assert got is not None and str(got) == want


# ------------------------------------------------------------------ fast parse == exact parse


def _json_values():
    scalars = st.one_of(
        st.integers(-(2**70), 2**70),
        st.sampled_from([0, -1, 2**63 - 1, -(2**63), 2**63, 2**64]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
        st.text(max_size=8),
        st.sampled_from(["[", "]{", '"', "\\", "\ud83d\ude00", "-0"]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
        ),
        max_leaves=20,
    )


@settings(max_examples=300, deadline=None)
@given(_json_values(), st.booleans(), st.booleans(), st.booleans())
def test_fast_parse_matches_the_exact_path(value, spaced, ascii_only, neg_zero):
    text = json.dumps(
        value, ensure_ascii=ascii_only, separators=(", ", ": ") if spaced else (",", ":")
    )
    if neg_zero:
        text = "[-0, " + text + "]"
    want = C.encode_tree(C._Parser(text, False).parse())
    for encoder in _ENCODERS:
        with _sorted_encoder(encoder):
            fast = F.parse_canonical(text)
            assert fast is None or fast == want
            assert C.parse(text) == Ok(Json(want))


_ENCODERS = [F._orjson, None] if F._orjson is not None else [None]
"""orjson when installed, and the stdlib's C encoder (the fallback without it)."""


@contextmanager
def _sorted_encoder(module):
    saved = F._orjson
    F._orjson = module
    try:
        yield
    finally:
        F._orjson = saved


@pytest.mark.parametrize("encoder", _ENCODERS)
def test_fast_parse_defers_what_it_cannot_write(encoder):
    with _sorted_encoder(encoder):
        for text in [
            "-0",
            "9223372036854775808",
            '"\\ud800"',
            "[" * 129 + "]" * 129,
            "[1e400]",
            "[1E+400]",
            '{"a":null,"a":1,"b":1e400}',
        ]:
            assert F.parse_canonical(text) is None, text
        assert F.parse_canonical("[1e16]") in (None, "[1e16]")
        assert (
            F.parse_canonical('{"b":[1,2.5,"x y"],"a":"item-0"}')
            == '{"a":"item-0","b":[1,2.5,"x y"]}'
        )
        if encoder is not None:  # orjson writes negative exponents canonically
            assert F.parse_canonical("[1.5e-7, 1E-300]") == "[1.5e-7,1e-300]"


@pytest.mark.parametrize(
    "text,deep",
    [
        ("[" * 128 + "]" * 128, False),
        ("[" * 129 + "]" * 129, True),
        ('["' + "[" * 200 + '"]', False),
        ('["]]]]",' + "[" * 129 + "]" * 129 + "]", True),
        ('["\\"[[[[\\\\",' + "[" * 127 + "]" * 127 + "]", False),
        ('{"a":' * 129 + "1" + "}" * 129, True),
    ],
)
def test_depth_check_on_text_and_tree(text, deep):
    tree = json.loads(text)
    assert F._too_deep(tree, text.encode()) is deep
    assert F._too_deep_tree(tree) is deep


# ------------------------------------------------------------------ fast encode == fmt.json_encode


class Point(Struct):
    _mesh_fields = ("y", "x")
    _mesh_name = "Point"

    def __init__(self, y, x):
        self.y = y
        self.x = x


class Pair(Variant):
    __slots__ = ("_0", "_1")
    _mesh_tag = "Pair"
    _mesh_arity = 2

    def __init__(self, a, b):
        self._0, self._1 = a, b


def _mesh_values():
    scalars = st.one_of(
        st.integers(-(2**63), 2**63 - 1),
        st.floats(),
        st.booleans(),
        st.text(max_size=6),
        st.just(NONE),
        st.sampled_from([Json('{"a":1e16}'), Json("[1,2]"), Json('"s"')]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.builds(Some, inner),
            st.builds(Point, inner, inner),
            st.builds(Pair, inner, inner),
            st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=4).map(MeshSet),
            st.dictionaries(st.text(max_size=4), inner, max_size=4).map(
                lambda d: MeshMap(d.items())
            ),
        ),
        max_leaves=20,
    )


@settings(max_examples=300, deadline=None)
@given(_mesh_values())
def test_fast_encode_matches_fmt(value):
    want = fmt.json_encode(value)
    for encoder in _ENCODERS:
        with _sorted_encoder(encoder):
            fast = F.encode(value)
            assert fast is None or fast == want
            assert J.encode(value) == want


@pytest.mark.parametrize("encoder", _ENCODERS)
def test_fast_encode_answers_the_common_shapes(encoder):
    v = [Point(1.5, MeshMap([("b", [1, "x"]), ("a", Some(True))])), NONE, [Json('{"k":[]}')]]
    with _sorted_encoder(encoder):
        assert F.encode(v) == '[{"x":{"a":true,"b":[1,"x"]},"y":1.5},null,[{"k":[]}]]'
        assert F.encode(Pair(Json("[1]"), MeshSet([2]))) == '{"fields":[[1],[2]],"tag":"Pair"}'
        assert F.encode(float("nan")) in (None, "null") and J.encode(float("nan")) == "null"
        assert F.encode([1e16]) in (None, "[1e16]") and J.encode([1e16]) == "[1e16]"
        assert F.encode(MeshMap([(1, 2)])) is None  # non-string keys: fmt decides
