"""Mesh `Regex` module (spec 05 §7): Rust `regex` syntax translated to Python `re`.

`translate(pattern, flags)` parses a Rust-dialect pattern and returns an equivalent Python
pattern, to be compiled with `re.IGNORECASE` when `"i" in flags` (as `core.make_regex`
does). Multi-line, dot-all, verbose and swap-greed flags are applied during translation, so
the Python pattern does not depend on the other global flags. Unsupported or invalid
syntax raises `RegexError` (a `re.error` subclass) whose text is the multi-line
`regex parse error:` message of spec §7.5.
"""

from __future__ import annotations

import re as _re

from ..values import (
    NONE as _NONE,
    Err as _Err,
    MeshPanic as _MeshPanic,
    MeshRegex as _MeshRegex,
    Ok as _Ok,
    Some as _Some,
)

__all__ = [
    "RegexError",
    "translate",
    "check",
    "compile",
    "is_match",
    "captures",
    "replace",
    "split",
]


class RegexError(_re.error, _MeshPanic):
    """An invalid pattern. Also a `MeshPanic`, so a bad pattern reaching `core.make_regex`
    at run time is a Mesh panic with this text."""

    def __init__(self, pattern: str, pos: int, desc: str):
        text = f"regex parse error:\n    {pattern}\n    {' ' * pos}^\nerror: {desc}"
        _re.error.__init__(self, text)
        self.message = text
        self.msg = text
        self.description = desc

    def __str__(self) -> str:
        return self.msg


# --------------------------------------------------------------------------------------
# Character emission


def _ch(c: str) -> str:
    """A Python-regex literal for one character (valid inside and outside classes)."""
    o = ord(c)
    if o < 128:
        if c.isalnum() or c == "_":
            return c
        if 32 <= o < 127:
            return "\\" + c
        return "\\x%02x" % o
    if o < 0x10000:
        return "\\u%04x" % o
    return "\\U%08x" % o


def _has_case(c: str) -> bool:
    return c.isalpha() or not c.isascii()


# --------------------------------------------------------------------------------------
# Unicode general categories (computed lazily)

_GC_TABLE: dict[str, list[tuple[int, int]]] | None = None
_GC_ALIASES = {
    "l": "L",
    "letter": "L",
    "lu": "Lu",
    "uppercaseletter": "Lu",
    "ll": "Ll",
    "lowercaseletter": "Ll",
    "lt": "Lt",
    "titlecaseletter": "Lt",
    "lm": "Lm",
    "modifierletter": "Lm",
    "lo": "Lo",
    "otherletter": "Lo",
    "lc": "LC",
    "casedletter": "LC",
    "m": "M",
    "mark": "M",
    "combiningmark": "M",
    "mn": "Mn",
    "nonspacingmark": "Mn",
    "mc": "Mc",
    "spacingmark": "Mc",
    "me": "Me",
    "enclosingmark": "Me",
    "n": "N",
    "number": "N",
    "nd": "Nd",
    "decimalnumber": "Nd",
    "digit": "Nd",
    "nl": "Nl",
    "letternumber": "Nl",
    "no": "No",
    "othernumber": "No",
    "p": "P",
    "punctuation": "P",
    "punct": "P",
    "pc": "Pc",
    "connectorpunctuation": "Pc",
    "pd": "Pd",
    "dashpunctuation": "Pd",
    "ps": "Ps",
    "openpunctuation": "Ps",
    "pe": "Pe",
    "closepunctuation": "Pe",
    "pi": "Pi",
    "initialpunctuation": "Pi",
    "pf": "Pf",
    "finalpunctuation": "Pf",
    "po": "Po",
    "otherpunctuation": "Po",
    "s": "S",
    "symbol": "S",
    "sm": "Sm",
    "mathsymbol": "Sm",
    "sc": "Sc",
    "currencysymbol": "Sc",
    "sk": "Sk",
    "modifiersymbol": "Sk",
    "so": "So",
    "othersymbol": "So",
    "z": "Z",
    "separator": "Z",
    "zs": "Zs",
    "spaceseparator": "Zs",
    "zl": "Zl",
    "lineseparator": "Zl",
    "zp": "Zp",
    "paragraphseparator": "Zp",
    "c": "C",
    "other": "C",
    "cc": "Cc",
    "control": "Cc",
    "cntrl": "Cc",
    "cf": "Cf",
    "format": "Cf",
    "co": "Co",
    "privateuse": "Co",
    "cn": "Cn",
    "unassigned": "Cn",
    "cs": "Cs",
    "surrogate": "Cs",
    "any": "Any",
    "ascii": "ASCII",
}


