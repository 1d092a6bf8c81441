"""C-speed canonical JSON for `Json.parse` and `Json.encode` (spec 05 §6.2, §6.7).

Both directions lean on the C `json` module and only fall back to the exact Python code
(json_codec / fmt) when a cheap test says the C result might not be canonical:

* `parse_canonical(text)`: a C parse (orjson when installed; the stdlib's, strict about
  `NaN`/`Infinity`, for what orjson rejects or without it), then a C encoder with sorted
  keys: orjson's (~5× faster than the stdlib's, whose sorted re-encode alone cost more
  than `json.loads`), else the stdlib's. The C output is
  canonical unless the document has an integer outside 64 bits (canonical: a float), a
  `-0` (canonical: `-0.0`), a float written with a `+` exponent (`1e+16`; canonical
  `1e16`), a number overflowing a double, a lone surrogate, or nesting deeper than 128.
  Each is detected on the text with C-speed string operations (`in`, `bytes.translate`,
  literal-prefixed regexes); a false alarm (the same characters inside a string) only
  costs the slow path.
* `encode(value)`: a C encoder with a `default` hook for Mesh values it does not know
  (structs, maps, options, variants, sets). With orjson, `Json` values go in as
  pre-encoded fragments; with the stdlib encoder (which would quote them, being `str`
  subclasses) they are turned into trees first. Anything unusual raises `Slow`.

Both return None when the slow path must decide.
"""

from __future__ import annotations

import gc
import json as _json
import re
from functools import partial
from itertools import chain, compress
from operator import is_

try:  # the fast path's encoder when installed (README: dependencies); else the stdlib's
    import orjson as _orjson

    _ORJSON_VALUES = _orjson.OPT_SORT_KEYS | _orjson.OPT_PASSTHROUGH_SUBCLASS
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None

from .list_view import ListView
from .values import Json, MeshMap, MeshSet, None_, Some, Struct, Variant

__all__ = [
    "parse_canonical",
    "encode",
    "decode",
    "Retry",
    "NUM_SHAPE",
    "bracket_skeleton",
    "reduce_pairs",
]


class Retry(Exception):
    """The document needs the exact parser (raised by the strict hooks)."""


class Slow(Exception):
    """A value the C encoder cannot encode canonically: use fmt.json_encode."""


def _reject_constant(name):
    raise Retry


_DEC = _json.JSONDecoder(parse_constant=_reject_constant)
_ENC = _json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False, check_circular=False
).encode


def _shape_table() -> bytes:
    """bytes.translate table giving the *shape* of numbers in UTF-8 JSON text: digits →
    `0`, `.`/`e`/`+`/`-` kept (`E` → `e`), other letters → `a`, anything else → space."""
    t = bytearray(b" " * 256)
    for b in range(256):
        c = chr(b)
        if c.isdigit() and b < 128:
            t[b] = ord("0")
        elif c in ".e+-":
            t[b] = b
        elif c == "E":
            t[b] = ord("e")
        elif c.isalpha() and b < 128 or b >= 128:
            t[b] = ord("a")
    return bytes(t)


NUM_SHAPE = _shape_table()
_LONG_INT = b"0" * 19  # 19+ digits: maybe outside 64 bits
_BIG_EXPONENT = b"0e000"  # a float literal with a 3-digit exponent
_BIG_EXPONENT_PLUS = b"0e+000"
_NEG_ZERO = re.compile(rb" -0(?![0.e])")  # a `-0` token (not `item-0`, `-0.5`)
_SURROGATE_ESC = re.compile(r"\\u[dD][89a-fA-F]")
_MAX_DEPTH = 128
_KEEP_BRACKETS_QUOTES = bytes(b for b in range(256) if b not in b'[]{}"')
_IS_LIST = partial(is_, list)
_IS_DICT = partial(is_, dict)


def bracket_skeleton(raw: bytes) -> bytes | None:
    """The brackets of UTF-8 JSON text that lie outside strings, in order; None when some
    string holds a bracket (or the text ends inside a string).

    Keeping only brackets and unescaped quotes, a string without brackets becomes `""`;
    deleting those pairs leaves a quote behind exactly when some string holds a bracket."""
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    proj = raw.translate(None, _KEEP_BRACKETS_QUOTES)
    if b'"' in proj.replace(b'""', b""):
        return None
    return proj.translate(None, b'"')


def reduce_pairs(brackets: bytes, rounds: int) -> tuple[bytes, int]:
    """Delete every innermost `[]` / `{}` pair, at most `rounds` times: (what is left,
    rounds used). A balanced skeleton of nesting depth d is empty after d rounds."""
    for i in range(rounds):
        if not brackets:
            return brackets, i
        nb = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if len(nb) == len(brackets):
            return brackets, i
        brackets = nb
    return brackets, rounds


