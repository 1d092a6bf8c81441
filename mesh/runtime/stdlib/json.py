"""Mesh `Json` / `JSON` module (spec 05 §6.4). A `Json` value is its canonical text."""

from __future__ import annotations

from ..fmt import json_encode as _encode, json_string as _jstr
from ..json_codec import (
    JsonError as _JsonError,
    encode_tree as _tree,
    parse as _parse,
    parse_tree as _parse_tree,
)
from ..json_fast import encode as _fast_encode
from ..values import Json as _Json


def encode(x):
    """Canonical encoding of any encodable value; a `Json` value is returned unchanged."""
    if type(x) is _Json:
        return str.__str__(x)
    out = _fast_encode(x)  # the C encoder, when its text is canonical
    return out if out is not None else _encode(x)


def parse(s):
    """`Ok(Json)` or `Err("<description> at line L column C")`."""
    return _parse(s)


def encode_string(s):
    return _jstr(s)


def encode_int(i):
    return int.__repr__(i)


def encode_bool(b):
    return "true" if b else "false"


def encode_map(m):
    d = {}
    for k, v in m.items():
        d[k] = v
    return "{" + ",".join(_jstr(k) + ":" + _jstr(d[k]) for k in sorted(d)) + "}"


def encode_list(items):
    return "[" + ",".join(map(_jstr, items)) + "]"


def _text(v):
    t = type(v)
    if v is None:
        return ""
    if t is str:
        return v
    if t is bool:
        return "true" if v else "false"
    return _tree(v)


def get(text, key):
    """Top-level `key` of the JSON object `text` as text; `""` when absent / null / invalid."""
    try:
        doc = _parse_tree(text, exact_u64=True)
    except _JsonError:
        return ""
    if type(doc) is not dict:
        return ""
    return _text(doc.get(key))


def get_nested(text, k1, k2):
    try:
        doc = _parse_tree(text, exact_u64=True)
    except _JsonError:
        return ""
    if type(doc) is not dict:
        return ""
    inner = doc.get(k1)
    if type(inner) is not dict:
        return ""
    return _text(inner.get(k2))