def _gc_ranges(cat: str) -> list[tuple[int, int]]:
    global _GC_TABLE
    if _GC_TABLE is None:
        import unicodedata

        table: dict[str, list[tuple[int, int]]] = {}
        category = unicodedata.category
        prev = None
        start = 0
        for cp in range(0x110000):
            c = category(chr(cp))
            if c != prev:
                if prev is not None:
                    table.setdefault(prev, []).append((start, cp - 1))
                prev, start = c, cp
        table.setdefault(prev, []).append((start, 0x10FFFF))
        _GC_TABLE = table
    if cat == "Any":
        return [(0, 0x10FFFF)]
    if cat == "ASCII":
        return [(0, 0x7F)]
    if cat == "LC":
        parts = ["Lu", "Ll", "Lt"]
    elif len(cat) == 1:
        parts = [k for k in _GC_TABLE if k[0] == cat]
    else:
        parts = [cat]
    out: list[tuple[int, int]] = []
    for p in parts:
        out.extend(_GC_TABLE.get(p, ()))
    out.sort()
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _ranges_items(ranges) -> list[str]:
    return [_ch(chr(a)) if a == b else _ch(chr(a)) + "-" + _ch(chr(b)) for a, b in ranges]


_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\x0b\\x0c\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}


# --------------------------------------------------------------------------------------
# Character-class algebra


class _Set:
    """A set of characters. Simple sets are Python class items; others combine
    single-character patterns with look-aheads (used only in the *output*)."""

    __slots__ = ("items", "neg", "op", "a", "b")

    def __init__(self, items=None, neg=False, op=None, a=None, b=None):
        self.items = items
        self.neg = neg
        self.op = op
        self.a = a
        self.b = b

    @property
    def simple(self) -> bool:
        return self.op is None

    def emit(self) -> str:
        if self.op is None:
            if not self.items:
                return "[\\s\\S]" if self.neg else "[^\\s\\S]"
            return "[" + ("^" if self.neg else "") + "".join(self.items) + "]"
        a = self.a.emit()
        if self.op == "neg":
            return "(?:(?!" + a + ")[\\s\\S])"
        b = self.b.emit()
        if self.op == "|":
            return "(?:" + a + "|" + b + ")"
        if self.op == "&&":
            return "(?:(?=" + b + ")" + a + ")"
        if self.op == "--":
            return "(?:(?!" + b + ")" + a + ")"
        return "(?:(?!" + b + ")" + a + "|(?!" + a + ")" + b + ")"  # ~~


def _union(a: _Set, b: _Set) -> _Set:
    if a.simple and not a.neg and not a.items:
        return b
    if a.simple and b.simple and not a.neg and not b.neg:
        return _Set(a.items + b.items)
    return _Set(op="|", a=a, b=b)


def _negate(a: _Set) -> _Set:
    if a.simple:
        return _Set(a.items, not a.neg)
    return _Set(op="neg", a=a)


# --------------------------------------------------------------------------------------
# Parser / translator


class _Flags:
    __slots__ = ("i", "m", "s", "x", "U")

    def __init__(self, i=False, m=False, s=False, x=False, U=False):  # noqa: N803
        self.i, self.m, self.s, self.x, self.U = i, m, s, x, U

    def copy(self):
        return _Flags(self.i, self.m, self.s, self.x, self.U)


_NAME_START = _re.compile(r"[_A-Za-z]")
_NAME_REST = _re.compile(r"[_0-9A-Za-z.\[\]]")


def _py_group_name(name: str) -> str:
    if name.isascii() and name.isidentifier():
        return name
    return "_mx" + name.encode("utf-8").hex()


class _Atom:
    __slots__ = ("text", "single", "quantified", "empty")

    def __init__(self, text, single=True, quantified=False, empty=False):
        self.text = text
        self.single = single  # may be followed by a Python quantifier as is
        self.quantified = quantified
        self.empty = empty  # a flag directive: nothing to repeat


