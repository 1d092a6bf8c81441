"""Parser edge cases (spec 01 §4–§11): precedence, pipe desugaring, closures, trailing
closures, literals, control flow, decorators, imports, items and parse-error texts."""

from __future__ import annotations

import pytest

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile


def parse(src: str) -> A.Module:
    reporter = Reporter()
    module = parse_module(SourceFile("t.mpl", src), "Main", reporter)
    assert module is not None, [d.headline for d in reporter.items]
    assert not reporter.items
    return module


def body(src: str) -> list:
    """Statements of `fn main() do <src> end`."""
    return parse(f"fn main() do\n{src}\nend\n").items[0].body.stmts


def expr(src: str):
    [stmt] = body(src)
    return stmt


def perr(src: str) -> str:
    reporter = Reporter()
    assert parse_module(SourceFile("t.mpl", src), "Main", reporter) is None
    [diag] = reporter.items
    assert diag.code == "P0001"
    assert diag.headline.startswith("Parse error: ")
    return diag.headline.removeprefix("Parse error: ")


def sx(e) -> str:
    """Compact s-expression of an expression, for shape assertions."""
    if isinstance(e, A.Name):
        return e.name
    if isinstance(e, (A.IntLit, A.FloatLit)):
        return str(e.value)
    if isinstance(e, A.BoolLit):
        return "true" if e.value else "false"
    if isinstance(e, A.StringLit):
        return repr("".join(p for p in e.parts if isinstance(p, str)))
    if isinstance(e, A.Binary):
        return f"({e.op} {sx(e.left)} {sx(e.right)})"
    if isinstance(e, A.Unary):
        return f"({e.op} {sx(e.operand)})"
    if isinstance(e, A.Field):
        return f"(. {sx(e.obj)} {e.name})"
    if isinstance(e, A.Try):
        return f"(? {sx(e.expr)})"
    if isinstance(e, A.Call):
        return "(call " + " ".join([sx(e.callee)] + [sx(a) for a in e.args]) + ")"
    if isinstance(e, A.TupleLit):
        return "(tuple " + " ".join(sx(a) for a in e.items) + ")"
    if isinstance(e, A.ListLit):
        return "[" + " ".join(sx(a) for a in e.items) + "]"
    if isinstance(e, A.Closure):
        return f"<closure/{len(e.clauses)}>"
    if isinstance(e, A.Block):
        return "{" + "; ".join(sx(s) for s in e.stmts) + "}"
    if isinstance(e, A.If):
        return f"(if {sx(e.cond)} {sx(e.then)} {sx(e.else_) if e.else_ else '-'})"
    if isinstance(e, A.Case):
        return f"(case {sx(e.scrutinee)})"
    if isinstance(e, A.Return):
        return f"(return {sx(e.value) if e.value else '-'})"
    return type(e).__name__


def psx(p) -> str:
    if isinstance(p, A.PWild):
        return "_"
    if isinstance(p, A.PVar):
        return p.name
    if isinstance(p, A.PLit):
        return repr(p.value)
    if isinstance(p, A.PAtom):
        return ":" + p.name
    if isinstance(p, A.PTuple):
        return "(" + ", ".join(psx(i) for i in p.items) + ")"
    if isinstance(p, A.PList):
        return "[" + ", ".join(psx(i) for i in p.items) + "]"
    if isinstance(p, A.PCtor):
        name = ".".join(p.path)
        return name if p.args is None else f"{name}(" + ", ".join(psx(a) for a in p.args) + ")"
    if isinstance(p, A.PCons):
        return f"({psx(p.head)} :: {psx(p.tail)})"
    if isinstance(p, A.POr):
        return "(" + " | ".join(psx(a) for a in p.alts) + ")"
    if isinstance(p, A.PAs):
        return f"({psx(p.pattern)} as {p.name})"
    raise AssertionError(p)


# ---------------------------------------------------------------------------------------
# §7.4 precedence


@pytest.mark.parametrize(
    ("src", "shape"),
    [
        ("not a == b", "(== (not a) b)"),
        ("!a == b", "(== (not a) b)"),
        ("-x.y?", "(- (? (. x y)))"),
        ("a |> f == b", "(call (== f b) a)"),
        ("a and b |> f", "(call f (and a b))"),
        ("0..n - 1", "(.. 0 (- n 1))"),
        ("s <> n + 1", "(<> s (+ n 1))"),
        ("a < b < c", "(< (< a b) c)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a or b and c", "(or a (and b c))"),
        ("a || b && c", "(or a (and b c))"),
        ("a == b < c", "(== a (< b c))"),
        ("a ++ b * c % d", "(<> a (% (* b c) d))"),
        ("a .. b <> c", "(.. a (<> b c))"),
        ("- - x", "(- (- x))"),
        ("f(x)?.y", "(. (? (call f x)) y)"),
    ],
)
def test_operator_precedence(src, shape):
    assert sx(expr(src)) == shape


