"""serde_json-style parse errors for large JSON documents, located from the C parser.

`json_codec` produces error texts with an exact, pure-Python parser that mirrors
serde_json (spec 05 §6.7). Re-parsing a whole document with it costs about half a second
per MiB, so one 16 MiB request body with a bad last byte used to stall the node for 6–10 s.
For documents above `EXACT_LIMIT` characters the error is built here instead, from the
position the C parser reports (`json.JSONDecodeError.pos`), and the exact parser only runs
*locally*, on the one token (string, number, literal) at that position. Only the context
that a token cannot tell (which container is open, what precedes it) is read around the
position. Every step is C-speed over the text or bounded by the token's length, except
locating nesting deeper than 128 when the depth cannot be read off the bracket skeleton
(strings holding brackets): that scans the text's strings and brackets in Python.

The conditions the C parser accepts but Mesh rejects (`NaN`/`Infinity`, a number that
overflows a double, a lone surrogate escape, nesting deeper than 128) are located by a scan
of the text for that condition, then reported the same way.
"""

from __future__ import annotations

import json as _json
import re

from .json_fast import NUM_SHAPE, bracket_skeleton, reduce_pairs

EXACT_LIMIT = 64 * 1024
"""Documents up to this many characters get their error from the exact parser (at most a
few tens of ms); longer ones are located here."""

_WS = " \t\n\r"
_NUM_CHARS = "0123456789+-.eE"
# The first `N` / `I` outside strings: where `NaN` / `Infinity` start in a document the C
# parser accepted (no other token contains these letters).
_CONST_AT = re.compile(r'(?:[^"NI]++|"(?:[^"\\]++|\\.)*+")*+')
_LONG_DIGITS = b"0" * 300
_EXP_NUMBER = re.compile(r"-?\d+(?:\.\d+)?[eE][+-]?\d+|-?\d{300,}(?:\.\d+)?")
_SURROGATE_ESC = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_NESTING_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
_MAX_DEPTH = 128


class _Located(Exception):
    """No JSON error found where one was expected (caller falls back to the exact parser)."""


def _prev_char(text: str, pos: int) -> str | None:
    """The last non-whitespace character before `pos`."""
    i = pos - 1
    while i >= 0 and text[i] in _WS:
        i -= 1
    return text[i] if i >= 0 else None


def _string_start(text: str, pos: int) -> int:
    """Index of the opening quote of the string that contains `pos`: the nearest quote
    before it that is not escaped (an opening quote never follows a backslash)."""
    i = pos
    while True:
        q = text.rfind('"', 0, i)
        if q < 0:
            raise _Located
        k = q
        while k > 0 and text[k - 1] == "\\":
            k -= 1
        if (q - k) % 2 == 0:
            return q
        i = q


def _number_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] in _NUM_CHARS:
        i -= 1
    return i


def _in_array(text: str, pos: int) -> bool:
    """Whether the innermost container open at `pos` (just after a complete value) is an
    array: the last bracket left once matched pairs are deleted from the bracket skeleton.
    When strings hold brackets: closing it with `}` makes the C parser fail at the same
    place only if it is an array."""
    skeleton = bracket_skeleton(text[:pos].encode("utf-8", "surrogatepass"))
    if skeleton is not None:
        left, _ = reduce_pairs(skeleton, _MAX_DEPTH + 1)
        if left and b"[]" not in left and b"{}" not in left:
            return left.endswith(b"[")
    try:
        _json.loads(text[:pos] + "}")
    except _json.JSONDecodeError as e:
        return e.pos == pos and e.msg == "Expecting ',' delimiter"
    except RecursionError:
        return False
    return False


