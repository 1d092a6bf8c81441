"""JSON parsing, canonical encoding and typed decoding (spec 05 §6).

Used by the `Json` stdlib module and by code generated for `deriving(Json)` / `T.from_json`.

Parsed trees are plain Python values: `dict` (object), `list`, `str`, `int`, `float`, `bool`,
`None` (null). Integers that fit in signed 64 bits are `int`; every other number is a `float`
(in `exact_u64` mode, used by `Json.get`, integers up to 2^64-1 also stay `int`).

Parsing first tries the C `json` module (`json_fast` for `Json.parse`, strict hooks
here); if that fails (or the result needs a check the hooks cannot do), a small hand-written
parser that mirrors serde_json produces the error text: `"<description> at line <L> column
<C>"`. Documents over `json_errors.EXACT_LIMIT` characters are not re-parsed whole: their
error is located from the C parser's position (`json_errors`), so a bad byte at the end of a
16 MiB body costs milliseconds, not seconds.
"""

from __future__ import annotations

import json as _json
import re as _re

from . import json_fast as _fast
from .fmt import json_encode, json_float, json_object, json_string
from .json_errors import EXACT_LIMIT, located_error, retry_error
from .values import NONE, Err, Json, MeshMap, MeshPanic, Ok, Some, Struct, Variant

__all__ = [
    "JsonError",
    "parse_tree",
    "encode_tree",
    "parse",
    "to_json",
    "encode_value",
    "decode_tree",
    "from_json",
    "DecodeError",
]

_I64_MIN = -(2**63)
_I64_MAX = 2**63 - 1
_U64_MAX = 2**64 - 1
_MAX_DEPTH = 128
_INF = float("inf")


class JsonError(Exception):
    """A parse error; `str(e)` is the serde_json-style text."""


class _Retry(Exception):
    """The fast path cannot decide: run the exact parser."""


# --------------------------------------------------------------------------------------
# Fast path: the C json module with strict hooks


def _reject_constant(name):
    raise _Retry


# Set by the hooks whenever a parse produced a float: `parse` can then hand a float-free
# tree to the C encoder, whose float formatting (repr) differs from the canonical one.
_made_float = [False]


def _float_hook(text):
    _made_float[0] = True
    f = float(text)
    if f == _INF or f == -_INF:
        raise _Retry
    return f


def _int_hook_i64(text):
    if len(text) > 20:
        return _float_hook(text)
    n = int(text)
    if n == 0 and text[0] == "-":
        _made_float[0] = True
        return -0.0
    if _I64_MIN <= n <= _I64_MAX:
        return n
    _made_float[0] = True
    return float(n)


def _int_hook_u64(text):
    if len(text) > 21:
        return _float_hook(text)
    n = int(text)
    if n == 0 and text[0] == "-":
        _made_float[0] = True
        return -0.0
    if _I64_MIN <= n <= _U64_MAX:
        return n
    _made_float[0] = True
    return float(n)


_DEC_I64 = _json.JSONDecoder(
    parse_float=_float_hook, parse_int=_int_hook_i64, parse_constant=_reject_constant
)
_DEC_U64 = _json.JSONDecoder(
    parse_float=_float_hook, parse_int=_int_hook_u64, parse_constant=_reject_constant
)


def _check(v, depth):
    """Depth limit and lone surrogates (the C parser accepts both)."""
    t = type(v)
    if t is str:
        if not v.isascii():
            for c in v:
                if "\ud800" <= c <= "\udfff":
                    raise _Retry
        return
    if t is dict:
        depth += 1
        if depth > _MAX_DEPTH:
            raise _Retry
        for k, x in v.items():
            if not k.isascii():
                _check(k, depth)
            tx = type(x)
            if tx is dict or tx is list or tx is str:
                _check(x, depth)
    elif t is list:
        depth += 1
        if depth > _MAX_DEPTH:
            raise _Retry
        for x in v:
            tx = type(x)
            if tx is dict or tx is list or tx is str:
                _check(x, depth)


