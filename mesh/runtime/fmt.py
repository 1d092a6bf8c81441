"""Display / Debug text of Mesh values (spec 03 A3, A6; spec 02 §12.1) and JSON encoding."""

from __future__ import annotations

from .list_view import ListView
from .values import Json, MeshMap, MeshPanic, MeshSet, None_, Some, Struct, Variant, _FrozenList

_float_repr = float.__repr__
_int_repr = int.__repr__
_INF = float("inf")


def fmt_float(f: float) -> str:
    """Shortest round-trip digits, positional notation, no trailing `.0` (spec 03 A3)."""
    r = _float_repr(f)
    if r[-2:] == ".0":
        return r[:-2]
    if "e" in r:
        return _expand(r)
    if r == "nan":
        return "NaN"
    return r


def _expand(r: str) -> str:
    mant, _, exp = r.partition("e")
    e = int(exp)
    sign = ""
    if mant[0] == "-":
        sign = "-"
        mant = mant[1:]
    ip, _, fp = mant.partition(".")
    digits = ip + fp
    point = len(ip) + e  # position of the decimal point within `digits`
    if point <= 0:
        s = "0." + "0" * (-point) + digits
    elif point >= len(digits):
        s = digits + "0" * (point - len(digits))
    else:
        s = digits[:point] + "." + digits[point:]
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return sign + s


def _disp_list(v):
    if not v:
        return "[]"
    return "[" + ", ".join(map(display, v)) + "]"


def _disp_tuple(v):
    return "(" + ", ".join(map(display, v)) + ")"


def _disp_bool(v):
    return "true" if v else "false"


def _disp_none(v):
    return "()"


_DISPLAY = {
    float: fmt_float,
    bool: _disp_bool,
    type(None): _disp_none,
    list: _disp_list,
    tuple: _disp_tuple,
    _FrozenList: _disp_list,
    ListView: _disp_list,
    Json: str.__str__,
}


def display(v) -> str:
    """Display text (interpolation, to_string). Strings are inserted raw."""
    t = type(v)
    if t is str:
        return v
    if t is int:
        return _int_repr(v)
    f = _DISPLAY.get(t)
    if f is not None:
        return f(v)
    m = getattr(v, "_mesh_display", None)
    if m is not None:
        return m()
    if isinstance(v, str):
        return str.__str__(v)
    if isinstance(v, int):  # int subclasses (IntEnum etc.)
        return _int_repr(v)
    if callable(v):
        return "<function>"
    return "<" + t.__name__ + ">"


def debug(v) -> str:
    """Debug text (inspect): strings quoted (no escaping) at top level only."""
    t = type(v)
    if t is str:
        return '"' + v + '"'
    m = getattr(v, "_mesh_debug", None)
    if m is not None:
        return m()
    return display(v)


# --------------------------------------------------------------------------------------
# JSON (spec 05 §6.2 canonical encoding)


def json_float(f: float) -> str:
    if f != f or f == _INF or f == -_INF:
        return "null"
    if f == 0.0:
        return "-0.0" if _float_repr(f)[0] == "-" else "0.0"
    r = _float_repr(abs(f))
    sign = "-" if f < 0 else ""
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    ip, _, fp = mant.partition(".")
    digits = (ip + fp).lstrip("0")
    # value = 0.digits * 10^k ; compute k
    # position of decimal point relative to the start of (ip+fp) is len(ip) + e
    lead_zeros = len(ip + fp) - len((ip + fp).lstrip("0"))
    k = len(ip) + e - lead_zeros
    digits = digits.rstrip("0") or "0"
    n = len(digits)
    if n <= k <= 16:
        return sign + digits + "0" * (k - n) + ".0"
    if 0 < k <= 16:
        return sign + digits[:k] + "." + digits[k:]
    if -5 < k <= 0:
        return sign + "0." + "0" * (-k) + digits
    exp10 = k - 1
    m = digits[0] + ("." + digits[1:] if n > 1 else "")
    return sign + m + "e" + str(exp10)


def _encode_basestring(s: str) -> str:
    """The C string escaper behind json.dumps(s, ensure_ascii=False), without building a
    JSONEncoder per call (that was ~40% of Json.encode time on a 1 MB document). Loaded on
    first use, when this stub replaces itself: `_json` is a shared library that a program
    which never writes JSON should not load at start-up (and `json` compiles regexes)."""
    global _encode_basestring
    try:
        from _json import encode_basestring as escaper
    except ImportError:  # an interpreter without the C accelerator
        from json.encoder import encode_basestring as escaper
    _encode_basestring = escaper
    return escaper(s)


def json_string(s: str) -> str:
    return _encode_basestring(s)


def json_encode(v) -> str:
    """Canonical JSON text of a run-time value (used by json literals and Json.encode)."""
    t = type(v)
    if t is Json:
        return str.__str__(v)
    if t is str:
        return _encode_basestring(v)
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return _int_repr(v)
    if t is float:
        return json_float(v)
    if v is None or t is None_:
        return "null"
    if t is Some:
        return json_encode(v._0)
    if t is list or t is tuple or t is ListView:
        return "[" + ",".join(map(json_encode, v)) + "]"
    if t is MeshMap:
        return json_object((display(k), x) for k, x in v.items())
    if t is MeshSet:
        return "[" + ",".join(map(json_encode, v)) + "]"
    m = getattr(v, "to_json", None)
    if m is not None and callable(m):
        r = m()
        return str.__str__(r) if isinstance(r, str) else json_encode(r)
    if isinstance(v, Struct):
        return json_object(zip(v._mesh_fields, v._mesh_values(v)))
    if isinstance(v, Variant):
        return (
            '{"fields":['
            + ",".join(map(json_encode, v._mesh_payload(v)))
            + '],"tag":'
            + json_string(v._mesh_tag)
            + "}"
        )
    if isinstance(v, str):
        return _encode_basestring(str(v))
    name = getattr(t, "_mesh_name", None) or t.__name__
    raise MeshPanic(f"Json.encode: value of type {name} is not JSON-encodable")


def json_object(pairs) -> str:
    d = {}
    for k, v in pairs:
        d[k] = v
    return "{" + ",".join(json_string(k) + ":" + json_encode(d[k]) for k in sorted(d)) + "}"