def _too_deep(tree, raw: bytes) -> bool:
    """Whether arrays/objects nest deeper than 128: on the bracket skeleton of the text,
    else (a string holds a bracket) by walking the tree."""
    if raw.count(b"[") + raw.count(b"{") <= _MAX_DEPTH:
        return False
    skeleton = bracket_skeleton(raw)
    if skeleton is None:
        return _too_deep_tree(tree)
    return bool(reduce_pairs(skeleton, _MAX_DEPTH)[0])


def _too_deep_tree(tree) -> bool:
    """The same on the tree; the per-element work (children, their types) is done by C
    iterators, the Python loop runs once per level."""
    lists = [tree] if type(tree) is list else []
    dicts = [tree] if type(tree) is dict else []
    depth = 0
    while lists or dicts:
        depth += 1
        if depth > _MAX_DEPTH:
            return True
        kids = list(chain(chain.from_iterable(lists), chain.from_iterable(map(dict.values, dicts))))
        types = list(map(type, kids))
        lists = list(compress(kids, map(_IS_LIST, types)))
        dicts = list(compress(kids, map(_IS_DICT, types)))
    return False


_GC_PAUSE_CHARS = 1 << 16
"""Texts from this size on are parsed with the cyclic GC paused (was 1 MiB: a 1 MB
document in a program holding 9,000 structs paid a full collection mid-parse, ~0.1×
`json.loads`)."""


def decode(decoder: _json.JSONDecoder, text: str):
    """`decoder.decode(text)`, with the cyclic GC paused for texts over 64 KiB."""
    return _gc_paused(decoder.decode, text)


def _gc_paused(loads, text: str):
    """`loads(text)`; for long texts with the cyclic GC paused: the C parser allocates
    every container of the tree in one call, and the collections it triggers rescan the
    growing tree (half of the time of a 16 MiB document). A parsed tree has no cycles."""
    if len(text) < _GC_PAUSE_CHARS or not gc.isenabled():
        return loads(text)
    gc.disable()
    try:
        return loads(text)
    finally:
        gc.enable()


def _tree(text: str):
    """The parsed document: by orjson when installed (~30% faster than the stdlib's C
    parser, the same tree for what it accepts: the checks below cover where the two differ,
    integers beyond 64 bits), else, or when orjson rejects the text, by the stdlib's parser,
    whose errors (and their positions) the error messages are built from."""
    if _orjson is not None:
        try:
            return _gc_paused(_orjson.loads, text)
        except _orjson.JSONDecodeError:
            pass
    return decode(_DEC, text)


def parse_canonical(text: str) -> str | None:
    """Canonical text of the JSON document `text`, or None when the exact parser must
    decide. Raises `json.JSONDecodeError` / `RecursionError` for invalid documents."""
    tree = _tree(text)
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # a raw lone surrogate in the text
        return None
    if "\\" in text and _SURROGATE_ESC.search(text):
        return None
    shape = raw.translate(NUM_SHAPE)
    # (the regex runs only when a ` -0` may be there: `item-0` inside strings is common)
    if _LONG_INT in shape or (
        (b" -0" in shape or shape[:2] == b"-0") and _NEG_ZERO.search(b" " + shape)
    ):
        return None
    if _too_deep(tree, raw):
        return None
    if _orjson is None:
        return _stdlib_text(tree)
    if _BIG_EXPONENT in shape or _BIG_EXPONENT_PLUS in shape:
        return None  # maybe a number that overflowed to inf (orjson would write `null`)
    try:
        out = _orjson.dumps(tree, option=_orjson.OPT_SORT_KEYS)
    except _orjson.JSONEncodeError:
        return None
    # orjson writes floats as the canonical form does (both lay out ryu's shortest digits
    # alike), except that some versions write a `+` in positive exponents (`1e+16`).
    if b"e+" in out:
        return None
    return out.decode("utf-8")


def _stdlib_text(tree) -> str | None:
    """The stdlib C encoder's sorted text of `tree`, or None when it may not be canonical
    (the path without orjson: about 5× slower to encode)."""
    try:
        out = _ENC(tree)
    except ValueError:  # a number that overflowed to inf
        return None
    if ("e+" in out or "e-" in out) and _exponent_float(out):
        return None
    return out


def _exponent_float(out: str) -> bool:
    """Whether the C output may hold a float written by `repr` with an exponent."""
    shape = out.encode("utf-8", "surrogatepass").translate(NUM_SHAPE)
    return b"0e+" in shape or b"0e-" in shape


# --------------------------------------------------------------------------------------
# Encoding Mesh values

_PLAIN = frozenset({str, int, float, bool, type(None)})
_NATIVE = (str, int, float, list, tuple, dict)
_SEQ = frozenset({list, tuple})
_STR = frozenset({str})


def _clean_seq(seq):
    """`seq` (list/tuple) ready for the C encoder: the same object unless it holds `Json`
    values, nested sequences that do, or subclasses of the C encoder's native types."""
    ts = set(map(type, seq))
    if ts <= _PLAIN:
        return seq
    odd = ts - _PLAIN
    if odd - _SEQ <= _HOOKED or _hooked(odd - _SEQ):
        if odd.isdisjoint(_SEQ):
            return seq  # only objects the `default` hook converts
        for x in seq:
            t = type(x)
            if (t is list or t is tuple) and _clean_seq(x) is not x:
                break
        else:
            return seq
    return [_clean(x) for x in seq]


