"""The Mesh lexer: source text → tokens, with the layout rules of spec 01 §3 applied.

A string literal is one `STRING` token whose value is a list of parts: `str` pieces
(escapes and heredoc dedent already applied) and token lists for interpolations, which
the parser parses recursively. That keeps interpolation nesting out of the token stream
entirely (spec 01 §2.10 suggests a mode stack for a lark lexer; one token per literal is
the recursive-descent equivalent).
"""

from __future__ import annotations

from mesh.compiler.source import SourceFile

KEYWORDS = frozenset(
    """actor after alias and break call case cast cond continue def do else end false fn for
    if impl import in interface json let link match module monitor nil not or pub receive
    return self send service spawn struct supervisor terminate trait trap true type when
    where while with""".split()
)

# Longest operators first within each leading character.
_OPERATORS = [
    "|>",
    "||",
    "..",
    "::",
    "<>",
    "<=",
    ">=",
    "==",
    "=>",
    "!=",
    "->",
    "&&",
    "++",
    "+",
    "-",
    "*",
    "/",
    "%",
    "<",
    ">",
    "=",
    "!",
    "|",
    ".",
    ":",
    "?",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    "@",
]
_OPENERS = {"(", "[", "{"}
_CLOSERS = {")", "]", "}"}
INT_MAX = 9223372036854775807
_MAX_INT_DIGITS = 40  # a decimal literal with more significant digits cannot be an Int
_TOO_LARGE = 10**_MAX_INT_DIGITS
INT_RANGE_HELP = (
    "Int is a 64-bit signed integer (-9223372036854775808 to 9223372036854775807); "
    "use a Float or a String for bigger numbers"
)


class LexError(Exception):
    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end


class Token:
    """One token. `value` depends on `kind`; the typed accessors below read it as what
    that kind carries (and raise TypeError on a token of another kind: a parser bug)."""

    __slots__ = ("kind", "value", "start", "end")

    def __init__(self, kind: str, value: object, start: int, end: int) -> None:
        self.kind = kind
        self.value = value
        self.start = start
        self.end = end

    @property
    def text(self) -> str:
        """IDENT, ATOM (without the colon), keyword, operator and COMMENT tokens."""
        v = self.value
        if isinstance(v, str):
            return v
        raise TypeError(f"a {self.kind} token has no text")

    @property
    def int_value(self) -> int:
        """INT tokens, and the slot number of a SLOT_PIPE (`|2>`)."""
        v = self.value
        if isinstance(v, int):
            return v
        raise TypeError(f"a {self.kind} token has no integer value")

    @property
    def number(self) -> int | float:
        """INT and FLOAT tokens."""
        v = self.value
        if isinstance(v, int | float):
            return v
        raise TypeError(f"a {self.kind} token is not a number")

    @property
    def float_value(self) -> float:
        v = self.value
        if isinstance(v, float):
            return v
        raise TypeError(f"a {self.kind} token has no float value")

    @property
    def string_parts(self) -> list[str | list[Token]]:
        """STRING tokens: literal text pieces and the token lists of interpolations."""
        v = self.value
        if isinstance(v, list):
            return v
        raise TypeError(f"a {self.kind} token has no string parts")

    @property
    def regex(self) -> tuple[str, str]:
        """REGEX tokens: (pattern, flags)."""
        v = self.value
        if isinstance(v, tuple):
            return v
        raise TypeError(f"a {self.kind} token is not a regex")

    def __repr__(self) -> str:
        if self.kind in ("IDENT", "INT", "FLOAT", "ATOM", "STRING", "SLOT_PIPE"):
            return f"{self.kind}({self.value!r})"
        return self.kind


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _is_ident_start(c: str) -> bool:
    return c == "_" or c.isalpha()


def _is_ident_char(c: str) -> bool:
    return c == "_" or c.isalnum()


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"'}


def unescape(raw: str) -> str:
    """Apply string escapes: known ones map, `\\c` is `c`, a lone trailing `\\` stays."""
    if "\\" not in raw:
        return raw
    out = []
    i = 0
    n = len(raw)
    while i < n:
        c = raw[i]
        if c == "\\" and i + 1 < n:
            nxt = raw[i + 1]
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