class _Translator:
    def __init__(self, pattern: str, flags: str):
        self.p = pattern
        self.n = len(pattern)
        self.i = 0
        self.names: set[str] = set()
        f = _Flags("i" in flags, "m" in flags, "s" in flags)
        self.global_i = f.i
        self.prefix = ""
        m = _re.match(r"\(\?([imsxUuR]+)\)", pattern)
        if m and "i" in m.group(1) and not f.i:
            self.global_i = True
            self.prefix = "(?i)"
        self.flags0 = f

    def err(self, desc, pos=None):
        return RegexError(self.p, self.i if pos is None else pos, desc)

    def peek(self, k=0):
        j = self.i + k
        return self.p[j] if j < self.n else None

    def run(self) -> str:
        text = self.alternation(self.flags0.copy(), depth=0)
        if self.i < self.n:  # a stray ')'
            raise self.err("unopened group")
        return self.prefix + text

    def skip_x(self, flags):
        if not flags.x:
            return
        p, n = self.p, self.n
        while self.i < n:
            c = p[self.i]
            if c.isspace():
                self.i += 1
            elif c == "#":
                while self.i < n and p[self.i] != "\n":
                    self.i += 1
            else:
                break

    def case(self, text, flags, relevant=True):
        if relevant and flags.i != self.global_i:
            return ("(?i:" if flags.i else "(?-i:") + text + ")"
        return text

    def alternation(self, flags, depth) -> str:
        branches = []
        cur: list[_Atom] = []
        while True:
            self.skip_x(flags)
            c = self.peek()
            if c is None:
                break
            if c == ")":
                if depth == 0:
                    raise self.err("unopened group")
                break
            if c == "|":
                self.i += 1
                branches.append(cur)
                cur = []
                continue
            if c in "*+?{":
                self.quantifier(cur, flags)
                continue
            a = self.atom(flags, depth)
            if a is not None:
                cur.append(a)
        branches.append(cur)
        return "|".join("".join(a.text for a in br) for br in branches)

    def quantifier(self, cur, flags):
        start = self.i
        c = self.p[self.i]
        if not cur or cur[-1].empty:
            raise self.err("repetition operator missing expression")
        self.i += 1
        if c == "{":
            q = self.counted(start)
        else:
            q = c
        greedy = True
        if self.peek() == "?":
            self.i += 1
            greedy = False
        elif self.peek() == "+":
            raise self.err("possessive quantifiers are not supported")
        if flags.U:
            greedy = not greedy
        a = cur[-1]
        text = a.text
        if a.quantified or not a.single:
            text = "(?:" + text + ")"
        cur[-1] = _Atom(text + q + ("" if greedy else "?"), single=False, quantified=True)

    def counted(self, start) -> str:
        p = self.p
        j = p.find("}", self.i)
        if j < 0:
            self.i = self.n
            raise self.err("unclosed counted repetition", start)
        body = p[self.i : j]
        m = _re.fullmatch(r"([0-9]+)(?:(,)([0-9]*))?", body)
        if not m:
            raise self.err("repetition quantifier expects a valid decimal", self.i)
        lo = int(m.group(1))
        hi = None if m.group(2) and not m.group(3) else int(m.group(3) or m.group(1))
        if hi is not None and lo > hi:
            raise self.err("invalid repetition count range, the start must be <= the end", start)
        if max(lo, hi or 0) > 1000000:
            raise self.err("repetition count is too large", start)
        self.i = j + 1
        if hi is None:
            return "{%d,}" % lo
        if hi == lo:
            return "{%d}" % lo
        return "{%d,%d}" % (lo, hi)

    def atom(self, flags, depth) -> _Atom | None:
        p = self.p
        c = p[self.i]
        if c == "(":
            return self.group(flags, depth)
        if c == "[":
            start = self.i
            self.i += 1
            s = self.cls(flags, start)
            return _Atom(self.case(s.emit(), flags))
        if c == ".":
            self.i += 1
            return _Atom("(?s:.)" if flags.s else "[^\\n]")
        if c == "^":
            self.i += 1
            return _Atom("(?m:^)" if flags.m else "\\A", single=False)
        if c == "$":
            self.i += 1
            return _Atom("(?m:$)" if flags.m else "\\Z", single=False)
        if c == "\\":
            kind, val = self.escape(flags, in_class=False)
            if kind == "char":
                return _Atom(self.case(_ch(val), flags, _has_case(val)))
            if kind == "set":
                return _Atom(self.case(val.emit(), flags))
            return _Atom(val, single=False)  # assertion
        self.i += 1
        return _Atom(self.case(_ch(c), flags, _has_case(c)))

    # -- groups --------------------------------------------------------------------------

    def group(self, flags, depth) -> _Atom | None:
        start = self.i
        self.i += 1
        name = None
        inner = flags.copy()
        capture = True
        if self.peek() == "?":
            self.i += 1
            c = self.peek()
            if c == "P" and self.peek(1) == "<":
                self.i += 2
                name = self.group_name(start)
            elif c == "<" and self.peek(1) not in ("=", "!"):
                self.i += 1
                name = self.group_name(start)
            elif c in ("=", "!") or (c == "<" and self.peek(1) in ("=", "!")):
                raise self.err(
                    "look-around, including look-ahead and look-behind, is not supported", start
                )
            elif c == "P":
                raise self.err("backreferences are not supported", start)
            else:
                capture = False
                negate = False
                seen = set()
                any_flag = False
                any_after_neg = False
                while True:
                    c = self.peek()
                    if c is None:
                        raise self.err("unclosed group", start)
                    if c == ")" or c == ":":
                        if negate and not any_after_neg:
                            raise self.err("flag negation operator is not followed by a flag")
                        if not any_flag and c == ")":
                            raise self.err("empty flag set")
                        self.i += 1
                        break
                    if c == "-":
                        if negate:
                            raise self.err("duplicate flag negation operator")
                        negate = True
                        self.i += 1
                        continue
                    if c not in "imsxUuR":
                        raise self.err("unrecognized flag")
                    if c in seen:
                        raise self.err("duplicate flag")
                    seen.add(c)
                    any_flag = True
                    if negate:
                        any_after_neg = True
                    if c in "imsxU":
                        setattr(inner, c, not negate)
                    self.i += 1
                if c == ")":
                    for k in ("i", "m", "s", "x", "U"):
                        setattr(flags, k, getattr(inner, k))
                    return _Atom("", single=False, empty=True)
        body = self.alternation(inner, depth + 1)
        if self.peek() != ")":
            raise self.err("unclosed group", start)
        self.i += 1
        if name is not None:
            return _Atom("(?P<" + _py_group_name(name) + ">" + body + ")")
        if capture:
            return _Atom("(" + body + ")")
        return _Atom("(?:" + body + ")")

    def group_name(self, start) -> str:
        p = self.p
        j = p.find(">", self.i)
        if j < 0:
            raise self.err("unclosed capture group name", self.i)
        name = p[self.i : j]
        if not name:
            raise self.err("empty capture group name", self.i)
        if not _NAME_START.match(name[0]):
            raise self.err("invalid capture group character", self.i)
        for k, ch in enumerate(name[1:], 1):
            if not _NAME_REST.match(ch):
                raise self.err("invalid capture group character", self.i + k)
        if name in self.names:
            raise self.err("duplicate capture group name", self.i)
        self.names.add(name)
        self.i = j + 1
        return name

    # -- escapes ---------------------------------------------------------------------------

    def hexdigits(self, start, count):
        p = self.p
        if self.peek() == "{":
            j = p.find("}", self.i)
            if j < 0:
                raise self.err("unclosed hexadecimal literal", start)
            digits = p[self.i + 1 : j]
            end = j + 1
            if not digits:
                raise self.err("hexadecimal literal is empty", start)
        else:
            digits = p[self.i : self.i + count]
            end = self.i + count
            if len(digits) < count:
                raise self.err(
                    "incomplete escape sequence, reached end of pattern prematurely", start
                )
        if not _re.fullmatch(r"[0-9A-Fa-f]+", digits):
            raise self.err("invalid hexadecimal digit", start)
        cp = int(digits, 16)
        if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            raise self.err("hexadecimal literal is not a Unicode scalar value", start)
        self.i = end
        return chr(cp)

    def escape(self, flags, in_class):
        """Consume `\\...`: ("char", c) | ("set", _Set) | ("assert", python_text)."""
        start = self.i
        self.i += 1
        c = self.peek()
        if c is None:
            raise self.err("incomplete escape sequence, reached end of pattern prematurely", start)
        self.i += 1
        simple = {"a": "\x07", "f": "\x0c", "t": "\t", "n": "\n", "r": "\r", "v": "\x0b"}
        if c in simple:
            return "char", simple[c]
        if c in "0123456789":
            raise self.err("backreferences are not supported", start)
        if c == "x":
            return "char", self.hexdigits(start, 2)
        if c == "u":
            return "char", self.hexdigits(start, 4)
        if c == "U":
            return "char", self.hexdigits(start, 8)
        if c in "dDsSwW":
            return "set", _Set(["\\" + c])
        if c in "pP":
            return "set", self.unicode_class(start, negated=(c == "P"))
        if c in "bBAz<>":
            if in_class:
                raise self.err("unrecognized escape sequence", start)
            if c == "b" and self.peek() == "{":
                j = self.p.find("}", self.i)
                kind = self.p[self.i + 1 : j] if j >= 0 else None
                table = {
                    "start": "\\b(?=\\w)",
                    "end": "\\b(?<=\\w)",
                    "start-half": "(?<!\\w)",
                    "end-half": "(?!\\w)",
                }
                if kind not in table:
                    raise self.err("unrecognized word boundary assertion", start)
                self.i = j + 1
                return "assert", table[kind]
            return "assert", {
                "b": "\\b",
                "B": "\\B",
                "A": "\\A",
                "z": "\\Z",
                "<": "\\b(?=\\w)",
                ">": "\\b(?<=\\w)",
            }[c]
        if c.isascii() and not c.isalnum():
            return "char", c
        raise self.err("unrecognized escape sequence", start)

    def unicode_class(self, start, negated) -> _Set:
        p = self.p
        c = self.peek()
        if c is None:
            raise self.err("incomplete escape sequence, reached end of pattern prematurely", start)
        if c == "{":
            j = p.find("}", self.i)
            if j < 0:
                raise self.err("unclosed Unicode class literal", start)
            name = p[self.i + 1 : j]
            self.i = j + 1
        else:
            name = c
            self.i += 1
        if name.startswith("^"):
            negated = not negated
            name = name[1:]
        for sep in ("=", "!=", ":"):
            if sep in name:
                key, _, val = name.partition(sep)
                if _norm(key) not in ("gc", "generalcategory"):
                    raise self.err("Unicode property not found", start)
                if sep == "!=":
                    negated = not negated
                name = val
                break
        cat = _GC_ALIASES.get(_norm(name))
        if cat is None:
            raise self.err("Unicode property not found", start)
        return _Set(_ranges_items(_gc_ranges(cat)), negated)

    # -- classes -----------------------------------------------------------------------------

    def cls(self, flags, start) -> _Set:
        """Parse after `[` up to and including the matching `]`."""
        neg = False
        if self.peek() == "^":
            neg = True
            self.i += 1
        s = self.cls_ops(flags, start)
        if self.peek() != "]":
            raise self.err("unclosed character class", start)
        self.i += 1
        return _negate(s) if neg else s

    def cls_ops(self, flags, start) -> _Set:
        left = self.cls_union(flags, start, first=True)
        while True:
            op = self.p[self.i : self.i + 2]
            if op in ("&&", "--", "~~"):
                self.i += 2
                right = self.cls_union(flags, start, first=False)
                left = _Set(op=op, a=left, b=right)
            else:
                return left

    def cls_union(self, flags, start, first) -> _Set:
        acc = _Set([])
        p = self.p
        if first and self.peek() == "]":
            self.i += 1
            acc = _Set([_ch("]")])
        while True:
            if flags.x:
                while self.i < self.n and p[self.i].isspace():
                    self.i += 1
            c = self.peek()
            if c is None:
                raise self.err("unclosed character class", start)
            if c == "]":
                return acc
            two = p[self.i : self.i + 2]
            if two in ("&&", "~~") or (two == "--" and (acc.items or not acc.simple)):
                return acc
            if c == "[":
                m = _re.match(r"\[:(\^?)([a-z]+):\]", p[self.i :])
                if m and m.group(2) in _POSIX:
                    self.i += m.end()
                    acc = _union(acc, _Set([_POSIX[m.group(2)]], bool(m.group(1))))
                    continue
                nstart = self.i
                self.i += 1
                acc = _union(acc, self.cls(flags, nstart))
                continue
            lo_pos = self.i
            item = self.cls_item(flags)
            if isinstance(item, _Set):
                acc = _union(acc, item)
                continue
            if self.peek() == "-" and self.peek(1) not in ("]", None) and self.peek(1) != "-":
                self.i += 1
                hi = self.cls_item(flags)
                if isinstance(hi, _Set):
                    raise self.err("invalid character class range", lo_pos)
                if ord(hi) < ord(item):
                    raise self.err(
                        "invalid character class range, the start must be <= the end", lo_pos
                    )
                acc = _union(acc, _Set([_ch(item) + "-" + _ch(hi)]))
            else:
                acc = _union(acc, _Set([_ch(item)]))

    def cls_item(self, flags):
        c = self.p[self.i]
        if c == "\\":
            kind, val = self.escape(flags, in_class=True)
            return val
        self.i += 1
        return c