def test_control_flow_expressions_are_operands():
    assert sx(expr("1 + if c do 1 else 2 end")) == "(+ 1 (if c {1} {2}))"
    assert sx(expr("case x do\n _ -> 1\nend |> f")) == "(call f (case x))"


# ---------------------------------------------------------------------------------------
# §7.5 pipes


@pytest.mark.parametrize(
    ("src", "shape"),
    [
        ("x |> f(a, b)", "(call f x a b)"),
        ("x |> Mod.f(a)", "(call (. Mod f) x a)"),
        ("x |> g", "(call g x)"),
        ("x |> Mod.g", "(call (. Mod g) x)"),
        ("x |> (f(a))", "(call (call f a) x)"),
        ("x |> fn v -> v end", "(call <closure/1> x)"),
        ("x |2> f(a, b)", "(call f a x b)"),
        ("x |3> f(a, b)", "(call f a b x)"),
        ("x |5> f(a)", "(call f a x)"),
        ("x |2> f()", "(call f x)"),
        ("x |3> g", "(call g x)"),
        ("x |> f() |> g(1)", "(call g (call f x) 1)"),
        ("7\n  |2> scale(10)\n  |> scale(2)", "(call scale (call scale 10 7) 2)"),
    ],
)
def test_pipe_desugaring(src, shape):
    assert sx(expr(src)) == shape


def test_slot_pipe_records_slot_for_e0044_and_plain_pipe_does_not():
    call = expr("x |4> f(a)")
    assert call.slot is not None and call.slot[0] == 4
    assert expr("x |> f(a)").slot is None
    assert expr("x |3> g").slot is None


def test_pipe_keeps_keyword_arguments():
    call = expr("x |> f(a, k: 1)")
    assert sx(call) == "(call f x a)"
    assert [k for k, _, _ in call.kwargs] == ["k"]


# ---------------------------------------------------------------------------------------
# §7.9 closures


def closure(src: str) -> A.Closure:
    [let] = body(f"let c = {src}")
    e = let.value
    assert isinstance(e, A.Closure)
    return e


def params_of(c: A.Closure, i: int = 0) -> list[str]:
    return [psx(p.pattern) for p in c.clauses[i].params]


@pytest.mark.parametrize(
    ("src", "params"),
    [
        ("fn x -> x * 2 end", ["x"]),
        ("fn acc, x -> acc + x end", ["acc", "x"]),
        ("fn(x) -> x + 1 end", ["x"]),
        ("fn (a, b) -> a end", ["a", "b"]),
        ("fn row do row end", ["row"]),
        ("fn(req) do req end", ["req"]),
        ("fn -> 99 end", []),
        ("fn do 99 end", []),
        ("fn () -> 99 end", []),
        ('fn (0) -> "zero" end', ["0"]),
        ("fn Some(v) -> v end", ["Some(v)"]),
        ("fn Shape.Circle(r) -> r end", ["Shape.Circle(r)"]),
        ('fn "ok" -> 1 end', ["'ok'"]),
        ("fn -1 -> 0 end", ["-1"]),
        ("fn _ -> 0 end", ["_"]),
        ("fn ((a, b)) -> a end", ["(a, b)"]),
        ("fn :ok -> 1 end", [":ok"]),
        ("fn None -> 0 end", ["None"]),
    ],
)
def test_closure_parameter_forms(src, params):
    c = closure(src)
    assert len(c.clauses) == 1
    assert params_of(c) == params


def test_closure_annotated_params():
    c = closure("fn (x :: Int, y :: Int) -> x * y end")
    assert [p.annotation.path for p in c.clauses[0].params] == [["Int"], ["Int"]]
    c = closure("fn n :: Int -> n + 1 end")
    assert params_of(c) == ["n"]
    assert c.clauses[0].params[0].annotation.path == ["Int"]
    assert sx(c.clauses[0].body) == "{(+ n 1)}"


def test_closure_guard():
    c = closure("fn x when x > 0 -> x end")
    assert sx(c.clauses[0].guard) == "(> x 0)"


