"""Json module and mesh.runtime.json_codec (spec 05 §6)."""

import json as _stdjson
import math

import pytest
from hypothesis import given, settings, strategies as st

from mesh.runtime import json_codec as C
from mesh.runtime.stdlib import json as J
from mesh.runtime.values import NONE, Err, Json, MeshMap, MeshPanic, Ok, Some, Struct, Variant


def ok_text(text):
    r = J.parse(text)
    assert type(r) is Ok, r
    assert type(r._0) is Json
    return str(r._0)


def err_text(text):
    r = J.parse(text)
    assert type(r) is Err, r
    return r._0


@pytest.mark.parametrize(
    "src,want",
    [
        (' { "b" : [1, 2.5, true, null], "a": "x/y" } ', '{"a":"x/y","b":[1,2.5,true,null]}'),
        ('{"k":1,"k":2}', '{"k":2}'),
        ("42", "42"),
        ('"hi"', '"hi"'),
        ("null", "null"),
        ("[]", "[]"),
        ("{}", "{}"),
        ("-0", "-0.0"),
        ("0", "0"),
        ("1e2", "100.0"),
        ("1.0", "1.0"),
        ("1E+2", "100.0"),
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("9223372036854775808", "9.223372036854776e18"),
        ('"\\u00e9\\n\\t\\/\\u0001\\ud83d\\ude00"', '"é\\n\\t/\\u0001😀"'),
        ('"\\u001f\\u007f\\u2028"', '"\\u001f\x7f\u2028"'),
        ('{"é":1,"z":2,"Z":3,"a":4}', '{"Z":3,"a":4,"z":2,"é":1}'),
    ],
)
def test_parse_canonical(src, want):
    assert ok_text(src) == want


@pytest.mark.parametrize(
    "f,want",
    [
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (100.0, "100.0"),
        (1e15, "1000000000000000.0"),
        (1e16, "1e16"),
        (95.5, "95.5"),
        (12345.678, "12345.678"),
        (0.0001, "0.0001"),
        (0.00001, "0.00001"),
        (1e-6, "1e-6"),
        (1.5e-7, "1.5e-7"),
        (0.30000000000000004, "0.30000000000000004"),
        (1.2345678901234568e20, "1.2345678901234568e20"),
        (5e-324, "5e-324"),
        (float("nan"), "null"),
        (float("inf"), "null"),
        (-float("inf"), "null"),
        (-2.5, "-2.5"),
        (123456789012345680.0, "1.2345678901234568e17"),
    ],
)
def test_encode_float_layout(f, want):
    assert J.encode(f) == want


@pytest.mark.parametrize(
    "src,desc",
    [
        ("", "EOF while parsing a value at line 1 column 0"),
        ("[1,]", "trailing comma at line 1 column 4"),
        ('{"a":1,}', "trailing comma at line 1 column 8"),
        ('{"a" 1}', "expected `:` at line 1 column 6"),
        ("[1 2]", "expected `,` or `]` at line 1 column 4"),
        ('{"a":1 "b":2}', "expected `,` or `}` at line 1 column 8"),
        ("{1:2}", "key must be a string at line 1 column 2"),
        ("1 2", "trailing characters at line 1 column 3"),
        ("nul", "EOF while parsing a value at line 1 column 3"),
        ("nux", "expected ident at line 1 column 3"),
        ("abc", "expected value at line 1 column 1"),
        ("[1", "EOF while parsing a list at line 1 column 2"),
        ('{"a":1', "EOF while parsing an object at line 1 column 6"),
        ('"ab', "EOF while parsing a string at line 1 column 3"),
        ('"a\\qb"', "invalid escape at line 1 column 4"),
        ("01", "invalid number at line 1 column 2"),
        ("1e400", "number out of range at line 1 column 5"),
        (
            '"\x01"',
            "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 2",
        ),
        ('"\\ud800"', "lone leading surrogate in hex escape at line 1 column 7"),
        ('"\\udc00"', "lone leading surrogate in hex escape at line 1 column 7"),
        ("[\n  1,\n  ]", "trailing comma at line 3 column 3"),
        ("NaN", "expected value at line 1 column 1"),
        ("Infinity", "expected value at line 1 column 1"),
        ("-Infinity", "invalid number at line 1 column 2"),
        ("\ufeff1", "expected value at line 1 column 1"),
        ("1" * 400, "number out of range at line 1 column 400"),
        ("[\n1,\n]", "trailing comma at line 3 column 1"),
        ("é x", "expected value at line 1 column 1"),
        ('"é" x', "trailing characters at line 1 column 6"),
    ],
)
def test_parse_errors(src, desc):
    assert err_text(src) == desc


