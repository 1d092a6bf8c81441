"""Test forms of `*.test.mpl` files (spec 08 §7): parsing and lowering to ordinary Mesh.

Only files whose name ends in `.test.mpl` are parsed here (the driver picks
`parse_test_module` for them). On top of the ordinary grammar they accept:

* top level: `test("label") do … end` and `describe("group") do … end`;
* inside `describe`: `test`, nested `describe`, one `setup do … end` (or `setup() do`) and
  one `teardown do … end`;
* anywhere in the file: `assert(c)`, `assert_eq(a, b)`, `assert_ne(a, b)`,
  `assert_raises(f)` and the statement `assert_receive PAT[, MS]`.

Lowering (our design; the checker and code generator see plain Mesh):

* each assertion becomes a call into the `Test` stdlib module carrying the *source text* of
  its arguments for the failure message; `assert_eq(a, b)` is
  `do let l = a; let r = b; Test.check_eq(l == r, l, r, "<src a>, <src b>") end`, so the
  operands must share one type with equality;
* `assert_receive PAT, MS` is `do let ms = MS; receive do PAT -> () after ms ->
  Test.receive_timeout("<src PAT>", ms) end end` (selective; bindings do not escape);
* every test becomes a top-level function `__mesh_test_<n>` whose body is the setups of its
  groups (outermost first, copied in front so their `let`s are visible), then the test body,
  then the teardowns (innermost first). With a teardown the body runs as
  `Test.guard_body(fn() do … end)` so that the teardown also runs after a failure, and
  `Test.finish_body` re-raises the failure afterwards;
* a generated `main` calls `Test.run_tests([labels…], [test functions…])`.

A file without `test`/`describe` blocks is left unchanged (its own `main` runs).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from mesh.compiler import ast as A
from mesh.compiler.deep import deep
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import (
    LexError,
    ParseError,
    Parser,
    parse_top,
    report_parse_failure,
    tokenize,
)
from mesh.compiler.source import SourceFile, Span

ASSERTIONS = ("assert", "assert_eq", "assert_ne", "assert_raises")
TEST_FN_PREFIX = "__mesh_test_"


@dataclass(eq=False)
class Group:
    label: str
    span: Span
    setup: A.Block | None = None
    teardown: A.Block | None = None


@dataclass(eq=False)
class TestCase:
    label: str
    body: A.Block
    groups: list[Group]
    span: Span


@dataclass
class TestFile:
    tests: list[TestCase] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [t.label for t in self.tests]


class TestParser(Parser):
    """The ordinary parser plus assertions (statement-level `assert_receive`, call rewriting)."""

    def src(self, node: A.Expr | A.Pattern) -> str:
        return self.file.text[node.span.start : node.span.end]

    # -- helpers building AST -------------------------------------------------------------

    def test_fn(self, name: str, span: Span) -> A.Field:
        return A.Field(span, A.Name(span, "Test"), name, span)

    def call_test(self, name: str, args: list[A.Expr], span: Span) -> A.Call:
        return A.Call(span, self.test_fn(name, span), args)

    # -- statements -----------------------------------------------------------------------

    def parse_stmt(self) -> A.Expr | A.Let | A.FnDef:
        if self.at_word("assert_receive") and self.peek().kind not in ("=", "NEWLINE", "EOF", ";"):
            return self.parse_assert_receive()
        return super().parse_stmt()

    def parse_assert_receive(self) -> A.Block:
        start = self.advance().start
        pat = self.parse_pattern()
        pat_src = self.src(pat)
        if self.accept(","):
            ms = self.parse_expr()
        else:
            ms = A.IntLit(pat.span, 100)
        span = self.span_from(start)
        ms_name = "__mesh_ms"
        unit = A.TupleLit(span, [])
        timeout = self.call_test(
            "receive_timeout", [A.StringLit(span, [pat_src]), A.Name(span, ms_name)], span
        )
        recv = A.Receive(span, [A.Arm(pat, None, unit, span)], (A.Name(span, ms_name), timeout))
        return A.Block(span, [A.Let(A.PVar(span, ms_name), None, ms, span), recv])

    # -- expressions ----------------------------------------------------------------------

    def parse_postfix(self, e: A.Expr) -> A.Expr:
        e = super().parse_postfix(e)
        if (
            isinstance(e, A.Call)
            and isinstance(e.callee, A.Name)
            and e.callee.name in ASSERTIONS
            and not e.kwargs
        ):
            return self.lower_assertion(e)
        return e

    def lower_assertion(self, call: A.Call) -> A.Expr:
        assert isinstance(call.callee, A.Name)  # lower_expr only passes named calls
        name = call.callee.name
        span = call.span
        want = 2 if name in ("assert_eq", "assert_ne") else 1
        if len(call.args) != want:
            plural = "s" if want != 1 else ""
            raise ParseError(
                f"`{name}` takes {want} argument{plural}, got {len(call.args)}",
                span.start,
                span.end,
            )
        if name == "assert":
            cond = call.args[0]
            return self.call_test("check_assert", [cond, A.StringLit(span, [self.src(cond)])], span)
        if name == "assert_raises":
            return self.call_test("assert_raises", list(call.args), span)
        a, b = call.args
        srcs = f"{self.src(a)}, {self.src(b)}"
        lname, rname = "__mesh_left", "__mesh_right"
        check = self.call_test(
            "check_eq" if name == "assert_eq" else "check_ne",
            [
                A.Binary(
                    span,
                    "==" if name == "assert_eq" else "!=",
                    A.Name(span, lname),
                    A.Name(span, rname),
                ),
                A.Name(span, lname),
                A.Name(span, rname),
                A.StringLit(span, [srcs]),
            ],
            span,
        )
        return A.Block(
            span,
            [
                A.Let(A.PVar(a.span, lname), None, a, a.span),
                A.Let(A.PVar(b.span, rname), None, b, b.span),
                check,
            ],
        )


# ---------------------------------------------------------------------------
# Test blocks


def _is_form(p: Parser, word: str) -> bool:
    return p.at_word(word) and p.peek().kind == "("


def _parse_label(p: Parser, what: str) -> str:
    p.expect("(", f"expected `(` after `{what}`")
    t = p.tok
    pieces = [x for x in t.string_parts if isinstance(x, str)] if t.kind == "STRING" else []
    if t.kind != "STRING" or len(pieces) != len(t.string_parts):
        raise p.error(f"the label of `{what}` must be a plain string literal")
    p.advance()
    p.expect(")", f"expected `)` after the label of `{what}`, found {p.describe(p.tok)}")
    return "".join(pieces)


def _end_of_item(p: Parser, terminator: str) -> None:
    if not (p.at(terminator) or p.tok.kind in ("NEWLINE", ";")):
        raise p.error(f"expected a newline after this item, found {p.describe(p.tok)}")
    p.skip_seps()


def _parse_test(p: Parser, chain: list[Group], out: TestFile) -> None:
    start = p.advance().start
    label = _parse_label(p, "test")
    p.expect("do", f"expected `do` after `test(...)`, found {p.describe(p.tok)}")
    body = p.parse_do_block()
    full = " > ".join([g.label for g in chain] + [label])
    out.tests.append(TestCase(full, body, list(chain), p.span_from(start)))


def _parse_describe(p: Parser, chain: list[Group], out: TestFile) -> None:
    start = p.advance().start
    label = _parse_label(p, "describe")
    p.expect("do", f"expected `do` after `describe(...)`, found {p.describe(p.tok)}")
    group = Group(label, p.span_from(start))
    inner = chain + [group]
    p.skip_seps()
    while not p.at("end"):
        if p.at("EOF"):
            raise p.error("expected `end` to close `describe` block")
        if _is_form(p, "test"):
            _parse_test(p, inner, out)
        elif _is_form(p, "describe"):
            _parse_describe(p, inner, out)
        elif p.at_word("setup") or p.at_word("teardown"):
            kw = p.advance()
            word = kw.text
            if p.accept("("):
                p.expect(")", f"`{word}` takes no arguments")
            p.expect("do", f"expected `do` after `{word}`, found {p.describe(p.tok)}")
            if (group.setup if word == "setup" else group.teardown) is not None:
                raise p.error(
                    f'duplicate `{word}` in describe("{label}"): a group has at most one',
                    kw,
                    help=f"merge the two `{word}` blocks into one",
                )
            block = p.parse_do_block()
            if word == "setup":
                group.setup = block
            else:
                group.teardown = block
        else:
            raise p.error(
                "expected `test`, `describe`, `setup` or `teardown` inside `describe`, found "
                + p.describe(p.tok)
            )
        _end_of_item(p, "end")
    p.expect("end", "expected `end` to close `describe` block")


def parse_test_items(p: TestParser) -> tuple[list[A.Item], TestFile]:
    items: list[A.Item] = []
    out = TestFile()
    p.skip_seps()
    while not p.at("EOF"):
        if _is_form(p, "test"):
            _parse_test(p, [], out)
        elif _is_form(p, "describe"):
            _parse_describe(p, [], out)
        elif p.at_word("setup") or p.at_word("teardown"):
            raise p.error(
                f"`{p.tok.value}` is only allowed inside a `describe` block",
                help='put it inside a `describe("group") do ... end` block; it '
                "then runs for each test of that group",
            )
        else:
            items.append(parse_top(p))
        _end_of_item(p, "EOF")
    return items, out


# ---------------------------------------------------------------------------
# Lowering


def _copy_stmts(block: A.Block, file: SourceFile) -> list[A.Expr | A.Let | A.FnDef]:
    return copy.deepcopy(block.stmts, {id(file): file})


def lower_tests(p: TestParser, tf: TestFile) -> list[A.Item]:
    """The generated test functions and `main`."""
    file = p.file
    fns: list[A.Item] = []
    for i, t in enumerate(tf.tests, 1):
        span = t.span
        stmts: list[A.Expr | A.Let | A.FnDef] = []
        for g in t.groups:
            if g.setup is not None:
                stmts.extend(_copy_stmts(g.setup, file))
        teardowns = [g.teardown for g in reversed(t.groups) if g.teardown is not None]
        if teardowns:
            outcome = "__mesh_outcome"
            closure = A.Closure(span, [A.Clause([], None, t.body, span)])
            stmts.append(
                A.Let(A.PVar(span, outcome), None, p.call_test("guard_body", [closure], span), span)
            )
            for td in teardowns:
                stmts.extend(_copy_stmts(td, file))
            stmts.append(p.call_test("finish_body", [A.Name(span, outcome)], span))
        else:
            stmts.append(t.body)
        stmts.append(A.TupleLit(span, []))
        fns.append(
            A.FnDef(
                name=f"{TEST_FN_PREFIX}{i}",
                name_span=span,
                generics=[],
                params=[],
                ret=None,
                where=[],
                guard=None,
                body=A.Block(span, stmts),
                is_pub=False,
                span=span,
            )
        )
    first = tf.tests[0].span
    main_body = A.Block(
        first,
        [
            p.call_test(
                "run_tests",
                [
                    A.ListLit(first, [A.StringLit(t.span, [t.label]) for t in tf.tests]),
                    A.ListLit(
                        first,
                        [A.Name(t.span, f"{TEST_FN_PREFIX}{i}") for i, t in enumerate(tf.tests, 1)],
                    ),
                ],
                first,
            )
        ],
    )
    fns.append(
        A.FnDef(
            name="main",
            name_span=first,
            generics=[],
            params=[],
            ret=None,
            where=[],
            guard=None,
            body=main_body,
            is_pub=False,
            span=first,
        )
    )
    return fns


def parse_test_module(file: SourceFile, module_name: str, reporter: Reporter) -> A.Module | None:
    """`parse_module` for a `*.test.mpl` file: test forms parsed and lowered."""
    parsed = _parse_test_file(file, module_name, reporter)
    return None if parsed is None else parsed[0]


def test_labels(file: SourceFile) -> list[str] | None:
    """Labels of the tests in `file` in source order, or None when it does not parse."""
    parsed = _parse_test_file(file, "Main", Reporter())
    return None if parsed is None else parsed[1]


@deep
def _parse_test_file(
    file: SourceFile, module_name: str, reporter: Reporter
) -> tuple[A.Module, list[str]] | None:
    try:
        parser = TestParser(tokenize(file), file)
        items, tf = parse_test_items(parser)
        if tf.tests:
            for item in items:
                if isinstance(item, A.FnDef) and item.name == "main":
                    raise ParseError(
                        "a test file with `test` or `describe` blocks cannot define `main`",
                        item.name_span.start,
                        item.name_span.end,
                        help="`mesh test` generates `main` to run the tests; rename the "
                        "function or drop the test blocks",
                    )
            items = items + lower_tests(parser, tf)
    except (LexError, ParseError, RecursionError) as exc:
        report_parse_failure(file, reporter, exc)
        return None
    return A.Module(module_name, file, items), tf.labels
