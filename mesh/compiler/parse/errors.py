"""The parser's one exception, in its own module so every grammar module can raise it."""

from __future__ import annotations


class ParseError(Exception):
    def __init__(self, message: str, start: int, end: int, help: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.start = start
        self.end = end
        self.help = help