def _norm(name: str) -> str:
    return name.replace(" ", "").replace("_", "").replace("-", "").lower()


def translate(pattern: str, flags: str = "") -> str:
    """Rust-dialect `pattern` (+ literal flags `i`, `m`, `s`) → Python `re` pattern text."""
    return _Translator(pattern, flags).run()


def check(pattern: str, flags: str = "") -> str | None:
    """The compile error text of `pattern`, or None when it is valid (for the compiler)."""
    try:
        _compile(pattern, flags)
    except RegexError as e:
        return str(e)
    return None


_cache: dict = {}


def _compile(pattern: str, flags: str = "") -> _MeshRegex:
    key = (pattern, flags)
    rx = _cache.get(key)
    if rx is not None:
        return rx
    text = translate(pattern, flags)
    try:
        compiled = _re.compile(text, _re.IGNORECASE if "i" in flags else 0)
    except _re.error as e:
        raise RegexError(pattern, 0, str(e)) from None
    except (OverflowError, RecursionError):
        raise RegexError(pattern, 0, "pattern too large") from None
    rx = _MeshRegex(pattern, flags, compiled)
    if len(_cache) < 4096:
        _cache[key] = rx
    return rx


# --------------------------------------------------------------------------------------
# Mesh functions


def compile(p):  # noqa: A001
    try:
        return _Ok(_compile(p, ""))
    except RegexError as e:
        return _Err(str(e))