def test_multi_clause_closure():
    c = closure('fn 0 -> "zero" | n when n < 0 -> "neg" | _ -> "pos" end')
    assert [params_of(c, i) for i in range(3)] == [["0"], ["n"], ["_"]]
    assert c.clauses[0].guard is None and sx(c.clauses[1].guard) == "(< n 0)"
    assert [sx(cl.body) for cl in c.clauses] == ["{'zero'}", "{'neg'}", "{'pos'}"]


def test_multi_clause_closure_with_or_pattern_first_param():
    c = closure('fn 0 | 1 -> "small" | _ -> "big" end')
    assert len(c.clauses) == 2
    assert params_of(c, 0) == ["(0 | 1)"]
    assert params_of(c, 1) == ["_"]


def test_multi_clause_closure_do_clause():
    c = closure('fn 0 -> "z" | _ do\n  let a = 1\n  "o"\nend end')
    assert len(c.clauses) == 2
    assert sx(c.clauses[1].body) == "{Let; 'o'}"


def test_closure_arrow_body_is_a_statement_sequence():
    c = closure("fn x ->\n  let y = x * 2\n  y + 1\nend")
    stmts = c.clauses[0].body.stmts
    assert isinstance(stmts[0], A.Let) and sx(stmts[1]) == "(+ y 1)"


def test_statement_starting_fn_name_is_a_definition():
    [stmt] = body("fn helper(x) = x")
    assert isinstance(stmt, A.FnDef) and stmt.name == "helper"
    [stmt] = body("fn row do row end")
    assert isinstance(stmt, A.FnDef) and stmt.name == "row" and not stmt.has_params


# ---------------------------------------------------------------------------------------
# §7.3 trailing closures


def test_trailing_closure_with_params():
    call = expr("f(1) do |a, b :: Int|\n  a\nend")
    assert sx(call) == "(call f 1 <closure/1>)"
    clause = call.args[1].clauses[0]
    assert [p.pattern.name for p in clause.params] == ["a", "b"]
    assert clause.params[1].annotation.path == ["Int"]


def test_trailing_closure_without_params():
    call = expr("f(1) do\n  2\nend")
    assert call.args[1].clauses[0].params == []


def test_trailing_closure_empty_bars_rejected():
    assert perr("fn main() do\n  f(1) do || 2 end\nend\n") == (
        "`do || ... end` is not valid; write `do ... end`"
    )


@pytest.mark.parametrize(
    "src",
    [
        "if f(x) do\n  1\nend",
        "while f(x) do\n  1\nend",
        "case f(x) do\n  _ -> 1\nend",
        "for i in f(x) do\n  i\nend",
        "for i in xs when f(i) do\n  i\nend",
    ],
)
def test_no_trailing_closure_in_condition_positions(src):
    e = expr(src)
    cond = {
        A.If: lambda e: e.cond,
        A.While: lambda e: e.cond,
        A.Case: lambda e: e.scrutinee,
        A.For: lambda e: e.filter or e.iterable,
    }[type(e)](e)
    assert isinstance(cond, A.Call) and len(cond.args) == 1


def test_no_trailing_closure_in_function_guard():
    fn = parse("fn f(x) when ok(x) do\n  x\nend\n").items[0]
    assert sx(fn.guard) == "(call ok x)"
    assert sx(fn.body) == "{x}"


def test_trailing_closure_allowed_again_inside_condition_body():
    e = expr("if c do\n  f(1) do 2 end\nend")
    assert sx(e.then) == "{(call f 1 <closure/1>)}"


def test_trailing_closure_allowed_inside_parens_in_condition():
    e = expr("if (f(1) do 2 end) do\n  3\nend")
    assert sx(e.cond) == "(call f 1 <closure/1>)"


# ---------------------------------------------------------------------------------------
# §7.2 literals


def test_struct_literal_forms():
    e = expr("Point { x: 1, y: 2 }")
    assert isinstance(e, A.StructLit) and e.path == ["Point"]
    assert [f for f, _, _ in e.fields] == ["x", "y"]
    assert expr("Point { x: 1 y: 2 }").fields[1][0] == "y"
    assert expr("Point {}").fields == []
    assert expr("Geo.Point { x: 1 }").path == ["Geo", "Point"]


def test_brace_object_json_map_and_update():
    e = expr('{status: "ok", n: 3,}')
    assert isinstance(e, A.JsonLit) and [f for f, _, _ in e.fields] == ["status", "n"]
    assert isinstance(expr("json { n: 3 }"), A.JsonLit)
    assert expr("{}").fields == []
    m = expr('%{"k" => 1, 2 => 3,}')
    assert isinstance(m, A.MapLit) and len(m.entries) == 2
    assert isinstance(expr("%{}"), A.MapLit)
    assert isinstance(expr("% {1 => 2}"), A.MapLit)
    u = expr("%{base | f: 1, g: 2}")
    assert isinstance(u, A.StructUpdate) and sx(u.base) == "base"
    assert [f for f, _, _ in u.fields] == ["f", "g"]