class _Lexer:
    def __init__(self, text: str, keep_comments: bool = False) -> None:
        self.text = text
        self.n = len(text)
        # Tooling only (`mesh fmt`): emit top-level comments as COMMENT tokens.
        self.keep_comments = keep_comments

    # -- entry points -----------------------------------------------------------------

    def lex_all(self) -> list[Token]:
        pos = 1 if self.text.startswith("\ufeff") else 0
        raw, pos = self.lex_raw(pos, in_interp=False)
        raw.append(Token("EOF", None, self.n, self.n))
        return layout(raw)

    # -- raw tokens ---------------------------------------------------------------------

    def lex_raw(self, pos: int, in_interp: bool) -> tuple[list[Token], int]:
        """Tokens from `pos` until EOF, or (in an interpolation) the `}` closing it."""
        text = self.text
        n = self.n
        toks: list[Token] = []
        depth = 0
        while pos < n:
            c = text[pos]
            if c == " " or c == "\t":
                pos += 1
                continue
            if c == "\n" or c == "\r":
                start = pos
                pos += 2 if text.startswith("\r\n", pos) else 1
                toks.append(Token("NEWLINE", None, start, pos))
                continue
            if c == "#":
                start = pos
                pos = self.skip_comment(pos)
                if self.keep_comments and not in_interp:
                    toks.append(Token("COMMENT", text[start:pos], start, pos))
                continue
            start = pos
            if _is_ident_start(c):
                pos += 1
                while pos < n and _is_ident_char(text[pos]):
                    pos += 1
                word = text[start:pos]
                kind = word if word in KEYWORDS else "IDENT"
                toks.append(Token(kind, word, start, pos))
                continue
            if _is_digit(c):
                toks.append(self.lex_number(pos))
                pos = toks[-1].end
                continue
            if c == '"':
                tok = self.lex_string(pos)
                toks.append(tok)
                pos = tok.end
                continue
            if c == ":" and pos + 1 < n and (text[pos + 1] == "_" or "a" <= text[pos + 1] <= "z"):
                pos += 2
                while pos < n and _is_ident_char(text[pos]):
                    pos += 1
                toks.append(Token("ATOM", text[start + 1 : pos], start, pos))
                continue
            if c == "~":
                tok = self.lex_regex(pos)
                toks.append(tok)
                pos = tok.end
                continue
            if c == "|" and pos + 1 < n and _is_digit(text[pos + 1]):
                j = pos + 1
                while j < n and _is_digit(text[j]):
                    j += 1
                digits = text[pos + 1 : j]
                if j >= n or text[j] != ">":
                    raise LexError(f"invalid slot pipe `|{digits}`; expected `>`", pos, j)
                if int(digits) < 2:
                    raise LexError(
                        f"invalid slot pipe `|{digits}>`; use `|>` to pipe into the first argument",
                        pos,
                        j + 1,
                    )
                toks.append(Token("SLOT_PIPE", int(digits), pos, j + 1))
                pos = j + 1
                continue
            for op in _OPERATORS:
                if text.startswith(op, pos):
                    break
            else:
                shown = {"\f": "\\f", "\xa0": "U+00A0"}.get(c, c)
                raise LexError(f"unexpected character `{shown}`", pos, pos + 1)
            if in_interp:
                if op == "{":
                    depth += 1
                elif op == "}":
                    if depth == 0:
                        return toks, pos + 1
                    depth -= 1
            toks.append(Token(op, op, pos, pos + len(op)))
            pos += len(op)
        if in_interp:
            raise LexError("unterminated string interpolation", pos, pos)
        return toks, pos

    def skip_comment(self, pos: int) -> int:
        text = self.text
        if text.startswith("#=", pos):
            start = pos
            depth = 0
            while pos < self.n:
                if text.startswith("#=", pos):
                    depth += 1
                    pos += 2
                elif text.startswith("=#", pos):
                    depth -= 1
                    pos += 2
                    if depth == 0:
                        return pos
                else:
                    pos += 1
            raise LexError("unterminated block comment", start, start + 2)
        while pos < self.n and text[pos] not in "\r\n":
            pos += 1
        return pos

    def lex_number(self, pos: int) -> Token:
        text = self.text
        n = self.n
        start = pos
        if text[pos] == "0" and pos + 1 < n and text[pos + 1] in "xXbBoO":
            base = {"x": 16, "b": 2, "o": 8}[text[pos + 1].lower()]
            pos += 2
            digits_start = pos
            while pos < n and (text[pos] == "_" or _is_digit_of(text[pos], base)):
                pos += 1
            digits = text[digits_start:pos].replace("_", "")
            if not digits:
                raise LexError(f"number literal `{text[start:pos]}` has no digits", start, pos)
            return Token("INT", int(digits, base), start, pos)
        while pos < n and (_is_digit(text[pos]) or text[pos] == "_"):
            pos += 1
        is_float = False
        if pos + 1 < n and text[pos] == "." and _is_digit(text[pos + 1]):
            is_float = True
            pos += 1
            while pos < n and (_is_digit(text[pos]) or text[pos] == "_"):
                pos += 1
        if pos < n and text[pos] in "eE":
            j = pos + 1
            if j < n and text[j] in "+-":
                j += 1
            if j < n and _is_digit(text[j]):
                is_float = True
                pos = j
                while pos < n and (_is_digit(text[pos]) or text[pos] == "_"):
                    pos += 1
            elif j >= n or not _is_ident_char(text[j]) or text[j - 1] in "+-":
                raise LexError(f"exponent of `{text[start:j]}` has no digits", start, j)
        literal = text[start:pos].replace("_", "")
        if is_float:
            return Token("FLOAT", float(literal), start, pos)
        significant = literal.lstrip("0") or "0"
        if len(significant) > _MAX_INT_DIGITS:
            # Far beyond Int; never convert (Python refuses >4300 digits and it is quadratic).
            # Any value above INT_MAX + 1 makes the parser report the overflow diagnostic.
            return Token("INT", _TOO_LARGE, start, pos)
        return Token("INT", int(significant), start, pos)

    def lex_regex(self, pos: int) -> Token:
        text = self.text
        start = pos
        if not text.startswith("~r/", pos):
            raise LexError("expected `r/` after `~` (regex literal `~r/pattern/`)", pos, pos + 1)
        pos += 3
        body_start = pos
        while True:
            if pos >= self.n or text[pos] in "\r\n":
                raise LexError("unterminated regex literal", start, pos)
            if text[pos] == "\\":
                pos += 2
                continue
            if text[pos] == "/":
                break
            pos += 1
        pattern = text[body_start:pos]
        pos += 1
        flags_start = pos
        while pos < self.n and text[pos].isascii() and text[pos].isalpha():
            if text[pos] not in "ims":
                raise LexError(f"unknown regex flag `{text[pos]}`", pos, pos + 1)
            pos += 1
        return Token("REGEX", (pattern, text[flags_start:pos]), start, pos)

    def lex_string(self, pos: int) -> Token:
        text = self.text
        start = pos
        triple = text.startswith('"""', pos)
        pos += 3 if triple else 1
        if triple:
            j = pos
            while j < self.n and text[j] in " \t":
                j += 1
            if j < self.n and text[j] in "\r\n":
                pos = j + (2 if text.startswith("\r\n", j) else 1)
        parts: list[str | list[Token]] = []  # raw str pieces and token lists
        buf: list[str] = []
        while True:
            if pos >= self.n:
                raise LexError("unterminated string literal", start, start + (3 if triple else 1))
            c = text[pos]
            if c == "\\":
                buf.append(text[pos : pos + 2])
                pos += 2
                continue
            if c == '"':
                if not triple:
                    pos += 1
                    break
                if text.startswith('"""', pos):
                    pos += 3
                    break
            if c in "#$" and text.startswith("{", pos + 1):
                parts.append("".join(buf))
                buf = []
                inner_start = pos + 2
                inner, pos = self.lex_raw(inner_start, in_interp=True)
                inner = [t for t in inner if t.kind != "NEWLINE"]
                inner.append(Token("EOF", None, pos - 1, pos - 1))
                parts.append(inner)
                continue
            if c == "\r":
                buf.append("\n")
                pos += 2 if text.startswith("\r\n", pos) else 1
                continue
            buf.append(c)
            pos += 1
        parts.append("".join(buf))
        if triple:
            parts = _dedent(parts)
        value = [unescape(p) if isinstance(p, str) else p for p in parts]
        value = [p for p in value if not (isinstance(p, str) and p == "")]
        return Token("STRING", value, start, pos)


