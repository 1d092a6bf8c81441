"""Type checker edge cases (spec 02 §1–§8, §13.2, §15–§17): inference, aliases, structs,
sum types, `?`, exhaustiveness, structural function rules and diagnostic texts."""

from __future__ import annotations

import pytest

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile
from mesh.compiler.types import check_program
from mesh.compiler.types.ty import show


def check(src: str) -> tuple[list, A.Module]:
    reporter = Reporter()
    module = parse_module(SourceFile("main.mpl", src), "Main", reporter)
    assert module is not None, [d.headline for d in reporter.items]
    check_program([module], "Main", reporter)
    return reporter.items, module


def codes(src: str) -> list[str]:
    return [d.code for d in check(src)[0]]


def only(src: str, code: str):
    """The first diagnostic, which must carry `code`."""
    diags, _ = check(src)
    assert diags, "expected a diagnostic"
    assert diags[0].code == code, [(d.code, d.headline) for d in diags]
    return diags[0]


def let_types(src: str, fn: str = "main") -> dict[str, str]:
    diags, module = check(src)
    assert not [d for d in diags if d.severity == "error"], [d.headline for d in diags]
    [f] = [i for i in module.items if isinstance(i, A.FnDef) and i.name == fn]
    return {
        s.pattern.name: show(s.value.ty)
        for s in f.body.stmts
        if isinstance(s, A.Let) and isinstance(s.pattern, A.PVar)
    }


def labels(d) -> list[str]:
    return [lbl.text for lbl in d.labels]


# ---------------------------------------------------------------------------------------
# §4 inference


def test_let_polymorphism_of_named_functions_and_local_lets():
    tys = let_types(
        "fn first_of(x, y) do\n  x\nend\n\n"
        'fn main() do\n  let n = first_of(7, "ignored")\n  let s = first_of("kept", 0)\n'
        '  let f = fn v -> v end\n  let p = (f(1), f("x"))\nend\n'
    )
    assert tys["n"] == "Int" and tys["s"] == "String"
    assert tys["p"] == "(Int, String)"


def test_lambda_parameter_is_monomorphic():
    d = only('fn main() do\n  let g = fn f -> (f(1), f("x")) end\n  g\nend\n', "E0001")
    assert {"Int", "String"} <= set(d.headline.replace(",", "").split())


def test_use_before_definition_is_polymorphic():
    tys = let_types(
        'fn main() do\n  let a = ident(1)\n  let b = ident("s")\n  let c = ev(4)\nend\n\n'
        "fn ident(x) = x\n"
        "fn ev(n) = if n == 0 do true else od(n - 1) end\n"
        "fn od(n) = if n == 0 do false else ev(n - 1) end\n"
    )
    assert (tys["a"], tys["b"], tys["c"]) == ("Int", "String", "Bool")


def test_generic_params_in_compound_annotations():
    src = (
        "fn pick<T>(xs :: List<T>, d :: T) -> T do\n  List.head(xs) |> Option.unwrap_or(d)\nend\n\n"
        'fn main() do\n  let a = pick([1, 2], 0)\n  let b = pick(["a"], "z")\nend\n'
    )
    diags, _ = check(src)
    if not diags:
        tys = let_types(src)
        assert (tys["a"], tys["b"]) == ("Int", "String")
    bad = only(
        'fn pick<T>(xs :: List<T>, d :: T) -> T = d\n\nfn main() do\n  pick([1], "z")\nend\n',
        "E0001",
    )
    assert "argument 2" in labels(bad)[0]


def test_let_annotation_is_the_expectation():
    d = only('fn main() do\n  let x :: Int = "hello"\nend\n', "E0001")
    assert d.headline == "expected Int, found String"
    assert labels(d) == ["expected Int from annotation"]


def test_return_is_checked_against_declared_type():
    d = only('fn f(x :: Int) -> Int do\n  return "s"\nend\nfn main() = f(1)\n', "E0001")
    assert d.headline == "expected Int, found String"