def test_huge_integer_is_float():
    t = ok_text("1" * 300)
    assert t.startswith("1.11111111111111") and t.endswith("e299")


def test_depth_limit():
    assert ok_text("[" * 128 + "]" * 128).startswith("[[")
    assert err_text("[" * 129 + "]" * 129).startswith("recursion limit exceeded")
    assert err_text('{"a":' * 129 + "1" + "}" * 129).startswith("recursion limit exceeded")
    assert err_text("[" * 100000).startswith("recursion limit exceeded")


def test_get_and_get_nested():
    doc = (
        '{"s":"a\\"b","i":-12,"f":1.50,"t":true,"n":null,"arr":[1,{"z":1,"a":2}],'
        '"big":18446744073709551615,"huge":18446744073709551616,"o":{"k":"v","m":{}}}'
    )
    assert J.get(doc, "s") == 'a"b'
    assert J.get(doc, "i") == "-12"
    assert J.get(doc, "f") == "1.5"
    assert J.get(doc, "t") == "true"
    assert J.get(doc, "n") == ""
    assert J.get(doc, "arr") == '[1,{"a":2,"z":1}]'
    assert J.get(doc, "big") == "18446744073709551615"
    assert J.get(doc, "huge") == "1.8446744073709552e19"
    assert J.get(doc, "nope") == ""
    assert J.get("[1]", "0") == "" and J.get("oops", "a") == "" and J.get("", "a") == ""
    assert J.get_nested(doc, "o", "k") == "v"
    assert J.get_nested(doc, "o", "m") == "{}"
    assert J.get_nested(doc, "s", "x") == ""
    assert J.get_nested(doc, "zz", "x") == ""
    assert J.get(Json('{"a":1}'), "a") == "1"


def test_encode_values():
    assert J.encode([1, 2]) == "[1,2]"
    assert J.encode(MeshMap([("b", 1), ("a", [True, None])])) == '{"a":[true,null],"b":1}'
    assert J.encode([Some(3), NONE]) == "[3,null]"
    assert J.encode('q"\\/\x00\x7f') == '"q\\"\\\\/\\u0000\x7f"'
    j = Json('{"a":1}')
    assert J.encode(j) == '{"a":1}' and J.encode([j]) == '[{"a":1}]'
    with pytest.raises(MeshPanic, match="is not JSON-encodable"):
        J.encode(object())


def test_encode_helpers():
    assert J.encode_string("a\tb") == '"a\\tb"'
    assert J.encode_int(-4) == "-4"
    assert J.encode_bool(True) == "true" and J.encode_bool(False) == "false"
    assert J.encode_map(MeshMap([("z", "1"), ("a", "2")])) == '{"a":"2","z":"1"}'
    assert J.encode_map(MeshMap()) == "{}"
    assert J.encode_list(["a", "b"]) == '["a","b"]' and J.encode_list([]) == "[]"


def test_fast_and_slow_paths_agree():
    samples = [
        '{"a":[1,2,{"b":null}],"c":"\\u00e9"}',
        "[1.5,-0,1e-7]",
        '"x"',
        "true",
        '{"a":{"b":{"c":[]}}}',
    ]
    for s in samples:
        assert C.encode_tree(C.parse_tree(s)) == C.encode_tree(C._Parser(s, False).parse())


# ---- typed decoding helpers (for deriving(Json) codegen) ----------------------------


class Slot(Struct):
    __slots__ = ("label", "size", "note")
    _mesh_name = "Slot"
    _mesh_fields = ("label", "size", "note")
    _mesh_json_fields = (("label", "String"), ("size", "Int"), ("note", ("Option", "String")))

    def __init__(self, label, size, note):
        self.label, self.size, self.note = label, size, note


class Cmd(Variant):
    __slots__ = ()
    _mesh_json_name = "Cmd"


class Cmd_Move(Cmd):
    __slots__ = ("_0", "_1")
    _mesh_tag = "Move"
    _mesh_index = 0
    _mesh_arity = 2

    def __init__(self, _0, _1):
        self._0, self._1 = _0, _1


class Cmd_Halt(Cmd):
    __slots__ = ()
    _mesh_tag = "Halt"
    _mesh_index = 1
    _mesh_arity = 0


HALT = Cmd_Halt()
Cmd._mesh_json_variants = {"Move": (Cmd_Move, ("Int", "Int")), "Halt": (HALT, ())}


def test_struct_and_variant_encoding():
    s = Slot("C-1", 3, NONE)
    assert C.encode_struct(s) == '{"label":"C-1","note":null,"size":3}'
    assert C.to_json(s) == '{"label":"C-1","note":null,"size":3}'
    assert type(C.to_json(s)) is Json
    assert C.encode_variant(Cmd_Move(2, -1)) == '{"fields":[2,-1],"tag":"Move"}'
    assert C.encode_value(HALT) == '{"fields":[],"tag":"Halt"}'


