"""Source files and spans.

Every phase after the lexer reports problems through `Span`s; nothing later than the
parser looks at raw text. Offsets are *character* offsets into `SourceFile.text`; the JSON
diagnostics mode converts them to byte offsets on output.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(eq=False)
class SourceFile:
    """One `.mpl` file: its display path (as the user gave it), project-relative path and text."""

    path: str
    text: str
    rel_path: str = ""
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.rel_path:
            self.rel_path = self.path
        starts = [0]
        text = self.text
        i = 0
        n = len(text)
        while i < n:
            c = text[i]
            if c == "\n":
                starts.append(i + 1)
            elif c == "\r":
                if i + 1 < n and text[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            i += 1
        self._line_starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line terminator."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def byte_offset(self, offset: int) -> int:
        return len(self.text[:offset].encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range `[start, end)` in `file`."""

    file: SourceFile
    start: int
    end: int

    def to(self, other: Span) -> Span:
        return Span(self.file, self.start, max(self.end, other.end))

    @property
    def line(self) -> int:
        return self.file.line_col(self.start)[0]

    def __repr__(self) -> str:
        line, col = self.file.line_col(self.start)
        return f"<{self.file.rel_path}:{line}:{col}>"