def test_modulo_after_operand_is_not_a_map():
    assert sx(expr("a % b")) == "(% a b)"


def test_lowercase_or_parenthesised_name_before_brace_is_not_a_struct_literal():
    stmts = body("x {a: 1}")
    assert [type(s).__name__ for s in stmts] == ["Name", "JsonLit"]
    stmts = body("(Point) {a: 1}")
    assert [type(s).__name__ for s in stmts] == ["Name", "JsonLit"]


def test_keyword_field_name_rejected():
    assert perr("fn main() do\n  json { type: 1 }\nend\n") == (
        "`type` is a keyword and cannot be used as a field name"
    )


@pytest.mark.parametrize(
    ("src", "shape"),
    [
        ("(x)", "x"),
        ("(x,)", "x"),
        ("(x, y)", "(tuple x y)"),
        ("(x, y,)", "(tuple x y)"),
        ("()", "(tuple )"),
        ("[a, b,]", "[a b]"),
        ("[]", "[]"),
    ],
)
def test_parens_are_grouping_not_one_tuples(src, shape):
    assert sx(expr(src)) == shape


def test_tuple_field_access_is_rejected():
    assert "tuple fields" in perr("fn main() do\n  t.0\nend\n")


# ---------------------------------------------------------------------------------------
# §7.1 / §7.7 / §7.11 statements and control flow


def test_return_with_and_without_value():
    stmts = body("return\nreturn 1 + 2")
    assert [sx(s) for s in stmts] == ["(return -)", "(return (+ 1 2))"]
    assert sx(expr("if c do return else 1 end")) == "(if c {(return -)} {1})"
    arm = expr("case x do\n  _ -> return 1\nend").arms[0]
    assert sx(arm.body) == "(return 1)"


def test_semicolon_separates_statements():
    stmts = body("let a = 1; let b = a + 1")
    assert len(stmts) == 2 and all(isinstance(s, A.Let) for s in stmts)


def test_let_tuple_pattern_and_annotation():
    [let] = body("let (a, (b, _)) :: (Int, (Int, Int)) = t")
    assert psx(let.pattern) == "(a, (b, _))"
    assert isinstance(let.annotation, A.TTuple)


def test_let_constructor_pattern_is_a_parse_error():
    assert "expected a name or tuple pattern after `let`" in perr(
        "fn main() do\n  let Some(x) = y\nend\n"
    )


def test_else_if_chain_shares_one_end():
    e = expr("if a do\n  1\nelse if b do\n  2\nelse if c do\n  3\nelse\n  4\nend")
    assert sx(e) == "(if a {1} (if b {2} (if c {3} {4})))"


def test_else_on_same_line_one_liner():
    assert sx(expr("if ok do 1 else 2 end")) == "(if ok {1} {2})"


def test_receive_after_on_its_own_line():
    e = expr("receive do\n  n -> n\nafter 1000 -> 0\nend")
    assert isinstance(e, A.Receive) and len(e.arms) == 1
    assert sx(e.after[0]) == "1000" and sx(e.after[1]) == "0"
    e = expr("receive do\n  n -> n\n  after 5 -> 0\n\nend")
    assert sx(e.after[1]) == "0"


def test_receive_after_must_be_last():
    assert perr("fn main() do\n  receive do\n    after 1 -> 0\n    n -> n\n  end\nend\n") == (
        "the `after` clause must come last in `receive`"
    )


def test_receive_arm_do_body_and_atom_tuple_pattern():
    e = expr("receive do\n  (:nodedown, node) -> do\n    node\n  end\nend")
    assert psx(e.arms[0].pattern) == "(:nodedown, node)"
    assert isinstance(e.arms[0].body, A.Block)


def test_case_arm_body_on_next_line_must_be_indented_more_than_the_arm():
    assert perr("fn main() do\n  case x do\n    _ ->\n    1\n  end\nend\n") == (
        "expected expression"
    )
    e = expr("  case x do\n    _ ->\n      1\n  end")
    assert sx(e.arms[0].body.stmts[0]) == "1"