# ---------------------------------------------------------------------------------------
# §8 aliases


def test_alias_is_transparent():
    tys = let_types(
        "type Celsius = Float\n\nfn warm(t :: Celsius) -> Bool = t > 20.0\n\n"
        "fn main() do\n  let c :: Celsius = 21.5\n  let w = warm(c)\n  let f :: Float = c\nend\n"
    )
    assert tys == {"c": "Float", "w": "Bool", "f": "Float"}


def test_alias_mismatch_shows_target_type():
    d = only("type Celsius = Float\n\nfn main() do\n  let x :: Celsius = 1\nend\n", "E0001")
    assert d.headline == "expected Float, found Int"


def test_generic_alias_and_alias_defined_after_use():
    tys = let_types(
        "fn swap(p :: Pair<Int, String>) -> Pair<String, Int> do\n"
        "  case p do\n    (a, b) -> (b, a)\n  end\nend\n\n"
        'fn main() do\n  let x = swap((1, "a"))\nend\n\n'
        "type Pair<A, B> = (A, B)\n"
    )
    assert tys["x"] == "(String, Int)"


def test_alias_to_undefined_type_is_e0045():
    d = only("type Temp = Degrees\n\nfn main() do\n  1\nend\n", "E0045")
    assert d.headline == "type alias `Temp` references undefined type `Degrees`"
    assert labels(d) == ["`Degrees` is not defined"]
    assert d.help == "define `Degrees` as a struct, sum type, or type alias before using it here"


@pytest.mark.parametrize(
    "aliases",
    [
        "type A = B\ntype B = A\n",
        "type A = A?\n",
        "type A = List<B>\ntype B = (A, Int)\n",
        "type A<T> = List<A<T>>\n",
    ],
)
def test_cyclic_alias_is_an_error_not_a_crash(aliases):
    diags, _ = check(aliases + "\nfn f(x :: A) = x\n\nfn main() do\n  1\nend\n")
    assert diags and diags[0].code == "E0045"
    assert "cyclic" in diags[0].headline


# ---------------------------------------------------------------------------------------
# §6 structs

POINT = "struct P do\n  x :: Int\n  y :: Int\nend\n\n"


def test_struct_literal_missing_field():
    d = only(POINT + "fn main() do\n  P { x: 1 }\nend\n", "E0009")
    assert d.headline == "missing field y in struct P"
    assert (
        labels(d) == ["field `y` is required"]
        and d.help == "give every field a value: `P { x: 1, y: 0 }`"
    )


def test_struct_literal_unknown_field():
    d = only(POINT + "fn main() do\n  P { x: 1, y: 2, z: 3 }\nend\n", "E0009")
    assert d.headline == "unknown field z in struct P"
    assert labels(d) == ["`P` has no field `z`"]


def test_unknown_struct_is_e0052():
    d = only("fn main() do\n  Q { x: 1 }\nend\n", "E0052")
    assert d.headline == "unknown struct `Q`"


def test_field_access_on_unknown_field():
    d = only(POINT + "fn main() do\n  let p = P { x: 1, y: 2 }\n  p.z\nend\n", "E0009")
    assert d.headline.startswith("type ") and d.headline.endswith("P has no field z")
    assert labels(d) == ["no field `z`"]


def test_struct_update_errors_and_type():
    d = only(POINT + "fn main() do\n  let p = P { x: 1, y: 2 }\n  %{p | w: 1}\nend\n", "E0009")
    assert d.headline == "unknown field w in struct P"
    d = only(POINT + 'fn main() do\n  let p = P { x: 1, y: 2 }\n  %{p | x: "s"}\nend\n', "E0001")
    assert d.headline == "expected Int, found String"
    tys = let_types(
        POINT + "fn main() do\n  let p = P { y: 2, x: 1 }\n  let q = %{p | x: 5}\nend\n"
    )
    assert tys["q"] == tys["p"] and tys["p"].endswith("P")


