"""Diagnostic rendering: the human box format and JSON lines (spec 02 §17, 08 §5)."""

from __future__ import annotations

import io
import json

from mesh.compiler.diagnostics import Label, Reporter
from mesh.compiler.render import Renderer, render_human, render_json, should_color
from mesh.compiler.source import SourceFile, Span

SRC = "fn main() do\n  let total = 1\n  println(totl)\nend\n"


def _file(text: str = SRC, path: str = "./main.mpl") -> SourceFile:
    return SourceFile(path, text, "main.mpl")


def _span(f: SourceFile, needle: str) -> Span:
    i = f.text.index(needle)
    return Span(f, i, i + len(needle))


def test_spec_example_exact() -> None:
    f = _file()
    r = Reporter()
    d = r.error("E0004", "undefined variable: totl", _span(f, "totl"), "not found in this scope")
    assert render_human(d) == (
        "[E0004] Error: undefined variable: totl\n"
        "   ╭─[ ./main.mpl:3:11 ]\n"
        "   │\n"
        " 3 │   println(totl)\n"
        "   │           ──┬─\n"
        "   │             ╰─── not found in this scope\n"
        "───╯\n"
    )


def test_help_note_and_warning_kind() -> None:
    f = _file()
    r = Reporter()
    d = r.warning(
        "W0001",
        "redundant match arm (arm 2)",
        _span(f, "let total"),
        "this arm is unreachable",
        help="remove this arm",
        note="see docs",
    )
    out = render_human(d)
    assert out.startswith("[W0001] Warning: redundant match arm (arm 2)\n")
    assert "╭─[ ./main.mpl:2:3 ]" in out
    assert "   │ Help: remove this arm\n" in out
    assert "   │ Note: see docs\n" in out
    assert out.endswith("───╯\n")


def test_two_labels_on_one_line_and_other_lines() -> None:
    f = _file()
    r = Reporter()
    d = r.error(
        "E0001",
        "expected String, found Int",
        _span(f, "println"),
        "expected String",
        labels=[Label(_span(f, "totl"), "found Int"), Label(_span(f, "main"), "in here")],
    )
    out = render_human(d)
    assert " 1 │ fn main() do" in out
    assert " 3 │   println(totl)" in out
    assert "expected String" in out and "found Int" in out and "in here" in out
    # lines are shown in order; the primary location is in the header
    assert out.index(" 1 │") < out.index(" 3 │")
    assert "╭─[ ./main.mpl:3:3 ]" in out


def test_wide_line_numbers_align() -> None:
    text = "\n" * 120 + "  oops\n"
    f = _file(text)
    d = Reporter().error("P0001", "Parse error: expected expression", _span(f, "oops"), "here")
    lines = render_human(d).splitlines()
    assert lines[1] == "     ╭─[ ./main.mpl:121:3 ]"
    assert lines[3] == " 121 │   oops"
    assert lines[-1] == "─────╯"


def test_eof_and_empty_spans_do_not_crash() -> None:
    f = _file("fn main() do")
    r = Reporter()
    d = r.error("P0001", "Parse error: expected `end`", Span(f, len(f.text), len(f.text)), "here")
    out = render_human(d)
    assert "main.mpl:1:13" in out
    d2 = r.error("P0001", "Parse error: x", Span(_file(""), 0, 0), None)
    assert "main.mpl:1:1" in render_human(d2)


def test_tabs_are_expanded_consistently() -> None:
    f = _file("\tprintln(x)\n")
    d = Reporter().error("E0004", "undefined variable: x", _span(f, "x"), "nope")
    out = render_human(d)
    assert " 1 │     println(x)" in out
    assert "   │             ┬" in out


def test_colour_only_when_asked() -> None:
    f = _file()
    d = Reporter().error("E0004", "undefined variable: totl", _span(f, "totl"), "x")
    assert "\x1b[" not in render_human(d, color=False)
    assert "\x1b[" in render_human(d, color=True)


def test_should_color(monkeypatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert should_color(Tty())
    assert not should_color(io.StringIO())
    assert not should_color(Tty(), no_color=True)
    assert not should_color(Tty(), json_mode=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not should_color(Tty())


def test_json_line_uses_byte_offsets_and_long_message() -> None:
    f = _file('fn main() do\n  let s = "héllo" + totl\nend\n', "./app/main.mpl")
    d = Reporter().error(
        "E0001",
        "expected Int, found String",
        _span(f, "totl"),
        "expected Int, found String",
        help="use to_string()",
        message="type mismatch: expected `Int`, found `String`",
    )
    obj = json.loads(render_json(d))
    start = f.text.index("totl")
    assert obj == {
        "code": "E0001",
        "severity": "error",
        "message": "type mismatch: expected `Int`, found `String`",
        "file": "./app/main.mpl",
        "spans": [{"start": start + 1, "end": start + 5, "label": "expected Int, found String"}],
        "fix": "use to_string()",
    }


def test_renderer_json_failure_line() -> None:
    buf = io.StringIO()
    r = Renderer(buf, json_mode=True, color=True)
    f = _file()
    r.diagnostics([Reporter().warning("W0001", "redundant", _span(f, "totl"), "x")])
    r.failed()
    lines = buf.getvalue().splitlines()
    assert json.loads(lines[0])["severity"] == "warning"
    assert json.loads(lines[0])["fix"] is None
    assert json.loads(lines[1]) == {
        "code": "C0001",
        "severity": "error",
        "message": "Compilation failed due to errors above.",
        "file": "",
        "spans": [],
        "fix": None,
    }
    assert "\x1b" not in buf.getvalue()


def test_renderer_human_failure_line() -> None:
    buf = io.StringIO()
    Renderer(buf).failed()
    assert buf.getvalue() == "error: Compilation failed due to errors above.\n"