def test_from_json_struct():
    r = C.from_json('{"label":"C-1","size":2.9,"extra":1}', Slot)
    assert type(r) is Ok and r._0 == Slot("C-1", 2, NONE)
    assert C.from_json('{"label":"C-1"}', Slot) == Err("missing field: size")
    assert C.from_json('{"label":"C-2","size":"big"}', Slot) == Err("expected Int")
    assert C.from_json('{"label":1,"size":"big"}', Slot) == Err("expected String")
    assert C.from_json("[1]", Slot) == Err("expected Object")
    assert C.from_json('{"label":"a","size":1,"note":null}', Slot)._0.note is NONE
    assert C.from_json('{"label":"a","size":1,"note":"n"}', Slot)._0.note == Some("n")
    assert C.from_json("{", Slot) == Err("EOF while parsing an object at line 1 column 1")
    assert C.from_json('{"label":"a","size":true}', Slot) == Err("expected Int")


def test_from_json_scalars_and_collections():
    assert C.from_json("1", "Float") == Ok(1.0)
    assert C.from_json("true", "Int") == Err("expected Int")
    assert C.from_json("1", "Bool") == Err("expected Bool")
    assert C.from_json("-2.7", "Int") == Ok(-2)
    assert C.from_json("1e300", "Int") == Ok(9223372036854775807)
    assert C.from_json("[1,2]", ("List", "Int")) == Ok([1, 2])
    assert C.from_json('[1,"x"]', ("List", "Int")) == Err("expected Int")
    assert C.from_json("{}", ("List", "Int")) == Err("expected Array")
    m = C.from_json('{"b":1,"a":2}', ("Map", "Int"))._0
    assert m == MeshMap([("a", 2), ("b", 1)]) and list(m.keys()) == ["a", "b"]
    assert C.from_json("[]", ("Map", "Int")) == Err("expected Object")
    assert C.from_json("null", ("Option", "Int")) == Ok(NONE)
    assert C.from_json('{"a": [1, 2]}', "Json") == Ok(Json('{"a":[1,2]}'))
    assert C.from_json("1", lambda: "Int") == Ok(1)
    st = ("Struct", Slot, (("label", "String"), ("size", "Int"), ("note", ("Option", "String"))))
    assert C.from_json('{"label":"x","size":1}', st) == Ok(Slot("x", 1, NONE))


def test_from_json_sum():
    assert C.from_json('{"tag":"Move","fields":[2,-1]}', Cmd) == Ok(Cmd_Move(2, -1))
    assert C.from_json('{"tag":"Halt","fields":[]}', Cmd)._0 is HALT
    assert C.from_json('{"tag":"Halt"}', Cmd)._0 is HALT
    assert C.from_json('{"fields":[]}', Cmd) == Err("missing field: tag")
    assert C.from_json('{"tag":1}', Cmd) == Err("expected String")
    assert C.from_json('{"tag":"Jump"}', Cmd) == Err("unknown variant for Cmd")
    assert C.from_json('{"tag":"Move"}', Cmd) == Err("missing field: fields")
    assert C.from_json('{"tag":"Move","fields":{}}', Cmd) == Err("expected Array")
    assert C.from_json('{"tag":"Move","fields":[1]}', Cmd) == Err(
        "array index 1 out of bounds (length 1)"
    )
    assert C.from_json('{"tag":"Move","fields":[1,2,3]}', Cmd) == Ok(Cmd_Move(1, 2))
    assert C.from_json("[]", Cmd) == Err("expected Object")
    spec = ("Sum", "Cmd", Cmd._mesh_json_variants)
    assert C.from_json('{"tag":"Move","fields":[1,2]}', spec) == Ok(Cmd_Move(1, 2))


def test_nan_never_parsed():
    for s in ("NaN", "[Infinity]", '{"a":-Infinity}'):
        assert type(J.parse(s)) is Err
    v = C.parse_tree("[1.5]")
    assert not any(isinstance(x, float) and math.isnan(x) for x in v)


_json_trees = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=4), kids, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(_json_trees)
def test_parse_fast_canonical_text_matches_the_reference_encoder(tree):
    # Json.parse hands float-free trees to the C encoder; it must agree with encode_tree
    text = _stdjson.dumps(tree, ensure_ascii=bool(len(str(tree)) % 2))
    got = C.parse(text)
    assert str.__str__(got._0) == C.encode_tree(C.parse_tree(text))
