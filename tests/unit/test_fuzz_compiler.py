"""Property tests: whatever text the compiler is fed, it ends in diagnostics or success —
never a Python traceback (issue: core language acceptance). The successful cases must also
produce Python that compiles.

The suite runs derandomized (the same examples every run) so CI is reproducible; set
MESH_FUZZ_EXAMPLES=N to run a longer randomized campaign locally."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from mesh.compiler.codegen import generate
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile
from mesh.compiler.types import check_program

PROGRAMS = sorted(
    p
    for p in (Path(__file__).parent.parent / "programs").rglob("*.mpl")
    if p.parent.name in ("syntax", "values", "types", "diagnostics", "lexical")
)
SOURCES = [p.read_text(encoding="utf-8") for p in PROGRAMS]

VOCAB = [
    "fn",
    "main",
    "(",
    ")",
    "do",
    "end",
    "let",
    "x",
    "=",
    "1",
    "2.5",
    '"s#{x}"',
    "+",
    "-",
    "*",
    "/",
    "%",
    "==",
    "<",
    "|>",
    "|2>",
    "case",
    "->",
    "_",
    "if",
    "else",
    "for",
    "in",
    "while",
    "[",
    "]",
    "{",
    "}",
    "%{",
    "=>",
    ",",
    ".",
    "::",
    "Int",
    "String",
    "List",
    "<",
    ">",
    "?",
    "struct",
    "type",
    "Some",
    "None",
    "Ok",
    "Err",
    ":atom",
    "~r/a/",
    "\n",
    ";",
    " ",
    "|",
    "when",
    "return",
    "break",
    "continue",
    "println",
    "fn x -> x end",
    "json",
    "#= c =#",
    '"""\n  h\n  """',
    "@cluster",
    "pub",
    "import",
    "from",
    "A.B",
    "receive",
    "spawn",
    "self",
    "deriving(Eq)",
    "interface",
    "impl",
    "0x",
    "1e",
    "9223372036854775808",
    "'",
    "&",
]


def compile_text(text: str) -> None:
    reporter = Reporter()
    module = parse_module(SourceFile("fuzz.mpl", text, "main.mpl"), "Main", reporter)
    if module is None or reporter.has_errors:
        assert reporter.has_errors
        return
    program = check_program([module], "Main", reporter)
    if reporter.has_errors:
        return
    for path, source in generate(program).items():
        compile(source, path, "exec")


def mutate(source: str, ops: list[tuple[int, int, int]]) -> str:
    lines = source.split("\n")
    for kind, a, b in ops:
        if not lines:
            break
        i = a % len(lines)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[b % len(lines)])
        elif kind == 2:
            line = lines[i]
            if line:
                j = b % len(line)
                lines[i] = line[:j] + line[j + 1 :]
        else:
            line = lines[i]
            j = b % (len(line) + 1)
            lines[i] = line[:j] + VOCAB[b % len(VOCAB)] + line[j:]
    return "\n".join(lines)


_CAMPAIGN = int(os.environ.get("MESH_FUZZ_EXAMPLES", "0"))
_FIXED = _CAMPAIGN == 0


def _n(default: int) -> int:
    return _CAMPAIGN or default


@settings(
    max_examples=_n(300),
    deadline=None,
    derandomize=_FIXED,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(VOCAB), max_size=60))
def test_token_soup_never_crashes(tokens: list[str]) -> None:
    compile_text(" ".join(tokens))


@settings(
    max_examples=_n(400),
    deadline=None,
    derandomize=_FIXED,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.integers(min_value=0, max_value=max(len(SOURCES) - 1, 0)),
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 10_000), st.integers(0, 10_000)),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_programs_never_crash(index: int, ops: list[tuple[int, int, int]]) -> None:
    compile_text(mutate(SOURCES[index], ops))


@settings(max_examples=_n(100), deadline=None, derandomize=_FIXED)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    compile_text(text)


def test_deep_nesting_is_a_diagnostic_not_a_crash() -> None:
    old = sys.getrecursionlimit()
    try:
        compile_text("fn main() do\n  let x = " + "(" * 5000 + "1" + ")" * 5000 + "\nend\n")
    finally:
        sys.setrecursionlimit(old)