_HOOKED = {MeshMap, MeshSet, Some, None_}
"""Types the C encoder hands to `_default` (not subclasses of its native types)."""


def _hooked(types) -> bool:
    """Whether every type in `types` goes to the `default` hook; remembers those that do."""
    for t in types:
        if t is Json or issubclass(t, _NATIVE):
            return False
    _HOOKED.update(types)
    return True


def _clean(x):
    t = type(x)
    if t in _PLAIN:
        return x
    if t is list or t is tuple:
        return _clean_seq(x)
    if t is Json:
        return _json.loads(str.__str__(x))
    if issubclass(t, _NATIVE):
        raise Slow
    return x


_PLANS: dict[tuple, tuple | None] = {}
_MAX_PLANS = 4096


def _plan(sig: tuple) -> tuple | None:
    """For struct/variant values of these types: the indexes of nested sequences to check
    (`()`: none), or None when the values need `_clean`."""
    odd = set(sig) - _PLAIN
    if not (odd - _SEQ <= _HOOKED or _hooked(odd - _SEQ)):
        return None
    return tuple(i for i, t in enumerate(sig) if t is list or t is tuple)


def _field_values(vals):
    """`_clean_seq` for the few values of one struct or variant, with the per-type work
    cached by the tuple of their types."""
    sig = tuple(map(type, vals))
    plan = _PLANS.get(sig, False)
    if plan is False:
        plan = _plan(sig)
        if len(_PLANS) < _MAX_PLANS:
            _PLANS[sig] = plan
    if plan is not None:
        for i in plan:
            if _clean_seq(vals[i]) is not vals[i]:
                break
        else:
            return vals
    return [_clean(x) for x in vals]


_KIND: dict[type, str] = {}


def _kind(t: type) -> str:
    """How the hook encodes instances of `t` (cached per class)."""
    k = _KIND.get(t)
    if k is None:
        if issubclass(t, (Struct, Variant)) and not hasattr(t, "to_json"):
            k = "struct" if issubclass(t, Struct) else "variant"
        else:
            k = "other"
        _KIND[t] = k
    return k


def _default(o):
    """The C encoder's hook for every object it does not know."""
    t = type(o)
    if t is MeshMap:
        if o._frz:
            raise Slow
        d = o._live()
        if not set(map(type, d)) <= _STR:
            raise Slow
        vals = list(d.values())
        clean = _clean_seq(vals)
        return d if clean is vals else dict(zip(d, clean))
    if t is Some:
        return _clean(o._0)
    if t is None_:
        return None
    k = _kind(t)
    if k == "struct":
        return dict(zip(o._mesh_fields, _field_values(o._mesh_values(o))))
    if k == "variant":
        return {"fields": _field_values(list(o._mesh_payload(o))), "tag": o._mesh_tag}
    if t is MeshSet:
        return _clean_seq(list(o))
    if t is ListView:
        return _clean_seq(o.to_list())
    raise Slow


_ENC_VALUES = _json.JSONEncoder(
    ensure_ascii=False,
    sort_keys=True,
    separators=(",", ":"),
    allow_nan=False,
    check_circular=False,
    default=_default,
).encode


def _orjson_default(o):
    """orjson's hook for every object it does not know. With OPT_PASSTHROUGH_SUBCLASS that
    includes `Json` (a `str` subclass), which goes in as its text: no pre-pass over the
    value is needed, unlike with the stdlib encoder (`_clean`)."""
    t = type(o)
    if t is Json:
        return _orjson.Fragment(str.__str__(o))
    if t is MeshMap:
        if o._frz:
            raise Slow
        d = o._live()
        if not set(map(type, d)) <= _STR:
            raise Slow
        return d
    if t is Some:
        return o._0
    if t is None_:
        return None
    k = _kind(t)
    if k == "struct":
        return dict(zip(o._mesh_fields, o._mesh_values(o)))
    if k == "variant":
        return {"fields": list(o._mesh_payload(o)), "tag": o._mesh_tag}
    if t is MeshSet:
        return list(o)
    if t is ListView:
        return o.to_list()
    raise Slow


def encode(v) -> str | None:
    """Canonical JSON text of the Mesh value `v`, or None for fmt.json_encode to decide."""
    if _orjson is not None:
        try:
            out = _orjson.dumps(v, default=_orjson_default, option=_ORJSON_VALUES)
        except _orjson.JSONEncodeError:  # also `Slow` raised by the hook
            return None
        if b"e+" in out:  # see parse_canonical
            return None
        return out.decode("utf-8")
    try:
        out = _ENC_VALUES(_clean(v))
    except (Slow, ValueError, RecursionError):
        return None
    if ("e+" in out or "e-" in out) and _exponent_float(out):
        return None
    return out