def parse_tree(text: str, exact_u64: bool = False):
    """Parse JSON text to a tree; raises `JsonError` with serde_json's message."""
    text = str.__str__(text)
    try:
        v = _fast.decode(_DEC_U64 if exact_u64 else _DEC_I64, text)
        _check(v, 0)
        return v
    except _Retry:
        failure = None
    except (ValueError, RecursionError) as e:
        failure = e
    _made_float[0] = True  # the exact parser does not track floats: assume there are some
    raise_located(text, failure, exact_u64)
    return _Parser(text, exact_u64).parse()


def raise_located(text: str, failure: BaseException | None, exact_u64: bool = False) -> None:
    """For a document too long to re-parse whole, raise its error located from the C
    parser's `failure` (None: the C parser accepted it but a Mesh rule did not). Returns
    when the text is short, or when no error was found (the exact parser decides)."""
    if len(text) <= EXACT_LIMIT:
        return
    if failure is None:
        err = retry_error(_Parser, text, exact_u64)
    else:
        err = located_error(_Parser, text, failure, exact_u64)
    if err is not None:
        raise err


# --------------------------------------------------------------------------------------
# Exact parser (error texts of serde_json)


_WS = " \t\n\r"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX = "0123456789abcdefABCDEF"
_PLAIN_RUN = _re.compile(r'[^"\\\x00-\x1f]*')