def located_error(parser_cls, text: str, exc: BaseException, exact_u64: bool):
    """The `JsonError` for a document the C parser rejected with `exc` (a
    `JSONDecodeError`, or `RecursionError` for very deep nesting). `parser_cls` is the
    exact parser of json_codec, run only on the token at the error position."""
    p = parser_cls(text, exact_u64)
    if not isinstance(exc, _json.JSONDecodeError):
        return _depth_error(p, text, len(text))
    msg, pos, n = exc.msg, exc.pos, len(text)
    early = _rule_error(p, text, pos)  # serde stops at the first error in the text
    if early is not None:
        return early
    try:
        if msg.startswith(("Unterminated string", "Invalid control", "Invalid \\")):
            start = pos if msg.startswith("Unterminated") else _string_start(text, pos)
            return _token_error(p, start + 1, p.string)
        c = text[pos] if pos < n else None
        prev = text[pos - 1] if pos > 0 else ""
        if c is not None and c in "0123456789.eE" and prev and prev in "0123456789":
            err = _token_error(p, _number_start(text, pos), p.number)
            if err is not None:
                return err
        if msg == "Expecting value":
            before = _prev_char(text, pos)
            p.i = pos
            if c == "]" and before == ",":
                return p.peek_error("trailing comma")
            if c is None and before == "[":
                return p.peek_error("EOF while parsing a list")
            return _token_error(p, pos, p.value) or p.peek_error("expected value")
        if msg.startswith("Expecting property name"):
            p.i = pos
            if c is None:
                return p.peek_error(
                    "EOF while parsing a value"
                    if _prev_char(text, pos) == ","
                    else "EOF while parsing an object"
                )
            if c == "}":
                return p.peek_error("trailing comma")
            return p.peek_error("key must be a string")
        if msg.startswith("Expecting ':'"):
            p.i = pos
            return p.peek_error("EOF while parsing an object" if c is None else "expected `:`")
        if msg.startswith("Expecting ','"):
            p.i = pos
            if _in_array(text, pos):
                return p.peek_error(
                    "EOF while parsing a list" if c is None else "expected `,` or `]`"
                )
            return p.peek_error(
                "EOF while parsing an object" if c is None else "expected `,` or `}`"
            )
        if msg == "Extra data":
            p.i = pos
            return p.peek_error("trailing characters")
    except _Located:
        pass
    return None


def _token_error(p, start: int, parse_token):
    """Run the exact parser on one token from `start`; its error, or None if it parses."""
    from .json_codec import JsonError  # (json_codec imports this module)

    p.i = start
    try:
        parse_token()
    except JsonError as e:
        return e
    return None


def retry_error(parser_cls, text: str, exact_u64: bool):
    """The `JsonError` for a document the C parser accepted but Mesh rejects; None when
    no such condition is found (the caller then runs the exact parser)."""
    p = parser_cls(text, exact_u64)
    found = []
    m = _CONST_AT.match(text)
    if m is not None and m.end() < len(text):
        i = m.end()
        start = i - 1 if i > 0 and text[i - 1] == "-" else i
        err = _token_error(p, start, p.value)
        if err is not None:
            found.append((start, err))
    err = _rule_error(p, text, len(text))
    if err is not None:
        found.append((p.i, err))
    return min(found, key=lambda f: f[0])[1] if found else None


def _rule_error(p, text: str, end: int):
    """The first error among the rules the C parser does not apply (a number overflowing
    a double, a lone surrogate escape, nesting deeper than 128) before index `end`.
    Leaves `p.i` at the error."""
    found = []
    head = text[:end].encode("utf-8", "surrogatepass")
    shape = head.translate(NUM_SHAPE)  # only a digit before `e`, or 300 digits, can overflow
    if b"0e" in shape or _LONG_DIGITS in shape:
        for m in _EXP_NUMBER.finditer(text, 0, end):
            if float(m.group()) in (float("inf"), float("-inf")):
                err = _token_error(p, m.start(), p.number)
                if err is not None:
                    found.append((m.start(), err))
                    break
    if "\\" in text:
        checked = -1  # each string is parsed once, however many surrogate escapes it has
        for m in _SURROGATE_ESC.finditer(text, 0, end):
            if m.start() < checked:
                continue
            try:
                start = _string_start(text, m.start())
            except _Located:
                continue
            err = _token_error(p, start + 1, p.string)
            if err is not None:
                found.append((m.start(), err))
                break
            checked = p.i
    err = _depth_error(p, text, end, head)
    if err is not None:
        found.append((p.i, err))
    if not found:
        return None
    i, err = min(found, key=lambda f: f[0])
    p.i = i
    return err


def _depth_error(p, text: str, end: int, head: bytes | None = None):
    """`recursion limit exceeded` at the first opening bracket before `end` nested deeper
    than 128. The bracket skeleton (of `head`, the UTF-8 text up to `end`) rules most
    documents out at C speed."""
    if head is None:
        head = text[:end].encode("utf-8", "surrogatepass")
    if head.count(b"[") + head.count(b"{") <= _MAX_DEPTH:
        return None
    skeleton = bracket_skeleton(head)
    if skeleton is None:  # `end` may be inside a string: close it
        skeleton = bracket_skeleton(head + b'"')
    if skeleton is not None:
        left, rounds = reduce_pairs(skeleton, _MAX_DEPTH + 1)
        if len(left) + rounds <= _MAX_DEPTH:  # no point of the text is deeper
            return None
    depth = 0
    for m in _NESTING_TOKEN.finditer(text, 0, end):
        c = text[m.start()]
        if c == "[" or c == "{":
            depth += 1
            if depth > _MAX_DEPTH:
                p.i = m.start()
                return p.peek_error("recursion limit exceeded")
        elif c == "]" or c == "}":
            depth -= 1
    return None
