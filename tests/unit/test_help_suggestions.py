"""Every help line that writes out code suggests code that compiles (issue 19): each case
below has one mistake, marked `[[...]]`; the test compiles it, takes the backticked code
from the help line, puts it in place of the marked expression and compiles again."""

from __future__ import annotations

import re

import pytest

from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile
from mesh.compiler.types import check_program

_DEFS = """
fn takes_float(f :: Float) -> Float do
  f
end

fn takes_int(i :: Int) -> Int do
  i
end

interface Alpha do
  fn describe(self) -> String
end

interface Beta do
  fn describe(self) -> String
end

impl Alpha for Int do
  fn describe(self) -> String do
    "alpha"
  end
end

impl Beta for Int do
  fn describe(self) -> String do
    "beta"
  end
end
"""

CASES = {
    "to_string on a name": "let n = 3\n  let s :: String = [[n]]\n  println(s)",
    "to_string on a negative literal": "let s :: String = [[-5]]\n  println(s)",
    "to_string on a Float field call": "let s :: String = [[Float.from(2)]]\n  println(s)",
    "to_string in a concatenation": 'println("n = " <> [[1 + 2]])',
    "Float conversion": 'println("#{takes_float([[7]])}")',
    "Int conversion": 'println("#{takes_int([[2.5]])}")',
    "wrap in Some": 'let o :: Option<Int> = [[4]]\n  println("#{o}")',
    "wrap in Ok": 'let r :: Result<Int, String> = [[4 * 2]]\n  println("#{r}")',
    "qualified call of an ambiguous method": "println([[5.describe()]])",
}


def _diagnostics(src: str) -> list:
    reporter = Reporter()
    module = parse_module(SourceFile("main.mpl", src), "Main", reporter)
    assert module is not None, [d.headline for d in reporter.items]
    check_program([module], "Main", reporter)
    return [d for d in reporter.items if d.severity == "error"]


def _program(body: str) -> str:
    return f"{_DEFS}\nfn main() do\n  {body}\nend\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_help_code_compiles_in_place_of_the_mistake(name):
    marked = _program(CASES[name])
    hole = re.search(r"\[\[(.*?)\]\]", marked)
    broken = marked.replace("[[", "").replace("]]", "")
    errors = _diagnostics(broken)
    assert errors, "the mistake must be reported"
    helps = [d.help for d in errors if d.help and "`" in d.help]
    assert helps, [(d.code, d.headline, d.help) for d in errors]
    code = re.findall(r"`([^`]+)`", helps[0])[-1]
    fixed = marked[: hole.start()] + code + marked[hole.end() :]
    assert _diagnostics(fixed) == [], (code, fixed)


def test_every_unknown_name_and_independent_error_is_reported_in_one_run():
    src = _program(
        "let x = takes_int(undefined_one) + missing_two\n"
        "  let y = foo(bar(baz))\n"
        '  println("#{x} #{y} #{1 + "a"} #{qux} #{[unknown_a, unknown_b]}")\n'
        "  let z = String.nope(arg_missing)"
    )
    errors = _diagnostics(src)
    names = [d.headline.removeprefix("undefined variable: ") for d in errors if d.code == "E0004"]
    assert names == [
        "undefined_one",
        "missing_two",
        "foo",
        "bar",
        "baz",
        "qux",
        "unknown_a",
        "unknown_b",
        "String.nope",
        "arg_missing",
    ]
    assert [d.code for d in errors].count("E0001") == 1


def test_errors_per_function_are_capped():
    body = "\n  ".join(f"let v{i} = unknown{i}" for i in range(30))
    errors = _diagnostics(_program(body + '\n  println("done")'))
    assert len(errors) == 20
    many = "\n".join(
        f"fn f{i}() do\n  takes_int(nope{i}a) + takes_int(nope{i}b)\nend" for i in range(60)
    )
    errors = _diagnostics(_program('println("x")') + many)
    assert len(errors) == 100
