"""The token cursor of the recursive-descent parser: where it is, what comes next, and
how it reports an error there. The pattern/type productions (`patterns.py`) and the
expression and item grammars build on it."""

from __future__ import annotations

from mesh.compiler.parse.errors import ParseError
from mesh.compiler.parse.lexer import Token
from mesh.compiler.source import SourceFile, Span


class TokenCursor:
    def __init__(self, tokens: list[Token], file: SourceFile) -> None:
        self.toks = tokens
        self.i = 0
        self.file = file

    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> Token:
        j = min(self.i + k, len(self.toks) - 1)
        return self.toks[j]

    def at(self, kind: str) -> bool:
        return self.toks[self.i].kind == kind

    def at_word(self, word: str) -> bool:
        t = self.toks[self.i]
        return t.kind == "IDENT" and t.value == word

    def advance(self) -> Token:
        t = self.toks[self.i]
        if self.i < len(self.toks) - 1:
            self.i += 1
        return t

    def accept(self, kind: str) -> Token | None:
        if self.toks[self.i].kind == kind:
            return self.advance()
        return None

    def expect(self, kind: str, message: str | None = None) -> Token:
        if self.toks[self.i].kind == kind:
            return self.advance()
        raise self.error(message or f"expected `{kind}`, found {self.describe(self.tok)}")

    def expect_ident(self, what: str = "a name") -> Token:
        if self.at("IDENT"):
            return self.advance()
        raise self.error(f"expected {what}, found {self.describe(self.tok)}")

    def describe(self, t: Token) -> str:
        if t.kind == "EOF":
            return "end of file"
        if t.kind == "NEWLINE":
            return "a newline"
        if t.kind == "IDENT":
            return f"`{t.value}`"
        if t.kind in ("INT", "FLOAT"):
            return f"number `{self.file.text[t.start : t.end]}`"
        if t.kind == "STRING":
            return "a string"
        if t.kind == "ATOM":
            return f"atom `:{t.value}`"
        return f"`{self.file.text[t.start : t.end]}`"

    def error(self, message: str, tok: Token | None = None, help: str | None = None) -> ParseError:
        t = tok or self.tok
        return ParseError(message, t.start, max(t.end, t.start + 1), help)

    def span_from(self, start: int) -> Span:
        prev = self.toks[self.i - 1] if self.i > 0 else self.tok
        return Span(self.file, start, max(prev.end, start))

    def skip_seps(self) -> None:
        while self.toks[self.i].kind in ("NEWLINE", ";"):
            self.i += 1

    def skip_newlines(self) -> None:
        while self.toks[self.i].kind == "NEWLINE":
            self.i += 1