def test_indented_arm_body_is_a_statement_block_up_to_the_next_arm():
    e = expr(
        "  case x do\n    0 ->\n      let y = 1\n      y + 2\n    n when n > 0 -> n\n"
        "    _ ->\n      a\n      b\n  end"
    )
    first, second, third = e.arms
    assert isinstance(first.body, A.Block) and len(first.body.stmts) == 2
    assert isinstance(first.body.stmts[0], A.Let) and sx(first.body.stmts[1]) == "(+ y 2)"
    assert sx(second.body) == "n"
    assert [sx(s) for s in third.body.stmts] == ["a", "b"]


def test_indented_arm_body_inside_brackets_and_nested_case():
    # Inside brackets newlines are not tokens; the arm body still ends at the dedent.
    e = expr("  f(case x do\n    0 ->\n      a\n      b\n    _ -> c\n  end)")
    arms = e.args[0].arms
    assert [sx(s) for s in arms[0].body.stmts] == ["a", "b"] and sx(arms[1].body) == "c"
    e = expr(
        "  case x do\n    0 ->\n      case y do\n        1 ->\n          a\n"
        "        _ -> b\n      end\n    _ -> c\n  end"
    )
    inner = e.arms[0].body.stmts[0]
    assert isinstance(inner, A.Case) and len(inner.arms) == 2 and len(e.arms) == 2


def test_receive_after_body_on_next_line():
    src = (
        "actor a() do\n  receive do\n    m ->\n      m\n    after 10 ->\n      let z = 1\n"
        "      z\n  end\nend\nfn main() do\n  1\nend\n"
    )
    rec = parse(src).items[0].body.stmts[0]
    assert len(rec.after[1].stmts) == 2


def test_continuation_after_trailing_operator_or_equals_on_deeper_line():
    assert sx(expr("  let x = 1 +\n    2 *\n    3").value) == "(+ 1 (* 2 3))"
    assert sx(expr("  let x =\n    a and\n      b").value) == "(and a b)"
    # Multi-clause short form: `fn f(x) =` then the body on a deeper line.
    fn = parse("fn f(x) =\n  x + 1\nfn main() do\n  1\nend\n").items[0]
    assert sx(fn.body) == "(+ x 1)"
    # Not deeper than the statement: still an error (spec 01 §3 rule 4).
    assert perr("fn main() do\n  let x = 1 +\n  2\nend\n") == "expected expression"


def test_for_forms():
    e = expr("for {k, v} in m do\n  k\nend")
    assert e.map_entry and [n for n, _ in e.names] == ["k", "v"]
    e = expr("for i in 0..10 when i % 2 == 1 do\n  i\nend")
    assert not e.map_entry and sx(e.iterable) == "(.. 0 10)"
    assert sx(e.filter) == "(== (% i 2) 1)"
    assert "expected a name" in perr("fn main() do\n  for (a, b) in xs do\n    a\n  end\nend\n")


# ---------------------------------------------------------------------------------------
# §8 patterns


@pytest.mark.parametrize(
    ("pat", "shape"),
    [
        ("Some(1) | None as w", "((Some(1) | None) as w)"),
        ("x | y :: t", "((x | y) :: t)"),
        ("a :: b :: rest", "(a :: (b :: rest))"),
        ("(p)", "p"),
        ("(a, b)", "(a, b)"),
        ("[]", "[]"),
        ("[a, _]", "[a, _]"),
        ("-0.5", "-0.5"),
        ("Shape.Dot", "Shape.Dot"),
        ("nil", "None"),
    ],
)
def test_pattern_shapes(pat, shape):
    arm = expr(f"case v do\n  {pat} -> 1\nend").arms[0]
    assert psx(arm.pattern) == shape


def test_interpolated_string_pattern_rejected():
    assert perr('fn main() do\n  case v do\n    "#{x}" -> 1\n  end\nend\n') == (
        "string interpolation not allowed in patterns"
    )


def test_list_bar_pattern_rejected():
    assert "write `h :: t`" in perr("fn main() do\n  case v do\n    [h | t] -> 1\n  end\nend\n")


# ---------------------------------------------------------------------------------------
# §7.3 calls, keyword arguments


def test_keyword_arguments():
    call = expr('f(a, name: "x", n: 2)')
    assert sx(call) == "(call f a)"
    assert [k for k, _, _ in call.kwargs] == ["name", "n"]


def test_positional_after_keyword_rejected():
    assert perr('fn main() do\n  f(name: "x", a)\nend\n') == (
        "positional argument after keyword arguments"
    )


def test_member_keywords_after_dot():
    assert sx(expr("Node.self()")) == "(call (. Node self))"
    assert sx(expr("Query.where(q)")) == "(call (. Query where) q)"
    assert sx(expr("Ws.send(c, m)")) == "(call (. Ws send) c m)"