def test_generic_struct_literal_instantiates():
    tys = let_types(
        "struct Pair<A, B> do\n  left :: A\n  right :: B\nend\n\n"
        'fn main() do\n  let p = Pair { left: 1, right: "a" }\n  let r = p.right\nend\n'
    )
    assert tys["p"].endswith("Pair<Int, String>") and tys["r"] == "String"


# ---------------------------------------------------------------------------------------
# §7 sum types

TOK = "type Tok do\n  Num(Int)\n  Word(text :: String)\n  Eof\nend\n\n"


def test_constructors_are_functions_and_values():
    tys = let_types(
        TOK + "type Maybe<T> do\n  Just(T)\n  Nothing\nend\n\n"
        "fn main() do\n  let f = Num\n  let xs = List.map([1, 2], Num)\n"
        '  let w = Tok.Word("hi")\n  let e = Eof\n  let m :: Maybe<Int> = Nothing\n'
        '  let j = Just("x")\nend\n'
    )
    assert tys["f"] == "(Int) -> Tok"
    assert tys["xs"] == "List<Tok>"
    assert tys["w"] == tys["e"] == "Tok"
    assert tys["m"] == "Maybe<Int>" and tys["j"] == "Maybe<String>"


def test_constructor_argument_checked():
    d = only(TOK + 'fn main() do\n  Num("x")\nend\n', "E0001")
    assert labels(d) == ["argument 1 has type String, expected Int"]


def test_option_result_sugar_in_annotations():
    tys = let_types(
        "fn main() do\n  let a :: Int!String = Ok(1)\n  let b :: Int? = None\n"
        '  let c :: Int!String? = Err(Some("e"))\nend\n'
    )
    assert tys["a"] == "Result<Int, String>"
    assert tys["b"] == "Option<Int>"
    assert tys["c"] == "Result<Int, Option<String>>"


# ---------------------------------------------------------------------------------------
# §13.2 `?`


def test_try_in_function_returning_int_is_e0036_with_note():
    d = only("fn a(x :: Int?) -> Int do\n  let v = x?\n  v\nend\nfn main() = 1\n", "E0036")
    assert d.headline == "`?` operator requires function to return `Result` or `Option`"
    assert labels(d) == ["cannot use `?` here"]
    assert d.note == (
        "the enclosing function returns `Int`, but `?` requires `Result<_, _>` or `Option<_>`"
    )


def test_try_option_in_result_function_is_e0036():
    d = only("fn a(x :: Int?) -> Int!String do\n  Ok(x?)\nend\nfn main() = 1\n", "E0036")
    assert "returns `Result<Int, String>`" in d.note


def test_try_result_error_types_differ_without_from_is_e0036():
    d = only("fn d(x :: Int!String) -> Int!Int do\n  Ok(x?)\nend\nfn main() = 1\n", "E0036")
    assert "Result<Int, Int>" in d.note


def test_try_on_non_result_is_e0037():
    d = only("fn b(x :: Int) -> Int? do\n  Some(x?)\nend\nfn main() = 1\n", "E0037")
    assert d.headline == "`?` requires `Result` or `Option`"
    assert labels(d) == ["type `Int` is not `Result` or `Option`"]
    assert d.message == "`?` operator requires `Result` or `Option`, found `Int`"


def test_try_constrains_unannotated_function():
    d = only(
        "fn c(x :: Int!String) do\n  let v = x?\n  Ok(v)\nend\n\n"
        "fn main() do\n  let q :: Int!Bool = c(Ok(1))\nend\n",
        "E0001",
    )
    assert d.headline == "expected Result<Int, Bool>, found Result<Int, String>"


def test_try_option_inside_closure_refers_to_closure():
    tys = let_types(
        "fn main() -> Int do\n  let f = fn o -> Some(o? + 1) end\n  let r = f(Some(1))\n  0\nend\n"
    )
    assert tys["f"] == "(Option<Int>) -> Option<Int>"
    assert tys["r"] == "Option<Int>"