def _is_digit_of(c: str, base: int) -> bool:
    if base == 16:
        return c in "0123456789abcdefABCDEF"
    if base == 8:
        return c in "01234567"
    return c in "01"


def _dedent(parts: list[str | list[Token]]) -> list[str | list[Token]]:
    """Heredoc dedent (spec 01 §2.7) on raw parts; interpolations count as text."""
    last = parts[-1]
    assert isinstance(last, str)  # the literal's raw text after its last interpolation
    nl = last.rfind("\n")
    closing = last[nl + 1 :]
    has_newline = nl >= 0 or any(isinstance(p, str) and "\n" in p for p in parts[:-1])
    if nl >= 0 and closing.strip(" \t") == "":
        trim = len(closing)
        parts = parts[:-1] + [last[:nl]]
    else:
        # The last line starts after the last newline anywhere in the literal.
        if nl >= 0:
            line = closing
        else:
            line = ""
            for p in reversed(parts):
                if isinstance(p, str):
                    k = p.rfind("\n")
                    line = (p[k + 1 :] if k >= 0 else p) + line
                    if k >= 0:
                        break
                else:
                    line = "\x00" + line
            if not has_newline:
                line = parts[0] if isinstance(parts[0], str) else ""
        trim = len(line) - len(line.lstrip(" \t"))
    if trim == 0:
        return parts
    out: list[str | list[Token]] = []
    for i, p in enumerate(parts):
        if not isinstance(p, str):
            out.append(p)
            continue
        lines = p.split("\n")
        for k in range(len(lines)):
            if k == 0 and i != 0:
                continue  # text right after an interpolation is never at a line start
            s = lines[k]
            j = 0
            while j < trim and j < len(s) and s[j] in " \t":
                j += 1
            lines[k] = s[j:]
        out.append("\n".join(lines))
    return out