def test_keyword_call_forms():
    assert sx(expr("self()")) == "(call self)"
    assert isinstance(expr("self"), A.SelfRef)
    assert sx(expr("monitor(p)")) == "(call monitor p)"
    assert sx(expr("spawn(f, 1, 2)")) == "(call spawn f 1 2)"
    assert perr("fn main() do\n  send\nend\n") == "expected `(` after `send`"


# ---------------------------------------------------------------------------------------
# §5.1 functions and decorators


def test_function_header_parts():
    fn = parse(
        "pub fn clamp<T>(x :: T, lo :: T, hi :: T) -> T where T: Ord, T: Eq when x > 0 do\n"
        "  x\nend\n"
    ).items[0]
    assert fn.is_pub and fn.generics == ["T"] and fn.ret.path == ["T"]
    assert [(a, b) for a, b, _ in fn.where] == [("T", "Ord"), ("T", "Eq")]
    assert sx(fn.guard) == "(> x 0)"
    assert not fn.has_cluster


def test_function_without_param_list_and_one_line_body():
    m = parse('fn main do\n  1\nend\ndef sign(0) = "zero"\n')
    assert m.items[0].has_params is False and m.items[0].params == []
    sign = m.items[1]
    assert psx(sign.params[0].pattern) == "0" and sx(sign.body) == "'zero'"


@pytest.mark.parametrize(
    ("src", "pub", "count"),
    [
        ("@cluster pub fn f() do\n  1\nend\n", True, 2),  # default N = 2 (07 §11.5)
        ("@cluster(2) def f(job) do\n  job\nend\n", False, 2),
        ("@cluster\npub fn f() -> Int do\n  1\nend\n", True, 2),
        ("@cluster(3)\n\ndef f() = 1\n", False, 3),
    ],
)
def test_decorators(src, pub, count):
    fn = parse(src).items[0]
    assert isinstance(fn, A.FnDef) and fn.name == "f"
    assert fn.has_cluster and fn.cluster == count and fn.is_pub is pub
    assert fn.span.start == 0


LEGACY = (
    "legacy `clustered(work)` declarations are no longer supported; "
    "migrate to `@cluster` or `@cluster(N)` before `fn`/`def`"
)


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("@foo fn f() = 1\n", "expected `cluster` after `@`"),
        ("@cluster struct S do\nend\n", "expected `fn` or `def` after `@cluster`"),
        ("@cluster(x) fn f() = 1\n", "expected integer replication count inside `@cluster(...)`"),
        ("@cluster(1, 2) fn f() = 1\n", "expected exactly one replication count in `@cluster(N)`"),
        ("@cluster(1 fn f() = 1\n", "expected `)` to close `@cluster(...)`"),
        ("clustered(work)\n", LEGACY),
        ("clustered pub fn f() = 1\n", LEGACY),
    ],
)
def test_decorator_errors(src, message):
    assert perr(src) == message


# ---------------------------------------------------------------------------------------
# §10 parse-error texts


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("fn main() do\n  let x =\n  1\nend\n", "expected expression"),
        ("fn main() do\n  1 +\nend\n", "expected expression"),
        ("fn main() do\n  1\n", "expected `end` to close `do` block"),
        ("fn main() do\n  let f = (fn x -> x)\nend\n", "unclosed closure -- expected `end`"),
        ("fn f(x) x\n", "expected `=` or `do` for function body"),
        ("from A import *\n", "glob imports are not allowed; import names explicitly"),
        (
            "actor a() do\n  terminate do\n    1\n  end\n  terminate do\n    2\n  end\nend\n",
            "only one `terminate` clause is allowed per actor block",
        ),
        ("let x = 1\n", "expected an item at top level"),
        ("1 + 2\n", "expected an item at top level"),
        ("fn main()\ndo\n  1\nend\n", "expected `=` or `do` for function body"),
        ("supervisor S do\n  bogus: 1\nend\n", "unexpected `bogus` in supervisor body"),
        ("pub actor a() do\n  1\nend\n", "actors take no `pub`; they are always exported"),
        (
            "fn main() do\n  1 |0> f()\nend\n",
            "invalid slot pipe `|0>`; use `|>` to pipe into the first argument",
        ),
        ("fn main() do\n  |> f()\nend\n", "expected expression"),
    ],
)
def test_parse_error_texts(src, message):
    assert perr(src) == message


@pytest.mark.parametrize(
    ("kw", "what"),
    [
        ("struct", "struct definitions"),
        ("type", "type definitions"),
        ("import", "imports"),
        ("actor", "actor definitions"),
        ("module", "module blocks"),
    ],
)
def test_items_inside_blocks_rejected(kw, what):
    assert perr(f"fn main() do\n  {kw} X\nend\n") == (
        f"{what} are only allowed at the top level of a module"
    )


