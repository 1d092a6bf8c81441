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


# Whole programs whose fix is not an expression: an impl block to add (the hole is the
# empty `[[]]` at the end), a `deriving(...)` clause to write, a method to add inside an
# impl block, an argument list to turn into a `spawn`.
_POINT = "struct Point do\n  x :: Int\n  y :: Int\nend"
PROGRAM_CASES = {
    "E0006 Display impl for a struct": _POINT
    + " deriving(Eq)\n\nfn shown<T>(x :: T) -> String where T: Display do\n  x.to_string()\nend\n\n"
    "fn main() do\n  println(shown(Point { x: 1, y: 2 }))\nend\n[[]]",
    "E0006 operator impl for a struct": "struct Vec2 do\n  x :: Int\nend\n\nfn main() do\n"
    '  let v = Vec2 { x: 1 } + Vec2 { x: 2 }\n  println("#{v.x}")\nend\n[[]]',
    "E0006 Neg impl for a sum type": "type Shape do\n  Dot\n  Line(Int)\nend\n\n"
    'fn main() do\n  let s = -Dot\n  println("negated")\nend\n[[]]',
    "E0006 user interface for Bool": "interface Label do\n  fn label(self) -> String\nend\n\n"
    "fn show_it<T>(x :: T) -> String where T: Label do\n  x.label()\nend\n\n"
    "fn main() do\n  println(show_it(true))\nend\n[[]]",
    "E0006 Eq derived": _POINT.replace("end", "end [[deriving(Display)]]")
    + '\n\nfn main() do\n  let p = Point { x: 1, y: 2 }\n  println("#{p == p}")\nend\n',
    "E0006 Ord derived beside an existing list": _POINT.replace("end", "end [[deriving(Eq)]]")
    + '\n\nfn main() do\n  let p = Point { x: 1, y: 2 }\n  println("#{p < p}")\nend\n',
    "E0007 missing method": _POINT
    + "\n\ninterface Describe do\n  fn describe(self) -> String\n  fn weight(self) -> Int\nend\n\n"
    "impl Describe for Point do\n  fn weight(self) -> Int do\n    1\n  end\n  [[]]\nend\n\n"
    "fn main() do\n  println(Point { x: 1, y: 2 }.describe())\nend\n",
    "E0109 actor called like a function": "actor echo(prefix :: String) do\n  receive do\n"
    '    m -> println(prefix <> m)\n  end\nend\n\nfn main() do\n  let pid = [[echo("> ")]]\n'
    '  send(pid, "hi")\nend\n',
    "E0009 missing field": _POINT
    + '\n\nfn main() do\n  let p = [[Point { x: 1 }]]\n  println("#{p.y}")\nend\n',
    "E0104 index expression": "fn main() do\n  let xs = [1, 2, 3]\n"
    '  let m = %{"a" => 1}\n  println("#{[[xs[0] ]]} #{m}")\nend\n',
    "E0104 map index": 'fn main() do\n  let m = %{"a" => 1}\n  println("#{[[m["a"] ]]}")\nend\n',
    "E0027 ambiguous into": 'fn main() do\n  let v = [[5.into()]]\n  println("#{v}")\nend\n',
}


@pytest.mark.parametrize("name", sorted(PROGRAM_CASES))
def test_help_code_compiles_in_a_whole_program(name):
    marked = PROGRAM_CASES[name]
    hole = re.search(r"\[\[(.*?)\]\]", marked, re.S)
    errors = _diagnostics(marked.replace("[[", "").replace("]]", ""))
    code = name.split()[0]
    assert [d.code for d in errors] == [code], [(d.code, d.headline) for d in errors]
    help = errors[0].help or ""
    assert "..." not in help and "`" in help, help
    fix = re.findall(r"`([^`]+)`", help)[-1]
    fixed = marked[: hole.start()] + fix + marked[hole.end() :]
    assert _diagnostics(fixed) == [], (help, fixed)


def test_no_help_in_the_catalogue_is_a_placeholder():
    """Issue 19: a help line names a concrete fix, not `...` or a `<placeholder>` to fill."""
    from mesh.compiler.diagnostics import catalogue

    allowed = re.compile(r"<(T|E|V|K|String, V|field|path|ConcreteType)>|<>|<=|`<`")
    vague = []
    for code, e in catalogue().items():
        for form, w in [(None, e.wording()), *e.forms.items()]:
            text = allowed.sub("", w.help or "")
            if "..." in text or "…" in text or "TODO" in text or re.search(r"<\w+>", text):
                vague.append(f"{code}/{form}: {w.help}")
    assert not vague, "\n".join(vague)