def test_try_converts_error_with_from_impl():
    diags, _ = check(
        "struct ParseFailure do\n  reason :: String\nend\n\n"
        "impl From<String> for ParseFailure do\n"
        "  fn from(msg :: String) -> ParseFailure do\n"
        '    ParseFailure { reason: "parse: " <> msg }\n  end\nend\n\n'
        "fn read_age(raw :: String) -> Int!String do\n  Err(raw)\nend\n\n"
        "fn next_age(raw :: String) -> Int!ParseFailure do\n"
        "  let age = read_age(raw)?\n  Ok(age + 1)\nend\n\n"
        'fn main() do\n  next_age("x")\nend\n'
    )
    assert [d.code for d in diags] == []


# ---------------------------------------------------------------------------------------
# §15 exhaustiveness and redundancy


LIGHT = "type Light do\n  Red\n  Amber\n  Green\nend\n\n"


def test_missing_nullary_variant_witness():
    d = only(
        LIGHT + "fn step(l :: Light) -> Light do\n  case l do\n    Red -> Green\n"
        "    Green -> Amber\n  end\nend\nfn main() = 1\n",
        "E0012",
    )
    assert d.severity == "error"
    assert d.headline == "non-exhaustive match on `Light`"
    assert labels(d) == ["missing: Amber"]
    assert d.message == "non-exhaustive match on `Light`: missing patterns [Amber]"


def test_missing_payload_variant_witnesses():
    d = only(
        "type Sh do\n  Dot\n  Circle(Float)\n  Rect(Float, Float)\nend\n\n"
        "fn s(x :: Sh) -> Int do\n  case x do\n    Dot -> 1\n  end\nend\nfn main() = 1\n",
        "E0012",
    )
    assert labels(d) == ["missing: Circle(_), Rect(_, _)"]


def test_missing_some_witness():
    d = only(
        "fn o(x :: Int?) -> Int do\n  case x do\n    None -> 0\n  end\nend\nfn main() = 1\n",
        "E0012",
    )
    assert d.headline == "non-exhaustive match on `Option<Int>`"
    assert labels(d) == ["missing: Some(_)"]


def test_missing_bool_witness_and_guarded_arms_do_not_count():
    d = only(
        "fn b(x :: Bool) -> Int do\n  case x do\n    true -> 1\n"
        "    false when 1 > 0 -> 2\n  end\nend\nfn main() = 1\n",
        "E0012",
    )
    assert labels(d) == ["missing: false"]


def test_nested_variant_exhaustiveness():
    d = only(
        LIGHT + "fn f(x :: Light?) -> Int do\n  case x do\n    None -> 0\n"
        "    Some(Red) -> 1\n    Some(Green) -> 2\n  end\nend\nfn main() = 1\n",
        "E0012",
    )
    # Spec 02 §15: a sum-type witness is the variant with its payload as underscores.
    assert labels(d) == ["missing: Some(_)"]


def test_infinite_type_needs_catch_all():
    d = only(
        "fn f(x :: Int) -> Int do\n  case x do\n    0 -> 1\n  end\nend\nfn main() = 1\n", "E0012"
    )
    assert labels(d) == ["missing: _"]


def test_redundant_arms_are_numbered_one_based():
    diags, _ = check(
        "fn red(x :: Int) -> Int do\n  case x do\n    _ -> 1\n    1 -> 2\n"
        "    n when n > 0 -> 3\n  end\nend\nfn main() = 1\n"
    )
    assert [(d.code, d.severity, d.headline) for d in diags] == [
        ("W0001", "warning", "redundant match arm (arm 2)"),
        ("W0001", "warning", "redundant match arm (arm 3)"),
    ]
    assert labels(diags[0]) == ["this arm is unreachable"]
    assert diags[0].message == "redundant match arm at index 1"


