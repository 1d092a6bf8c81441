"""Rendering diagnostics: ariadne-like boxes for people, JSON lines for tools.

Human format (spec 02 §17.1, 08 §5.1)::

    [E0004] Error: undefined variable: totl
       ╭─[ ./main.mpl:3:11 ]
       │
     3 │   println(totl)
       │           ──┬─
       │             ╰─── not found in this scope
    ───╯

JSON format (02 §17.2, 08 §5.2): one object per line, byte offsets, `fix` = help text.
A failed build ends with `error: Compilation failed due to errors above.` (human) or the
`C0001` object (JSON).

Colour is decided by the caller (`should_color`): only on a terminal, without
`--no-color`/`--json`, and with `NO_COLOR` unset.
"""

from __future__ import annotations

import json
import os
from typing import IO

from mesh.compiler.diagnostics import Diagnostic, Label
from mesh.compiler.source import SourceFile, Span

FAILED = "Compilation failed due to errors above."

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
RED = "\x1b[31m"
YELLOW = "\x1b[33m"
BLUE = "\x1b[34m"
CYAN = "\x1b[36m"
GREY = "\x1b[90m"
TAB_WIDTH = 4


def should_color(stream: IO[str], no_color: bool = False, json_mode: bool = False) -> bool:
    if no_color or json_mode or "NO_COLOR" in os.environ:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *codes: str) -> str:
        if not self.color or not text:
            return text
        return "".join(codes) + text + RESET


def _expand(line: str) -> tuple[str, list[int]]:
    """Expand tabs; returns the display text and a char-index → display-column map."""
    out: list[str] = []
    cols: list[int] = []
    col = 0
    for ch in line:
        cols.append(col)
        if ch == "\t":
            n = TAB_WIDTH - (col % TAB_WIDTH)
            out.append(" " * n)
            col += n
        else:
            out.append(ch)
            col += 1
    cols.append(col)
    return "".join(out), cols


class _LineMark:
    """One label's underline on one displayed line (display columns, half-open)."""

    def __init__(self, start: int, end: int, text: str, colour: str) -> None:
        self.start = start
        self.end = max(end, start + 1)
        self.text = text
        self.colour = colour

    @property
    def anchor(self) -> int:
        return self.start + (self.end - self.start) // 2


def _label_colour(i: int, severity: str) -> str:
    if i == 0:
        return RED if severity == "error" else YELLOW
    return BLUE


def render_human(d: Diagnostic, color: bool = False) -> str:
    """The block for one diagnostic, ending with a newline."""
    st = _Style(color)
    kind = "Error" if d.severity == "error" else "Warning"
    kind_colour = RED if d.severity == "error" else YELLOW
    out: list[str] = []
    head = f"[{d.code}] {kind}:" if d.code else f"{kind}:"
    out.append(f"{st(head, BOLD, kind_colour)} {d.headline}")

    primary = d.span
    labels: list[Label] = list(d.labels)
    if primary is not None and not any(
        lb.span.file is primary.file
        and lb.span.start <= primary.start < max(lb.span.end, lb.span.start + 1)
        for lb in labels
    ):
        labels.insert(0, Label(primary, ""))

    # Group labels by file (primary file first), then by line.
    files: list[SourceFile] = []
    if primary is not None:
        files.append(primary.file)
    for lb in labels:
        if not any(f is lb.span.file for f in files):
            files.append(lb.span.file)

    max_line = 1
    for lb in labels:
        max_line = max(max_line, lb.span.file.line_col(_clamp(lb.span.file, lb.span.start))[0])
    w = len(str(max_line))
    pad = " " * (w + 2)
    bar = st("│", GREY)

    for fi, f in enumerate(files):
        flabels = [(i, lb) for i, lb in enumerate(labels) if lb.span.file is f]
        if fi == 0 and primary is not None:
            loc_span = primary
        else:
            loc_span = flabels[0][1].span
        line, col = f.line_col(_clamp(f, loc_span.start))
        corner = "╭─[" if fi == 0 else "├─["
        out.append(f"{pad}{st(corner, GREY)} {f.path}:{line}:{col} {st(']', GREY)}")
        out.append(f"{pad}{bar}")
        by_line: dict[int, list[_LineMark]] = {}
        for i, lb in flabels:
            s = _clamp(f, lb.span.start)
            e = _clamp(f, lb.span.end)
            ln, c0 = f.line_col(s)
            text_line = f.line_text(ln)
            disp, cols = _expand(text_line)
            lend_ln, c1 = f.line_col(e) if e > s else (ln, c0 + 1)
            if lend_ln != ln:
                c1 = len(text_line) + 1
            c0i = min(c0 - 1, len(text_line))
            c1i = min(max(c1 - 1, c0i + 1), len(text_line) + 1)
            start_col = cols[c0i]
            end_col = cols[c1i] if c1i < len(cols) else cols[-1] + (c1i - len(cols) + 1)
            by_line.setdefault(ln, []).append(
                _LineMark(start_col, end_col, lb.text, _label_colour(i, d.severity))
            )
        prev = None
        for ln in sorted(by_line):
            if prev is not None and ln > prev + 1:
                out.append(f"{pad}{st('┆', GREY)}")
            prev = ln
            disp, _ = _expand(f.line_text(ln))
            disp, marks = _window(disp, by_line[ln])
            num = st(f"{ln:>{w}}", GREY)
            out.append(f" {num} {bar} {disp}".rstrip())
            marks = sorted(marks, key=lambda m: (m.start, m.end))
            out.append(f"{pad}{bar} {_underline(marks, st)}".rstrip())
            labelled = [m for m in marks if m.text]
            for k in range(len(labelled) - 1, -1, -1):
                m = labelled[k]
                segs: list[str] = []
                cursor = 0
                for other in labelled[:k]:
                    segs.append(" " * (other.anchor - cursor))
                    segs.append(st("│", other.colour))
                    cursor = other.anchor + 1
                segs.append(" " * (m.anchor - cursor))
                segs.append(st("╰───", m.colour))
                segs.append(" " + m.text)
                out.append(f"{pad}{bar} {''.join(segs)}")
    if d.help or d.note:
        out.append(f"{pad}{bar}")
        if d.help:
            out.append(f"{pad}{bar} {st('Help', CYAN)}: {d.help}")
        if d.note:
            out.append(f"{pad}{bar} {st('Note', CYAN)}: {d.note}")
    out.append(st("─" * (w + 2) + "╯", GREY))
    return "\n".join(out) + "\n"