class _Parser:
    def __init__(self, text: str, exact_u64: bool):
        self.s = text
        self.i = 0
        self.n = len(text)
        self.depth = 0
        self.u64 = exact_u64

    # positions follow serde_json: `error` = last consumed char, `peek_error` = next char
    def _pos(self, i, extra):
        s = self.s
        i = min(i, self.n)
        if i >= self.n:
            extra = 0
        start = s.rfind("\n", 0, i) + 1
        line = s.count("\n", 0, start) + 1
        col = len(s[start:i].encode("utf-8", "surrogatepass")) + extra
        return line, col

    def error(self, msg):
        line, col = self._pos(self.i, 0)
        return JsonError(f"{msg} at line {line} column {col}")

    def peek_error(self, msg):
        line, col = self._pos(self.i, 1)
        return JsonError(f"{msg} at line {line} column {col}")

    def ws(self):
        s, i, n = self.s, self.i, self.n
        while i < n and s[i] in _WS:
            i += 1
        self.i = i
        return s[i] if i < n else None

    def parse(self):
        v = self.value()
        if self.ws() is not None:
            raise self.peek_error("trailing characters")
        return v

    def value(self):
        c = self.ws()
        if c is None:
            raise self.peek_error("EOF while parsing a value")
        if c == "n":
            self.i += 1
            self.ident("ull")
            return None
        if c == "t":
            self.i += 1
            self.ident("rue")
            return True
        if c == "f":
            self.i += 1
            self.ident("alse")
            return False
        if c == "-" or "0" <= c <= "9":
            return self.number()
        if c == '"':
            self.i += 1
            return self.string()
        if c == "[" or c == "{":
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise self.peek_error("recursion limit exceeded")
            self.i += 1
            v = self.array() if c == "[" else self.obj()
            self.depth -= 1
            return v
        raise self.peek_error("expected value")

    def ident(self, rest):
        for ch in rest:
            if self.i >= self.n:
                raise self.error("EOF while parsing a value")
            got = self.s[self.i]
            self.i += 1
            if got != ch:
                raise self.error("expected ident")

    def array(self):
        out = []
        first = True
        while True:
            c = self.ws()
            if c == "]":
                self.i += 1
                return out
            if c == "," and not first:
                self.i += 1
                c = self.ws()
            elif c is None:
                raise self.peek_error("EOF while parsing a list")
            elif not first:
                raise self.peek_error("expected `,` or `]`")
            first = False
            if c == "]":
                raise self.peek_error("trailing comma")
            if c is None:
                raise self.peek_error("EOF while parsing a value")
            out.append(self.value())

    def obj(self):
        out = {}
        first = True
        while True:
            c = self.ws()
            if c == "}":
                self.i += 1
                return out
            if c == "," and not first:
                self.i += 1
                c = self.ws()
            elif c is None:
                raise self.peek_error("EOF while parsing an object")
            elif not first:
                raise self.peek_error("expected `,` or `}`")
            first = False
            if c == '"':
                self.i += 1
                key = self.string()
            elif c == "}":
                raise self.peek_error("trailing comma")
            elif c is None:
                raise self.peek_error("EOF while parsing a value")
            else:
                raise self.peek_error("key must be a string")
            c = self.ws()
            if c == ":":
                self.i += 1
            elif c is None:
                raise self.peek_error("EOF while parsing an object")
            else:
                raise self.peek_error("expected `:`")
            out[key] = self.value()

    def hex4(self):
        if self.i + 4 > self.n:
            self.i = self.n
            raise self.error("EOF while parsing a string")
        h = self.s[self.i : self.i + 4]
        for k, ch in enumerate(h):
            if ch not in _HEX:
                self.i += k + 1
                raise self.error("invalid escape")
        self.i += 4
        return int(h, 16)

    def string(self):
        s, n = self.s, self.n
        parts = []
        start = self.i
        plain = _PLAIN_RUN.match
        while True:
            i = plain(s, self.i).end()
            if i >= n:
                self.i = n
                raise self.error("EOF while parsing a string")
            parts.append(s[start:i])
            c = s[i]
            self.i = i + 1
            if c == '"':
                return "".join(parts)
            if c < " ":
                raise self.error("control character (\\u0000-\\u001F) found while parsing a string")
            # escape
            if self.i >= n:
                raise self.error("EOF while parsing a string")
            e = s[self.i]
            self.i += 1
            if e in _ESCAPES:
                parts.append(_ESCAPES[e])
            elif e == "u":
                cp = self.hex4()
                if 0xDC00 <= cp <= 0xDFFF:
                    raise self.error("lone leading surrogate in hex escape")
                if 0xD800 <= cp <= 0xDBFF:
                    if self.i < n and s[self.i] != "\\" or self.i + 1 < n and s[self.i + 1] != "u":
                        raise self.error("lone leading surrogate in hex escape")
                    if self.i + 2 > n:
                        self.i = n
                        raise self.error("EOF while parsing a string")
                    self.i += 2
                    lo = self.hex4()
                    if not 0xDC00 <= lo <= 0xDFFF:
                        raise self.error("lone leading surrogate in hex escape")
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                parts.append(chr(cp))
            else:
                raise self.error("invalid escape")
            start = self.i

    def number(self):
        s, n = self.s, self.n
        start = self.i
        i = start
        if s[i] == "-":
            i += 1
        if i >= n or not ("0" <= s[i] <= "9"):
            self.i = i + 1 if i < n else i
            raise self.error("invalid number")
        if s[i] == "0":
            i += 1
            if i < n and "0" <= s[i] <= "9":
                self.i = i
                raise self.peek_error("invalid number")
        else:
            while i < n and "0" <= s[i] <= "9":
                i += 1
        is_float = False
        if i < n and s[i] == ".":
            is_float = True
            i += 1
            j = i
            while i < n and "0" <= s[i] <= "9":
                i += 1
            if i == j:
                self.i = i
                if i >= n:
                    raise self.peek_error("EOF while parsing a value")
                raise self.peek_error("invalid number")
        if i < n and s[i] in "eE":
            is_float = True
            i += 1
            if i < n and s[i] in "+-":
                i += 1
            j = i
            while i < n and "0" <= s[i] <= "9":
                i += 1
            if i == j:
                self.i = i + 1 if i < n else i
                raise self.error("invalid number")
        self.i = i
        text = s[start:i]
        if not is_float:
            n_ = int(text) if len(text) <= 21 else None
            if n_ == 0 and text[0] == "-":
                return -0.0
            hi = _U64_MAX if self.u64 else _I64_MAX
            if n_ is not None and _I64_MIN <= n_ <= hi:
                return n_
        f = float(text)
        if f == _INF or f == -_INF:
            raise self.error("number out of range")
        return f