def test_redundant_variant_arm():
    diags, _ = check(
        LIGHT + "fn f(l :: Light) -> Int do\n  case l do\n    Red -> 1\n"
        "    Amber | Green -> 2\n    Green -> 3\n  end\nend\nfn main() = 1\n"
    )
    assert [(d.code, d.headline) for d in diags] == [("W0001", "redundant match arm (arm 3)")]


def _diag_list(src: str) -> list[tuple[str, str, str, list[str]]]:
    return [(d.code, d.severity, d.headline, labels(d)) for d in check(src)[0]]


def test_arm_after_cons_reached_by_empty_list_is_not_redundant():
    # Issue 19: `[]` reaches `_ -> acc`, so it is not redundant (spec 02 §15).
    src = (
        "fn count(ws :: List<String>, acc :: Int) -> Int do\n  case ws do\n"
        "    w :: rest -> count(rest, acc + 1)\n    _ -> acc\n  end\nend\nfn main() = 1\n"
    )
    assert _diag_list(src) == []
    src = (
        "fn f(xs :: List<Int>) -> Int do\n  case xs do\n    h :: t -> h\n    [] -> 0\n"
        "  end\nend\nfn main() = 1\n"
    )
    assert _diag_list(src) == []


def test_list_arms_that_no_value_reaches_are_redundant():
    src = (
        "fn f(xs :: List<Int>) -> Int do\n  case xs do\n    [] -> 0\n    [a] -> a\n"
        "    a :: b :: _ -> b\n    _ -> 9\n    [] -> 1\n  end\nend\nfn main() = 1\n"
    )
    assert [(c, h) for c, _, h, _ in _diag_list(src)] == [
        ("W0001", "redundant match arm (arm 4)"),
        ("W0001", "redundant match arm (arm 5)"),
    ]


def test_cons_alone_compiles_but_warns_about_the_missing_empty_list():
    src = (
        "fn f(xs :: List<Int>) -> Int do\n  case xs do\n    h :: _ -> h\n  end\nend\n"
        "fn main() = 1\n"
    )
    assert _diag_list(src) == [
        ("E0012", "warning", "non-exhaustive match on `List<Int>`", ["missing: []"])
    ]
    src = (
        "fn f(o :: Option<List<Int>>) -> Int do\n  case o do\n    Some(h :: _) -> h\n"
        "    None -> 0\n  end\nend\nfn main() = 1\n"
    )
    assert _diag_list(src)[0][3] == ["missing: Some([])"]


def test_for_over_user_iterable_and_iterator_types_its_items():
    src = (
        "struct Stack<T> do\n  items :: List<T>\nend\n"
        "impl Iterable for Stack do\n  type Item = T\n  type Iter = ListIterator\n"
        "  fn iter(self) -> ListIterator do\n    Iter.from(self.items)\n  end\nend\n"
        "struct Ticks do\n  src :: ListIterator\nend\n"
        "impl Iterator for Ticks do\n  type Item = Float\n"
        "  fn next(self) -> Option<Float> do\n    self.src.next()\n  end\nend\n"
        'fn main() do\n  let s = Stack { items: ["a"] }\n  let xs = for x in s do x end\n'
        "  let n = Iter.count(s)\n  let ys = List.collect(Ticks { src: Iter.from([1.5]) })\n"
        "  let zs = Iter.from(Stack { items: [true] })\nend\n"
    )
    assert let_types(src) == {
        "s": "Main.Stack<String>",
        "xs": "List<String>",
        "n": "Int",
        "ys": "List<Float>",
        "zs": "Iter<Bool>",
    }


def test_multi_clause_non_exhaustive_is_a_warning():
    diags, _ = check("fn f(0) = 1\nfn f(1) = 2\n\nfn main() = f(0)\n")
    assert [(d.code, d.severity) for d in diags] == [("E0012", "warning")]


# ---------------------------------------------------------------------------------------
# §15 structural rules of multi-clause functions