# Spec 01 §3 rule 4, our extension: a line ending in one of these continues on the next
# non-blank line when that line is indented more than the line that began the statement.
CONTINUE_AFTER = frozenset(
    {
        "=",
        "->",
        "+",
        "-",
        "*",
        "/",
        "%",
        "==",
        "!=",
        "<",
        ">",
        "<=",
        ">=",
        "&&",
        "||",
        "and",
        "or",
        "<>",
        "++",
        "..",
    }
)


def layout(raw: list[Token]) -> list[Token]:
    """Apply spec 01 §3: drop newlines inside brackets, pipe continuation, continuation
    after a trailing operator / `=` / `->` onto a more-indented line, collapse runs."""
    out: list[Token] = []
    depth = 0
    n = len(raw)
    stmt_indent = 0  # indentation of the line that began the current statement
    for i, tok in enumerate(raw):
        k = tok.kind
        if k == "NEWLINE":
            if depth > 0 or not out:
                continue
            prev = out[-1].kind
            if prev in ("NEWLINE", ";", "|>", "SLOT_PIPE"):
                continue
            j = i + 1
            while j < n and raw[j].kind == "NEWLINE":
                j += 1
            if j < n and raw[j].kind in ("|>", "SLOT_PIPE"):
                continue
            if prev in CONTINUE_AFTER and j < n and raw[j].kind != "EOF":
                indent = raw[j].start - raw[j - 1].end
                if indent > stmt_indent:
                    if prev == "->":  # an arm or closure body starts a statement of its own
                        stmt_indent = indent
                    continue
            out.append(tok)
            continue
        if depth == 0 and (not out or out[-1].kind == "NEWLINE"):
            stmt_indent = tok.start - (raw[i - 1].end if i and raw[i - 1].kind == "NEWLINE" else 0)
        if k in _OPENERS:
            depth += 1
        elif k in _CLOSERS and depth > 0:
            depth -= 1
        out.append(tok)
    return out


def tokenize(file: SourceFile) -> list[Token]:
    """Lex a whole file. Raises `LexError` on the first lexical error."""
    return _Lexer(file.text).lex_all()


def tokenize_trivia(text: str) -> list[Token]:
    """Raw tokens for tooling (`mesh fmt`): NEWLINE and COMMENT tokens kept, no layout pass.

    Filtering out COMMENT tokens and calling `layout` gives exactly what `tokenize` returns.
    """
    lexer = _Lexer(text, keep_comments=True)
    pos = 1 if text.startswith("\ufeff") else 0
    raw, _ = lexer.lex_raw(pos, in_interp=False)
    raw.append(Token("EOF", None, lexer.n, lexer.n))
    return raw