MAX_SHOWN = 160  # display columns of a source line shown around the marks


def _window(disp: str, marks: list[_LineMark]) -> tuple[str, list[_LineMark]]:
    """Cut a very long line (a 100k-digit literal, generated code) to the part around its
    marks, with `…` where text was left out; marks are shifted and shortened to match."""
    if len(disp) <= MAX_SHOWN:
        return disp, marks
    lo = max(0, min(m.start for m in marks) - 20)
    hi = min(len(disp), lo + MAX_SHOWN)
    prefix = "…" if lo > 0 else ""
    shift = lo - len(prefix)
    shown = prefix + disp[lo:hi] + ("…" if hi < len(disp) else "")
    limit = hi - shift
    moved = [_LineMark(m.start - shift, min(m.end - shift, limit), m.text, m.colour) for m in marks]
    return shown, moved


def _underline(marks: list[_LineMark], st: _Style) -> str:
    width = max(m.end for m in marks)
    cells: list[tuple[str, str]] = [(" ", "")] * width
    for m in marks:
        for c in range(m.start, m.end):
            if cells[c][0] == " ":
                cells[c] = ("─", m.colour)
    for m in marks:
        if m.text:
            cells[m.anchor] = ("┬", m.colour)
    out: list[str] = []
    for ch, colour in cells:
        out.append(st(ch, colour) if colour else ch)
    return "".join(out)


def _clamp(f: SourceFile, offset: int) -> int:
    return max(0, min(offset, len(f.text)))


# ---------------------------------------------------------------------------
# JSON


def _span_json(span: Span, label: str) -> dict[str, object]:
    f = span.file
    return {
        "start": f.byte_offset(_clamp(f, span.start)),
        "end": f.byte_offset(_clamp(f, max(span.end, span.start))),
        "label": label,
    }


def render_json(d: Diagnostic) -> str:
    """One JSON object (no trailing newline)."""
    spans = [_span_json(lb.span, lb.text) for lb in d.labels]
    if not spans and d.span is not None:
        spans.append(_span_json(d.span, ""))
    obj = {
        "code": d.code,
        "severity": d.severity,
        "message": d.json_message,
        "file": d.span.file.path if d.span is not None else "",
        "spans": spans,
        "fix": d.help,
    }
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def json_line(code: str, message: str, severity: str = "error") -> str:
    obj: dict[str, object] = {
        "code": code,
        "severity": severity,
        "message": message,
        "file": "",
        "spans": [],
        "fix": None,
    }
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class Renderer:
    """Writes diagnostics and failure lines to a stream in the chosen mode."""

    def __init__(self, stream: IO[str], json_mode: bool = False, color: bool = False) -> None:
        self.stream = stream
        self.json_mode = json_mode
        self.color = color and not json_mode

    def diagnostics(self, items: list[Diagnostic]) -> None:
        for d in items:
            if self.json_mode:
                self.stream.write(render_json(d) + "\n")
            else:
                self.stream.write(render_human(d, self.color))
        self.stream.flush()

    def error(self, message: str) -> None:
        """A tool-level error (`error: <message>`; a C0001-coded object in JSON mode)."""
        if self.json_mode:
            self.stream.write(json_line("C0001", message) + "\n")
        else:
            prefix = f"{BOLD}{RED}error{RESET}" if self.color else "error"
            self.stream.write(f"{prefix}: {message}\n")
        self.stream.flush()

    def warning(self, message: str) -> None:
        if self.json_mode:
            self.stream.write(json_line("W0000", message, "warning") + "\n")
        else:
            prefix = f"{BOLD}{YELLOW}warning{RESET}" if self.color else "warning"
            self.stream.write(f"{prefix}: {message}\n")
        self.stream.flush()

    def failed(self) -> None:
        self.error(FAILED)