def test_catch_all_not_last_is_e0022():
    d = only("fn sign(0) = 0\nfn sign(n) = 1\nfn sign(_) = 2\n\nfn main() = sign(1)\n", "E0022")
    assert d.headline == "catch-all clause must be the last clause of function `sign/1`"
    assert labels(d) == ["clauses after a catch-all are unreachable"]


def test_non_consecutive_clauses_is_e0023():
    d = only("fn g(1) = 1\nfn h() = 1\nfn g(_) = 2\n\nfn main() = g(1)\n", "E0023")
    assert d.headline == (
        "function `g/1` already defined; multi-clause functions must have consecutive clauses"
    )
    assert sorted(labels(d)) == ["first definition here", "non-consecutive redefinition here"]


def test_same_name_other_arity_is_a_separate_function():
    assert codes("fn g(x) = x\nfn h() = 1\nfn g(x, y) = y\n\nfn main() = g(1, g(2))\n") == []


def test_annotations_on_non_first_clause_are_w0002():
    diags, _ = check("fn k(0) = 0\npub fn k(n :: Int) -> Int = n\n\nfn main() = k(1)\n")
    got = [(d.code, d.severity, d.headline) for d in diags]
    assert ("W0002", "warning", "visibility on non-first clause of `k` will be ignored") in got
    assert (
        "W0002",
        "warning",
        "return type annotation on non-first clause of `k` will be ignored",
    ) in got
    assert not [d for d in diags if d.severity == "error"]


# ---------------------------------------------------------------------------------------
# other diagnostics


def test_arity_mismatch_e0003():
    d = only("fn two(a, b) = a + b\n\nfn main() do\n  two(1)\nend\n", "E0003")
    assert d.headline == "expected 2 argument(s), found 1"
    assert d.help == "missing 1 argument(s)"
    d = only("fn two(a, b) = a + b\n\nfn main() do\n  two(1, 2, 3)\nend\n", "E0003")
    assert d.help == "1 extra argument(s)"


def test_undefined_variable_did_you_mean_e0004():
    d = only("fn main() do\n  let count = 1\n  cuont + 1\nend\n", "E0004")
    assert d.headline == "undefined variable: cuont"
    assert labels(d) == ["not found in this scope"]
    assert d.help == "did you mean `count`?"
    d = only("fn main() do\n  zzzzzz\nend\n", "E0004")
    assert d.help is None


def test_calling_a_non_function_e0005():
    d = only("fn main() do\n  let n = 5\n  n(1)\nend\n", "E0005")
    assert d.headline == "type Int is not callable"
    assert labels(d) == ["Int is not a function"]


def test_or_pattern_binding_mismatch_e0011():
    d = only(
        "fn main() do\n  case (1, 2) do\n    (x, 1) | (1, y) -> 1\n    _ -> 2\n  end\nend\n",
        "E0011",
    )
    assert d.headline == "or-pattern alternatives bind different variables: [x] vs [y]"


def test_break_continue_outside_loop():
    d = only("fn main() do\n  break\nend\n", "E0032")
    assert d.headline == "`break` outside of loop"
    d = only("fn main() do\n  continue\nend\n", "E0033")
    assert d.headline == "`continue` outside of loop"
    assert (
        codes(
            "fn main() do\n  for i in 0..3 do\n    if i == 1 do\n      continue\n"
            "    end\n    break\n  end\nend\n"
        )
        == []
    )


def test_break_inside_closure_inside_loop_is_an_error():
    d = only(
        "fn main() do\n  while true do\n    let f = fn -> break end\n    f()\n  end\nend\n", "E0032"
    )
    assert d.headline == "`break` outside of loop"
    d = only(
        "fn main() do\n  for i in [1] do\n    List.map([1], fn x -> continue end)\n  end\nend\n",
        "E0033",
    )