def test_parse_error_span_points_at_offending_token():
    reporter = Reporter()
    src = "fn main() do\n  let x = )\nend\n"
    parse_module(SourceFile("t.mpl", src), "Main", reporter)
    [d] = reporter.items
    assert src[d.span.start : d.span.end] == ")"


# ---------------------------------------------------------------------------------------
# §5.11 imports


def test_from_import_continues_after_trailing_comma():
    m = parse("from Billing.Invoices import total_due,\n  Invoice\nfn main() do\n  1\nend\n")
    imp = m.items[0]
    assert isinstance(imp, A.FromImport) and imp.path == ["Billing", "Invoices"]
    assert [n for n, _ in imp.names] == ["total_due", "Invoice"]
    assert isinstance(m.items[1], A.FnDef)


def test_from_import_parenthesised_multi_line():
    m = parse("from Billing.Tax import (\n  vat_rate,\n  round_cents,\n)\n")
    assert [n for n, _ in m.items[0].names] == ["vat_rate", "round_cents"]


def test_plain_import_and_from_without_trailing_comma():
    m = parse("import Geometry.Shapes\nfrom A import x\nfn main() do\n  1\nend\n")
    assert m.items[0].path == ["Geometry", "Shapes"]
    assert [n for n, _ in m.items[1].names] == ["x"]
    assert len(m.items) == 3


# ---------------------------------------------------------------------------------------
# §5 items


def test_struct_item():
    s = parse(
        "pub struct Pair<A, B> do\n  left :: A\n  right :: B\nend deriving(Eq, Display)\n"
    ).items[0]
    assert isinstance(s, A.StructDef) and s.is_pub and s.generics == ["A", "B"]
    assert [(n, t.path) for n, t, _ in s.fields] == [("left", ["A"]), ("right", ["B"])]
    assert [n for n, _ in s.deriving] == ["Eq", "Display"]


def test_struct_db_members_and_empty_deriving():
    s = parse(
        'struct User do\n  table "users"\n  primary_key :id\n  timestamps true\n'
        "  has_many :posts, Post\n  id :: Int\nend deriving()\n"
    ).items[0]
    assert [k for k, _, _ in s.db_members] == ["table", "primary_key", "timestamps", "has_many"]
    assert [n for n, _, _ in s.fields] == ["id"]
    assert s.deriving == []


def test_sum_type_item():
    t = parse(
        "type Shape do\n  Dot\n  Circle(Float)\n  Rect(width :: Float, height :: Float)\n"
        "end deriving(Eq, Debug)\n"
    ).items[0]
    assert isinstance(t, A.SumDef)
    assert [(v.name, [f for f, _ in v.fields]) for v in t.variants] == [
        ("Dot", []),
        ("Circle", [None]),
        ("Rect", ["width", "height"]),
    ]


def test_alias_items_and_type_sugar():
    m = parse("pub type UserId = Int\ntype R<T> = T!String?\ntype F = Fun(Int, (Int, Int)) -> ()\n")
    a, r, f = m.items
    assert isinstance(a, A.AliasDef) and a.is_pub and a.target.path == ["Int"]
    assert r.generics == ["T"]
    # `T!String?` is Result<T, Option<String>>: `?` binds to the error type.
    assert r.target.path == ["Result"]
    assert r.target.args[0].path == ["T"] and r.target.args[1].path == ["Option"]
    assert isinstance(f.target, A.TFun) and isinstance(f.target.params[1], A.TTuple)
    assert isinstance(f.target.ret, A.TTuple) and f.target.ret.items == []


def test_option_then_result_sugar():
    fn = parse("fn f(x :: Int? ! String) -> List<Int>? = x\n").items[0]
    ann = fn.params[0].annotation
    assert ann.path == ["Result"] and ann.args[0].path == ["Option"]
    assert fn.ret.path == ["Option"] and fn.ret.args[0].path == ["List"]


def test_interface_item():
    i = parse(
        "pub interface Store<K> do\n  type Value\n  fn fetch(self, key :: K) -> Self.Value\n"
        "  fn size(self) -> Int do\n    0\n  end\nend\n"
    ).items[0]
    assert isinstance(i, A.InterfaceDef) and i.is_pub and i.generics == ["K"]
    assert [n for n, _ in i.assoc_types] == ["Value"]
    assert [m.name for m in i.methods] == ["fetch", "size"]
    assert i.methods[0].ret.path == ["Self", "Value"] and i.methods[0].default is None
    assert [p.pattern.name for p in i.methods[0].params] == ["self", "key"]
    assert sx(i.methods[1].default) == "{0}"