# --------------------------------------------------------------------------------------
# Canonical encoding of parsed trees (spec 05 §6.2)


def encode_tree(v) -> str:
    t = type(v)
    if t is str:
        return json_string(v)
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return int.__repr__(v)
    if t is float:
        return json_float(v)
    if v is None:
        return "null"
    if t is list:
        return "[" + ",".join(map(encode_tree, v)) + "]"
    if t is dict:
        return "{" + ",".join(json_string(k) + ":" + encode_tree(v[k]) for k in sorted(v)) + "}"
    raise TypeError(f"not a JSON tree value: {t.__name__}")


_C_CANONICAL = _json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)


def parse(text: str):
    """`Json.parse`: `Ok(Json)` with the canonical text, or `Err(message)`."""
    text = str.__str__(text)
    try:
        out = _fast.parse_canonical(text)
    except _fast.Retry:
        out = None
    except (ValueError, RecursionError) as e:  # the C parser rejected it
        try:
            raise_located(text, e)
            _Parser(text, False).parse()
        except JsonError as err:
            return Err(str(err))
        out = None  # the exact parser accepted it after all: take the slow path
    if out is not None:
        return Ok(Json(out))
    _made_float[0] = False
    try:
        tree = parse_tree(text)
    except JsonError as e:
        return Err(str(e))
    if _made_float[0]:
        return Ok(Json(encode_tree(tree)))
    # No float anywhere, so the C encoder writes exactly the canonical text (same key
    # order, string escapes and integers) at C speed.
    return Ok(Json(_C_CANONICAL.encode(tree)))


# --------------------------------------------------------------------------------------
# Encoding Mesh values (deriving(Json), json literals, Json.encode)


def encode_value(v) -> str:
    """Canonical JSON text of any encodable Mesh value. Structs encode as an object of
    their fields (`_mesh_fields`), variants as `{"fields":[...],"tag":"<Variant>"}`.
    Panics `Json.encode: value of type <T> is not JSON-encodable` otherwise."""
    return json_encode(v)


def to_json(v) -> Json:
    """`x.to_json()` for a type deriving Json: the value's canonical encoding as `Json`."""
    out = _fast.encode(v)
    return Json(out if out is not None else json_encode(v))


def encode_struct(obj) -> Json:
    """Object of a struct's fields by name (keys sorted)."""
    return Json(json_object(zip(obj._mesh_fields, obj._mesh_values(obj))))


def encode_variant(v) -> Json:
    return Json(
        '{"fields":['
        + ",".join(map(json_encode, v._mesh_payload(v)))
        + '],"tag":'
        + json_string(v._mesh_tag)
        + "}"
    )


# --------------------------------------------------------------------------------------
# Typed decoding (spec 05 §6.6)
#
# A *field spec* describes the Mesh type to decode into:
#   "Int" | "Float" | "String" | "Bool" | "Json"
#   ("List", spec) | ("Map", spec) | ("Option", spec)
#   a generated Struct subclass with `_mesh_json_fields = (("name", spec), ...)`
#   a generated sum base class with `_mesh_json_name = "Type"` and
#       `_mesh_json_variants = {"Tag": (ctor, (spec, ...)), ...}` where `ctor` is the
#       variant class (payload variants) or the singleton instance (nullary variants)
#   ("Struct", cls, (("name", spec), ...))  — explicit form (generic instantiations)
#   ("Sum", "Type", {"Tag": (ctor, (spec, ...))})
#   a zero-argument callable returning a spec (forward references)


class DecodeError(Exception):
    pass