def test_slot_out_of_range_e0044_k_at_least_two():
    d = only("fn two(a, b) = a + b\n\nfn main() do\n  3 |3> two(1)\nend\n", "E0044")
    assert d.headline == (
        "slot position 3 is out of range: `two` takes 2 arguments, so valid slot positions are 2–2"
    )
    assert d.json_message == d.headline


@pytest.mark.parametrize(("k", "params", "args"), [(0, "", ""), (1, "a", "")])
def test_slot_out_of_range_e0044_k_at_most_one(k, params, args):
    d = only(f"fn h({params}) = 1\n\nfn main() do\n  3 |2> h({args})\nend\n", "E0044")
    head = f"slot position 2 is out of range: `h` takes {k} argument(s)"
    assert d.headline == head
    assert d.message == head + ", so valid slot positions are none — use |> instead"


def test_slot_within_range_is_fine():
    assert codes("fn two(a, b) = a - b\n\nfn main() do\n  3 |2> two(1)\nend\n") == []


# ---------------------------------------------------------------------------------------
# robustness


def test_3000_element_list_literal():
    items = ", ".join(str(i) for i in range(3000))
    tys = let_types(f"fn main() do\n  let xs = [{items}]\nend\n")
    assert tys["xs"] == "List<Int>"


def test_2000_deep_parenthesised_expression_is_success_or_diagnostic():
    src = "fn main() do\n  let y = " + "(" * 2000 + "1" + " + 1)" * 2000 + "\nend\n"
    reporter = Reporter()
    module = parse_module(SourceFile("main.mpl", src), "Main", reporter)
    if module is None:
        assert [d.code for d in reporter.items] == ["P0001"]
    else:
        check_program([module], "Main", reporter)
        assert not reporter.has_errors, [d.code for d in reporter.items]


def test_2000_deep_left_nested_binary_chain_checks():
    src = "fn main() do\n  let w = " + "1 + " * 2000 + "1\nend\n"
    reporter = Reporter()
    module = parse_module(SourceFile("main.mpl", src), "Main", reporter)
    assert module is not None
    check_program([module], "Main", reporter)
    assert not reporter.has_errors, [d.code for d in reporter.items]


def test_100_step_pipe_chain_checks():
    src = "fn inc(x) = x + 1\n\nfn main() do\n  let w = 0" + " |> inc()" * 100 + "\nend\n"
    assert let_types(src)["w"] == "Int"


def test_600_step_pipe_chain_is_success_or_diagnostic():
    src = "fn inc(x) = x + 1\n\nfn main() do\n  let w = 0" + " |> inc()" * 600 + "\nend\n"
    reporter = Reporter()
    module = parse_module(SourceFile("main.mpl", src), "Main", reporter)
    assert module is not None
    check_program([module], "Main", reporter)


# -- shared type DAGs (issue 13): each node is visited once, never the expanded tree -----------


def _doubled(depth: int, leaf):
    from mesh.compiler.types.ty import tuple_of

    t = leaf
    for _ in range(depth):
        t = tuple_of(t, t)  # 2^depth leaves as a tree, depth + 1 nodes as a DAG
    return t


def test_occurs_generalize_and_substitute_walk_a_shared_type_once():
    from mesh.compiler.types.ty import TVar, prune
    from mesh.compiler.types.unify import generalize, instantiate, occurs, unify

    a = TVar(5)
    big = _doubled(80, a)
    assert not occurs(TVar(1), big, 1)
    assert a.level == 1  # the occurs check lowers levels inside the type
    b = TVar(9)
    scheme = generalize(_doubled(80, b), 3)
    assert scheme.vars == [b]
    inst = instantiate(scheme, 4)
    copy = prune(inst)
    assert copy.args[0] is copy.args[1]  # sharing survives instantiation
    unify(inst, _doubled(80, TVar(4)))


def test_show_elides_a_huge_type():
    from mesh.compiler.types.ty import INT, SHOW_LIMIT

    text = show(_doubled(60, INT))
    assert text.startswith("((((") and "..." in text
    assert text.count("Int") < SHOW_LIMIT