def test_impl_item():
    i = parse(
        "impl From<Int> for Meters where T: Eq do\n  type Output = Int\n"
        "  pub fn from(n :: Int) -> Meters = Meters { v: n }\n  fn g(0) = 1\n  fn g(_) = 2\nend\n"
    ).items[0]
    assert isinstance(i, A.ImplDef)
    assert i.trait_path == ["From"] and i.trait_args[0].path == ["Int"]
    assert i.target_path == ["Meters"] and [w[:2] for w in i.where] == [("T", "Eq")]
    assert [(n, t.path) for n, t, _ in i.assoc] == [("Output", ["Int"])]
    assert [m.name for m in i.methods] == ["from", "g", "g"] and i.methods[0].is_pub


def test_impl_target_with_type_args_rejected():
    assert "cannot carry type arguments" in perr("impl Show for List<Int> do\nend\n")


def test_actor_item():
    a = parse(
        "actor pinger(count :: Int) do\n  receive do\n    n when n > count -> 1\n    _ -> 2\n"
        "  end\n  terminate do\n    3\n  end\nend\n"
    ).items[0]
    assert isinstance(a, A.ActorDef) and a.name == "pinger"
    assert a.params[0].pattern.name == "count" and a.params[0].annotation.path == ["Int"]
    assert [type(s).__name__ for s in a.body.stmts] == ["Receive"]
    assert sx(a.terminate) == "{3}"


def test_service_item():
    s = parse(
        "service Tally do\n  fn init(start :: Int) -> Int do\n    start\n  end\n\n"
        "  call Current() :: Int do |n|\n    (n, n)\n  end\n\n"
        "  call Bump(by :: Int) :: Int do|n|\n    (n + by, n + by)\n  end\n\n"
        "  cast Clear() do |_n|\n    0\n  end\n  cast Reset do\n    0\n  end\nend\n"
    ).items[0]
    assert isinstance(s, A.ServiceDef) and [f.name for f in s.fns] == ["init"]
    got = [
        (
            h.kind,
            h.name,
            [p.pattern.name for p in h.params],
            h.reply.path if h.reply else None,
            h.state,
        )
        for h in s.handlers
    ]
    assert got == [
        ("call", "Current", [], ["Int"], "n"),
        ("call", "Bump", ["by"], ["Int"], "n"),
        ("cast", "Clear", [], None, "_n"),
        ("cast", "Reset", [], None, None),
    ]


def test_supervisor_item():
    s = parse(
        "pub supervisor Crew do\n  strategy: one_for_all\n  max_restarts: 5\n  max_seconds: 30\n\n"
        "  child janitor do\n    start: fn -> spawn(pinger, 3) end\n    restart: transient\n"
        "    shutdown: brutal_kill\n  end\n  child b do\n    start: fn -> spawn(p) end\n"
        "    shutdown: 500\n  end\nend\n"
    ).items[0]
    assert isinstance(s, A.SupervisorDef) and s.is_pub and s.name == "Crew"
    assert s.strategy[0] == "one_for_all"
    assert (s.max_restarts[0], s.max_seconds[0]) == (5, 30)
    assert [c.name for c in s.children] == ["janitor", "b"]
    j, b = s.children
    assert isinstance(j.start, A.Closure)
    assert j.restart[0] == "transient" and j.shutdown[0] == "brutal_kill"
    assert b.shutdown[0] == 500 and b.restart is None


def test_module_block_parses_to_module_def():
    m = parse("module Inner do\n  fn f() = 1\nend\n")
    assert isinstance(m.items[0], A.ModuleDef) and m.items[0].name == "Inner"


def test_items_need_a_separator():
    assert "expected a newline after this item" in perr("fn f() = 1 fn g() = 2\n")


# ---------------------------------------------------------------------------------------
# robustness


def test_deeply_nested_expression_is_a_diagnostic_not_a_crash():
    src = "fn main() do\n  " + "(" * 3000 + "1" + ")" * 3000 + "\nend\n"
    reporter = Reporter()
    module = parse_module(SourceFile("t.mpl", src), "Main", reporter)
    if module is None:
        [d] = reporter.items
        assert d.code == "P0001"
    else:
        assert not reporter.items


def test_long_flat_list_parses():
    items = ", ".join(str(i) for i in range(3000))
    [e] = body(f"[{items}]")
    assert len(e.items) == 3000 and e.items[-1].value == 2999