def _int(x):
    t = type(x)
    if t is int:
        if x > _I64_MAX:  # only reachable from u64 trees
            return x - 2**64
        return x
    if t is float:
        from .stdlib.float import to_int

        return to_int(x)
    raise DecodeError("expected Int")


def _float(x):
    t = type(x)
    if t is float:
        return x
    if t is int:
        return float(x)
    raise DecodeError("expected Float")


def _string(x):
    if type(x) is str:
        return x
    raise DecodeError("expected String")


def _bool(x):
    if type(x) is bool:
        return x
    raise DecodeError("expected Bool")


_SCALARS = {
    "Int": _int,
    "Float": _float,
    "String": _string,
    "Bool": _bool,
    "Json": lambda x: Json(encode_tree(x)),
}


def _is_option(spec) -> bool:
    return type(spec) is tuple and spec and spec[0] == "Option"


def _struct(cls, fields, x):
    if type(x) is not dict:
        raise DecodeError("expected Object")
    vals = []
    for name, spec in fields:
        if name in x:
            vals.append(decode_tree(x[name], spec))
        elif _is_option(_resolve(spec)):
            vals.append(NONE)
        else:
            raise DecodeError(f"missing field: {name}")
    return cls(*vals)


def _sum(name, variants, x):
    if type(x) is not dict:
        raise DecodeError("expected Object")
    if "tag" not in x:
        raise DecodeError("missing field: tag")
    tag = x["tag"]
    if type(tag) is not str:
        raise DecodeError("expected String")
    entry = variants.get(tag)
    if entry is None:
        raise DecodeError(f"unknown variant for {name}")
    ctor, specs = entry
    if not specs:
        if isinstance(ctor, type):
            return ctor()
        return ctor
    if "fields" not in x:
        raise DecodeError("missing field: fields")
    fields = x["fields"]
    if type(fields) is not list:
        raise DecodeError("expected Array")
    vals = []
    for i, spec in enumerate(specs):
        if i >= len(fields):
            raise DecodeError(f"array index {i} out of bounds (length {len(fields)})")
        vals.append(decode_tree(fields[i], spec))
    return ctor(*vals)


def _resolve(spec):
    while callable(spec) and not isinstance(spec, type):
        spec = spec()
    return spec


def decode_tree(x, spec):
    """Convert a parsed tree to a Mesh value of the type described by `spec`; raises
    `DecodeError` with the §6.6 error text."""
    f = _SCALARS.get(spec) if type(spec) is str else None
    if f is not None:
        return f(x)
    spec = _resolve(spec)
    if type(spec) is tuple:
        kind = spec[0]
        if kind == "Option":
            return NONE if x is None else Some(decode_tree(x, spec[1]))
        if kind == "List":
            if type(x) is not list:
                raise DecodeError("expected Array")
            inner = spec[1]
            return [decode_tree(e, inner) for e in x]
        if kind == "Map":
            if type(x) is not dict:
                raise DecodeError("expected Object")
            inner = spec[1]
            return MeshMap([(k, decode_tree(x[k], inner)) for k in sorted(x)])
        if kind == "Struct":
            return _struct(spec[1], spec[2], x)
        if kind == "Sum":
            return _sum(spec[1], spec[2], x)
    if isinstance(spec, type):
        if issubclass(spec, Struct):
            return _struct(spec, spec._mesh_json_fields, x)
        if issubclass(spec, Variant):
            return _sum(
                getattr(spec, "_mesh_json_name", spec.__name__), spec._mesh_json_variants, x
            )
    if type(spec) is str and spec in _SCALARS:
        return _SCALARS[spec](x)
    raise MeshPanic(f"from_json: unsupported type description {spec!r}")


def from_json(text, spec):
    """`T.from_json(s)`: `Ok(value)`, or `Err(parse error | decode error)`."""
    try:
        tree = parse_tree(text)
    except JsonError as e:
        return Err(str(e))
    try:
        return Ok(decode_tree(tree, spec))
    except DecodeError as e:
        return Err(str(e))