def is_match(rx, s):
    return rx.compiled.search(s) is not None


def captures(rx, s):
    m = rx.compiled.search(s)
    if m is None:
        return _NONE
    return _Some([m.group(0), *m.groups("")])


def _matches(compiled, s):
    """Non-overlapping matches with Rust's empty-match rule (spec §7.2)."""
    n = len(s)
    pos = 0
    last_end = -1
    search = compiled.search
    while pos <= n:
        m = search(s, pos)
        if m is None:
            return
        start, end = m.span()
        if start == end and end == last_end:
            pos = end + 1
            continue
        yield m
        last_end = end
        pos = end


_TEMPLATE_NAME = _re.compile(r"[0-9A-Za-z_]+")


def _parse_template(t: str):
    """List of literal strings and group references (int index or str name)."""
    parts: list = []
    lit: list[str] = []
    i, n = 0, len(t)
    while i < n:
        j = t.find("$", i)
        if j < 0:
            lit.append(t[i:])
            break
        lit.append(t[i:j])
        if j + 1 < n and t[j + 1] == "$":
            lit.append("$")
            i = j + 2
            continue
        ref = None
        if j + 1 < n and t[j + 1] == "{":
            k = t.find("}", j + 2)
            if k >= 0:
                ref = t[j + 2 : k]
                end = k + 1
        else:
            m = _TEMPLATE_NAME.match(t, j + 1)
            if m:
                ref = m.group(0)
                end = m.end()
        if ref is None:
            lit.append("$")
            i = j + 1
            continue
        if lit:
            parts.append("".join(lit))
            lit = []
        parts.append(int(ref) if ref.isascii() and ref.isdigit() else (ref,))
        i = end
    if lit:
        parts.append("".join(lit))
    return parts


def _expand(parts, m) -> str:
    out = []
    for p in parts:
        if type(p) is str:
            out.append(p)
        elif type(p) is int:
            if p <= m.re.groups:
                out.append(m.group(p) or "")
        else:
            idx = m.re.groupindex.get(_py_group_name(p[0])) if p[0] else None
            if idx is not None:
                out.append(m.group(idx) or "")
    return "".join(out)


def replace(rx, s, template):
    parts = _parse_template(template)
    simple = all(type(p) is str for p in parts)
    lit = "".join(parts) if simple else None
    out = []
    last = 0
    for m in _matches(rx.compiled, s):
        out.append(s[last : m.start()])
        out.append(lit if simple else _expand(parts, m))
        last = m.end()
    if not out:
        return s
    out.append(s[last:])
    return "".join(out)


def split(rx, s):
    out = []
    last = 0
    for m in _matches(rx.compiled, s):
        out.append(s[last : m.start()])
        last = m.end()
    out.append(s[last:])
    return out
