"""`mesh fmt` (spec 08 §8): the formatter as a function, snapshot style, plus a regression
net over every example and conformance program (in memory; no repository file is written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mesh.compiler.parse.lexer import LexError, layout, tokenize, tokenize_trivia
from mesh.compiler.source import SourceFile
from mesh.tooling.fmt import FmtError, format_source
from mesh.tooling.fmt_safety import parse_shape, signature as _signature

ROOT = Path(__file__).resolve().parents[2]


def fmt(src: str, **kw) -> str:
    out = format_source(src, **kw)
    assert format_source(out, **kw) == out, "not idempotent"
    return out


def check(src: str, expected: str, **kw) -> None:
    assert fmt(src, **kw) == expected
    assert fmt(expected, **kw) == expected


# -- the lexer's trivia mode ------------------------------------------------------------


def test_trivia_mode_is_opt_in_and_layout_gives_the_normal_tokens():
    src = "# a\nfn main() do #= b =#\n  1 # c\nend\n"
    raw = tokenize_trivia(src)
    assert [src[t.start : t.end] for t in raw if t.kind == "COMMENT"] == ["# a", "#= b =#", "# c"]
    plain = tokenize(SourceFile("t.mpl", src))
    assert all(t.kind != "COMMENT" for t in plain)
    again = layout([t for t in raw if t.kind != "COMMENT"])
    assert [(t.kind, t.value) for t in again] == [(t.kind, t.value) for t in plain]


# -- the spec example and basic spacing -------------------------------------------------


def test_spec_example():
    check("fn area(w,h) do\nlet a=w*h\na\nend", "fn area(w, h) do\n  let a = w * h\n  a\nend\n")


def test_operators_get_single_spaces():
    check(
        "fn f(a,b) do\n  let c=a+b*2-  1\n  c==3&&a!=b||a<=b and not c>=a\n  x<>y++z\nend\n",
        "fn f(a, b) do\n  let c = a + b * 2 - 1\n  c == 3 && a != b || a <= b and not c >= a\n"
        "  x <> y ++ z\nend\n",
    )


def test_unary_operators_stay_tight():
    check(
        "fn f(x) do\n  let a = - x\n  let b = ! x\n  g(-1, - 2)\n  [1 - -2]\nend\n",
        "fn f(x) do\n  let a = -x\n  let b = !x\n  g(-1, -2)\n  [1 - -2]\nend\n",
    )


def test_brackets_commas_and_calls():
    check(
        "fn f( a ,b ) do\n  g( [ 1,2 ] , ( 3 , 4 ) )\n  xs [0]\nend\n",
        "fn f(a, b) do\n  g([1, 2], (3, 4))\n  xs[0]\nend\n",
    )


def test_our_choice_forms():
    # `List<String>`, `Ok(x)`, `name: value`, `-> (A, B)` (spec 08 §8 "Our choice").
    check(
        "fn f(xs :: List < String >) ->( Int, Int) do\n  case Ok( 1) do\n"
        "    Ok( x) -> (x, 1)\n    _ -> (0, 0)\n  end\nend\n"
        "fn g() = Point { x : 1 }\n",
        "fn f(xs :: List<String>) -> (Int, Int) do\n  case Ok(1) do\n"
        "    Ok(x) -> (x, 1)\n    _ -> (0, 0)\n  end\nend\n\n"
        "fn g() = Point { x: 1 }\n",
    )


def test_types_and_generics():
    check(
        "pub fn id<T>(x::T)->T=x\nfn p(s::String)->Int!String do\n  let m::Map<String,List<Int>> = Map.new()\n"
        "  let o::Option<Int>? = None\n  0\nend\n",
        "pub fn id<T>(x :: T) -> T = x\n\nfn p(s :: String) -> Int!String do\n"
        "  let m :: Map<String, List<Int>> = Map.new()\n  let o :: Option<Int>? = None\n  0\nend\n",
    )


def test_maps_updates_and_closures():
    check(
        'fn f(p) do\n  let m = %{ "a" => 1 , "b"=>2 }\n  let q = %{ p | x : 1 }\n'
        "  let g = fn (x) -> x * 2 end\n  for { k, v } in m do\n    k\n  end\n  json {a: 1}\nend\n",
        'fn f(p) do\n  let m = %{"a" => 1, "b" => 2}\n  let q = %{p | x: 1}\n'
        "  let g = fn(x) -> x * 2 end\n  for {k, v} in m do\n    k\n  end\n  json { a: 1 }\nend\n",
    )


def test_trailing_closure_params_and_service_state():
    check(
        "service S do\n  call Get() :: Int do | n |\n    (n, n)\n  end\nend\n"
        "fn f(xs) do\n  List.each(xs) do |x|\n    x\n  end\nend\n",
        "service S do\n  call Get() :: Int do |n|\n    (n, n)\n  end\nend\n\n"
        "fn f(xs) do\n  List.each(xs) do |x|\n    x\n  end\nend\n",
    )


def test_member_keywords_call_tightly():
    check(
        "fn f() do\n  Changeset.cast (a, b)\n  Node.self ()\nend\n",
        "fn f() do\n  Changeset.cast(a, b)\n  Node.self()\nend\n",
    )


# -- indentation -------------------------------------------------------------------------


def test_reindents_nested_blocks():
    check(
        'fn f(x) do\nif x > 0 do\ncase x do\n1 -> "one"\n_ -> do\n"many"\nend\nend\n'
        'else if x == 0 do\n"zero"\nelse\n"neg"\nend\nend\n',
        'fn f(x) do\n  if x > 0 do\n    case x do\n      1 -> "one"\n      _ -> do\n'
        '        "many"\n      end\n    end\n  else if x == 0 do\n    "zero"\n  else\n'
        '    "neg"\n  end\nend\n',
    )


def test_if_on_the_line_after_else_is_a_nested_block():
    # `else if` on one line chains (one `end`); an `if` on the next line is an expression
    # of the else block and closes with its own `end`.
    src = (
        "fn f(x) do\n  if x > 1 do\n    1\n  else\n    if x < 0 do\n      2\n"
        "    else\n      3\n    end\n  end\nend\n"
    )
    check(src, src)
    check(src.replace("\n    ", "\n"), src)
    src = "fn f(x) do\n  if x > 1 do 1 else\n    if x < 0 do\n      2\n    end\n  end\nend\n"
    check(src, src)


def test_if_after_else_inside_an_arm_body_stays_in_the_arm():
    # The arm body after `1 ->` ends at the first line indented no more than the arm, so
    # a wrong indentation after the nested `if` would move `3` out of the arm.
    src = (
        "fn f(x, a, b) do\n  case x do\n    1 ->\n      if a do\n        1\n      else\n"
        "        if b do\n          2\n        end\n      end\n      3\n    _ -> 0\n"
        "  end\nend\n"
    )
    check(src, src)
    assert parse_shape(fmt(src.replace("\n        ", "\n"))) == parse_shape(src)


def test_receive_after_aligns_with_receive():
    check(
        "fn f() do\nreceive do\nx -> x\nafter 10 -> 0 end\nend\n",
        "fn f() do\n  receive do\n    x -> x\n  after 10 -> 0 end\nend\n",
    )


def test_multiline_closure_and_brackets():
    check(
        'fn f(xs) do\nList.map(xs, fn x ->\nx + 1\nend)\nprintln(\n"a",\n"b"\n)\nend\n',
        'fn f(xs) do\n  List.map(xs, fn x ->\n    x + 1\n  end)\n  println(\n    "a",\n    "b"\n  )\nend\n',
    )


def test_arm_bodies_on_the_next_line_keep_their_block():
    # Spec 01 §3 layout extension: the body lines of `Pattern ->` stay one level deeper
    # than the arm (moving the second statement back to the arm's level would make it an
    # arm); the badly indented input is re-indented, not re-parsed differently.
    src = (
        "fn f(n) do\n  case n do\n   0 ->\n        let y = 1\n        y + 1\n"
        "   _ -> do\n  n\n  end\n  end\nend\n"
    )
    check(
        src,
        "fn f(n) do\n  case n do\n    0 ->\n      let y = 1\n      y + 1\n"
        "    _ -> do\n      n\n    end\n  end\nend\n",
    )
    src = (
        "fn g() do\n  receive do\n    m ->\n      let a = m\n      a\n"
        "    after 5 ->\n      let b = 2\n      b\n  end\nend\n"
    )
    check(
        src,
        src.replace(
            "    after 5 ->\n      let b = 2\n      b", "  after 5 ->\n    let b = 2\n    b"
        ),
    )
    src = 'fn main() do\n  let g = fn 0 ->\n    "zero"\n  | n ->\n      let m = n\n      m\n  end\nend\n'
    check(
        src,
        'fn main() do\n  let g = fn 0 ->\n    "zero"\n    | n ->\n      let m = n\n'
        "      m\n  end\nend\n",
    )


def test_continuation_lines_after_operators_and_equals_hang():
    src = "fn main() do\n  let x =\n        1 +\n   2 +\n     3\n  x\nend\n"
    check(src, "fn main() do\n  let x =\n    1 +\n    2 +\n    3\n  x\nend\n")
    # A top-level `fn f(x) =` continued on the next line stays one item (no blank line).
    check("fn area(w, h) =\n  w * h\n", "fn area(w, h) =\n  w * h\n")
    # A line ending in an operator that ends the statement (`import *`) does not hang.
    check(
        "from Foo import *\nfn main() do\n  1\nend\n",
        "from Foo import *\n\nfn main() do\n  1\nend\n",
    )


def test_indent_size_option():
    check(
        "fn f() do\nif a do\nb\nend\nend\n",
        "fn f() do\n    if a do\n        b\n    end\nend\n",
        indent_size=4,
    )


def test_struct_and_sum_type_bodies():
    check(
        "pub struct P do\nx :: Int\n\ny :: Int\nend deriving(Eq,Display)\ntype S do\nA\nB(Int)\nend\n",
        "pub struct P do\n  x :: Int\n  y :: Int\nend deriving(Eq, Display)\n\ntype S do\n  A\n  B(Int)\nend\n",
    )


# -- pipes -------------------------------------------------------------------------------


def test_each_pipe_on_its_own_line():
    check(
        "fn main() do\n  let x = [3, 1] |> List.sort() |> List.length()\n  x\nend\n",
        "fn main() do\n  let x = [3, 1]\n    |> List.sort()\n    |> List.length()\n  x\nend\n",
    )


def test_trailing_pipes_become_leading_and_slot_pipes_count():
    check(
        "fn main() do\n  let y = 10 |>\n    add(1) |2>\n    add(2)\n  y\nend\n",
        "fn main() do\n  let y = 10\n    |> add(1)\n    |2> add(2)\nend\n".replace(
            "\nend", "\n  y\nend"
        ),
    )


def test_pipes_inside_arguments_and_blocks_stay():
    src = "fn main() do\n  f(xs |> g())\n  List.map(xs, fn x -> x |> h() end)\nend\n"
    check(src, src)


def test_pipe_after_block_end():
    check(
        'fn main() do\n  let n = case 5 do\n    _ -> "x"\n  end |> String.length()\n  n\nend\n',
        'fn main() do\n  let n = case 5 do\n    _ -> "x"\n  end\n    |> String.length()\n  n\nend\n',
    )


# -- struct literals and imports ---------------------------------------------------------


def test_struct_literals_with_two_fields_one_per_line():
    check(
        "fn main() do\n  let p = Point{x:1,y: 2}\n  let q = Point { x: 1 }\n  p\nend\n",
        "fn main() do\n  let p = Point {\n    x: 1,\n    y: 2\n  }\n  let q = Point { x: 1 }\n  p\nend\n",
    )


def test_imports_grouped_and_paren_list_one_per_line():
    check(
        "import A\n\n\nimport B.C\nfrom   D import (x,y)\nfrom E import f, g\nfn main() = 1\n",
        "import A\nimport B.C\nfrom D import (\n  x,\n  y\n)\nfrom E import f, g\n\nfn main() = 1\n",
    )


def test_from_import_trailing_comma_continuation_is_kept():
    src = "from Calc.Ops import add,\n  mul\n\nfn main() = 1\n"
    check(src, src)


# -- blank lines -------------------------------------------------------------------------


def test_blank_lines_between_items_and_inside_bodies():
    check(
        "\n\nfn a() do\n\n  1\n\n\n  2\nend\nfn b() = 1\n\n\n\nfn c() = 2\n\n\n",
        "fn a() do\n  1\n  2\nend\n\nfn b() = 1\n\nfn c() = 2\n",
    )


def test_decorator_on_its_own_line_stays_with_its_function():
    src = "@cluster\npub fn work() = 1\n"
    check(src, src)


# -- comments ----------------------------------------------------------------------------


def test_comments_in_every_position():
    check(
        "# file header\n# second line\nimport A\n"
        "## doc for f\nfn f(x) do   # after the header\n"
        "  # own line\n  let y = x    # line end\n"
        "  #= block\n     comment =#\n"
        "  g(x, #= inline =# y)\n"
        "  # before end\nend\n# trailing\n",
        "# file header\n# second line\nimport A\n\n"
        "## doc for f\nfn f(x) do # after the header\n"
        "  # own line\n  let y = x # line end\n"
        "  #= block\n     comment =#\n"
        "  g(x, #= inline =# y)\n"
        "  # before end\nend\n\n# trailing\n",
    )


def test_top_level_comment_paragraphs_keep_their_separation():
    check("# a\n# b\n\n\n# c\nfn f() = 1\n", "# a\n# b\n\n# c\nfn f() = 1\n")


def test_comment_directly_above_an_item_stays_attached():
    src = "# header\nimport A\nimport B\n\n## doc\n@cluster\npub fn f() = 1\n\n# g\nfn g() = 2\n"
    check(src, src)
    check(
        "fn f() = 1\n# about g\nfn g() = 2\n# trailing\n",
        "fn f() = 1\n\n# about g\nfn g() = 2\n\n# trailing\n",
    )


def test_blank_lines_between_a_comment_and_its_item_become_one():
    check(
        "# header\n\n\nimport A\n# about f\n\n\n\nfn f() = 1\n",
        "# header\n\nimport A\n\n# about f\n\nfn f() = 1\n",
    )


def test_comments_inside_an_import_group_keep_the_users_spacing():
    src = "import A\n# why B\nimport B\n\n# C too\nimport C\n"
    check(src, src)
    # A comment after the group that leads to nothing attached opens a unit of its own.
    check("import A\n# c\n\nimport B\n", "import A\n\n# c\n\nimport B\n")


def test_comment_between_pipe_lines():
    check(
        "fn main() do\n  let w = 5 |>\n    # why\n    double()\n  w\nend\n",
        "fn main() do\n  let w = 5\n    # why\n    |> double()\n  w\nend\n",
    )


def test_comment_only_file():
    check("# just a note   \n\n\n", "# just a note\n")


# -- invariants --------------------------------------------------------------------------


@pytest.mark.parametrize("src", ["", "\n", "\n\n   \n\t\n"])
def test_empty_stays_empty(src):
    assert fmt(src) == ""


def test_output_ends_with_exactly_one_newline_and_no_trailing_spaces():
    out = fmt("fn main() do   \n  1   \nend")
    assert out == "fn main() do\n  1\nend\n"
    out = fmt("fn main() = 1\n\n\n\n")
    assert out == "fn main() = 1\n"


def test_string_literals_are_untouched():
    src = 'fn main() do\n  let s = """\n    keep   \n      this\n    """\n  println("a  #{ s }  b")\nend\n'
    check(src, src)


def test_crlf_input():
    check("fn main() do\r\n  1\r\nend\r\n", "fn main() do\n  1\nend\n")


def test_line_width_splits_argument_lists_but_not_strings():
    check(
        "fn main() do\n  let x = foo(aaaaaaaaaa, bbbbbbbbbbbb, cccccccccccc)\nend\n",
        "fn main() do\n  let x = foo(\n    aaaaaaaaaa,\n    bbbbbbbbbbbb,\n    cccccccccccc\n  )\nend\n",
        line_width=30,
    )
    src = 'fn main() do\n  let x = "a very long string literal that will never be broken"\nend\n'
    check(src, src, line_width=20)


def test_lex_errors_propagate():
    with pytest.raises(LexError):
        format_source('fn main() do\n  "unterminated\nend\n')


def test_signature_ignores_layout_but_not_tokens():
    assert _signature("fn f() = 1\n\n\n") == _signature("fn f() = 1")
    assert _signature("fn f() = 1\n") != _signature("fn f() = 2\n")
    assert _signature("fn f() = 1 # a\n") != _signature("fn f() = 1 # b\n")
    # A newline at depth zero is significant.
    assert _signature("fn f() do\n  a\n  -b\nend\n") != _signature("fn f() do\n  a - b\nend\n")


def test_unsafe_result_is_refused(monkeypatch):
    import mesh.tooling.fmt as fmt_mod

    monkeypatch.setattr(fmt_mod, "_format_once", lambda text, w, i: text.replace("1", "2"))
    with pytest.raises(FmtError):
        fmt_mod.format_source("fn f() = 1\n")


def test_reindenting_that_changes_the_parse_is_refused(monkeypatch):
    # Same tokens, but `3` moved to the arm's level ends the arm body: a different program.
    import mesh.tooling.fmt as fmt_mod

    src = "fn f(x) do\n  case x do\n    1 ->\n      2\n      3\n    _ -> 0\n  end\nend\n"
    bad = src.replace("      3", "    3")
    assert _signature(bad) == _signature(src)
    monkeypatch.setattr(fmt_mod, "_format_once", lambda text, w, i: bad)
    with pytest.raises(FmtError):
        fmt_mod.format_source(src)


# -- regression net over the corpus ------------------------------------------------------


def _corpus() -> list[Path]:
    files = []
    for d in ("examples", "tests/programs"):
        files += sorted((ROOT / d).rglob("*.mpl"))
    return files


@pytest.mark.slow
def test_corpus_is_token_equivalent_parses_the_same_and_is_idempotent():
    """Every example/conformance program that lexes formats safely: same tokens, same
    syntax tree (positions aside), and formatting the result changes nothing
    (format_source checks all three itself and raises FmtError otherwise)."""
    formatted = 0
    for path in _corpus():
        src = path.read_text(encoding="utf-8")
        try:
            tokenize(SourceFile(str(path), src))
        except LexError:
            continue  # lexical-error programs: fmt reports them, nothing to check
        out = format_source(src)
        assert _signature(out) == _signature(src), path
        assert parse_shape(out) == parse_shape(src), path
        assert format_source(out) == out, path
        formatted += 1
    assert formatted > 100
