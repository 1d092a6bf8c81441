"""Recursive-descent parser: tokens → AST (spec 01).

Hand-written rather than generated: the spec's context rules (no trailing closure in a
condition position, greedy statement ends inside brackets, the closure-parameter
lookahead of §7.9, `fn NAME` at statement start) are one line each here, and errors can
name exactly what was expected. Items live in `items.py`, which builds the full `Parser` on
this module's `ExpressionParser` (token cursor, statements, expressions and patterns), so
the import graph stays acyclic: lexer -> cursor -> limits/patterns -> expressions -> items
-> package.
"""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.parse.errors import ParseError
from mesh.compiler.parse.lexer import INT_MAX, INT_RANGE_HELP, Token
from mesh.compiler.parse.limits import NestingMixin
from mesh.compiler.parse.patterns import PatternTypeMixin
from mesh.compiler.source import SourceFile, Span

# Help lines of parse errors (every compile error carries one). Specific ones where the cause
# is known; otherwise the usual causes of a parser stopping where it did.
GENERIC_PARSE_HELP = (
    "the caret marks where parsing stopped; a missing `end`, `do`, `)`, `]` or "
    "`,` just before it is the usual cause"
)
CONTINUATION_HELP = (
    "after `=`, `->` or an operator an expression continues only on a line "
    "indented more than the statement (spec 01 §3); indent it, or use "
    "parentheses, `do ... end` or a pipe"
)
ARM_BODY_HELP = (
    "a case arm body must start on the arm's line or on the next line indented "
    "more than the arm; or write `Pattern -> do ... end`"
)


_UNCLOSED = "unclosed closure -- expected `end`"
# Spec 01 §2.3 lists seven keywords allowed after `.`; we add `receive` because spec 06 §2.4
# defines `Ws.receive(conn)`, and `json` because spec 05 §12.2 defines `Http.json(req, body)`
# (docs/language-decisions.md).
MEMBER_KEYWORDS = {
    "self",
    "monitor",
    "spawn",
    "link",
    "send",
    "where",
    "cast",
    "receive",
    "json",
    "call",
    "case",
    "alias",
}  # `Expr.call`/`case`/`alias` (06 §3.9)
_CALL_KEYWORDS = {"spawn", "send", "link", "monitor"}
_BODY_ENDERS = {"end", "EOF", ")", "]", "}", "after", "else"}
_RETURN_STOPPERS = {"NEWLINE", ";", "end", "else", "EOF", ")", "]", "}", ",", "|", "after"}
_BLOCK_ITEM_KEYWORDS = {
    "struct": "struct definitions",
    "type": "type definitions",
    "interface": "interface definitions",
    "impl": "impl blocks",
    "actor": "actor definitions",
    "service": "service definitions",
    "supervisor": "supervisor definitions",
    "module": "module blocks",
    "import": "imports",
}
_BINARY_LEVELS = [
    {"or": "or", "||": "or"},
    {"and": "and", "&&": "and"},
    {"==": "==", "!=": "!="},
    {"<": "<", ">": ">", "<=": "<=", ">=": ">="},
    {"..": ".."},
    {"<>": "<>", "++": "<>"},
    {"+": "+", "-": "-"},
    {"*": "*", "/": "/", "%": "%"},
]


class ExpressionParser(PatternTypeMixin, NestingMixin):
    def __init__(self, tokens: list[Token], file: SourceFile) -> None:
        super().__init__(tokens, file)
        self.allow_trailing = True
        self.block_depth = self.loop_depth = self.expr_depth = 0  # see NestingMixin
        # Expressions written in parentheses, by id (the node is kept so the id stays its
        # own): `x |> (f(y))` pipes into the call's result, `(Mod) { … }` is no struct.
        self.parenthesised: dict[int, A.Expr] = {}

    def parse_nested_fn_def(self) -> A.FnDef:
        """A named `fn` definition inside a block. Items are parsed in `items.py`, whose
        `Parser` overrides this, so expressions never import the item grammar."""
        raise NotImplementedError("use mesh.compiler.parse.Parser")

    # -- blocks and statements -------------------------------------------------------------

    def parse_block(
        self,
        terminators: tuple[str, ...] = ("end",),
        missing_end: str = "expected `end` to close `do` block",
    ) -> A.Block:
        start = self.tok.start
        saved = self.allow_trailing
        self.allow_trailing = True
        stmts: list[A.Expr | A.Let | A.FnDef] = []
        self.skip_seps()
        self.enter_block()
        try:
            while self.tok.kind not in terminators:
                if self.tok.kind in ("EOF", ")", "]", "}"):
                    raise self.error(missing_end)
                stmts.append(self.parse_stmt())
                self.skip_seps()
        finally:
            self.block_depth -= 1
        self.allow_trailing = saved
        return A.Block(Span(self.file, start, self.tok.start), stmts)

    def parse_do_block(self) -> A.Block:
        """`do block end` (the `do` already consumed)."""
        block = self.parse_block(("end",))
        self.expect("end", "expected `end` to close `do` block")
        return block

    def parse_stmt(self) -> A.Expr | A.Let | A.FnDef:
        t = self.tok
        if t.kind == "let":
            return self.parse_let()
        if t.kind in ("fn", "def") and self.peek().kind == "IDENT":
            saved = self.i
            try:
                return self.parse_nested_fn_def()
            except ParseError as err:
                # Lenient: `fn x -> x end` as a statement is a closure when it is not a definition.
                if t.kind == "def":
                    raise
                self.i = saved
                try:
                    return self.parse_expr()
                except ParseError:
                    raise err from None
        if t.kind in _BLOCK_ITEM_KEYWORDS or (t.kind == "pub"):
            what = _BLOCK_ITEM_KEYWORDS.get(t.kind, "`pub` items")
            raise self.error(f"{what} are only allowed at the top level of a module")
        if t.kind == "IDENT" and t.value == "from" and self.peek().kind == "IDENT":
            raise self.error("imports are only allowed at the top level of a module")
        return self.parse_expr()

    def parse_let(self) -> A.Let:
        start = self.advance().start
        if self.at("IDENT"):
            t = self.advance()
            if self.at("(") or self.at("."):
                raise self.error("expected a name or tuple pattern after `let`", t)
            pat: A.Pattern = (
                A.PWild(self.span_from(t.start))
                if t.value == "_"
                else A.PVar(self.span_from(t.start), t.text)
            )
        elif self.at("("):
            pat = self.parse_simple_pattern()
        else:
            raise self.error(
                f"expected a name or tuple pattern after `let`, found {self.describe(self.tok)}"
            )
        ann = None
        if self.accept("::"):
            ann = self.parse_type()
        self.expect("=", f"expected `=` in let binding, found {self.describe(self.tok)}")
        value = self.parse_expr()
        return A.Let(pat, ann, value, self.span_from(start))

    # -- expressions --------------------------------------------------------------------------

    def parse_expr(self) -> A.Expr:
        left = self.parse_binary(0)
        chain = 0
        while self.tok.kind in ("|>", "SLOT_PIPE"):
            chain = self.count_chain(chain)
            op = self.advance()
            slot = op.int_value if op.kind == "SLOT_PIPE" else None
            right = self.parse_binary(0)
            left = self.make_pipe(left, right, slot, Span(self.file, op.start, op.end))
        return left

    def make_pipe(self, left: A.Expr, right: A.Expr, slot: int | None, op_span: Span) -> A.Expr:
        span = left.span.to(right.span)
        if isinstance(right, A.Call) and id(right) not in self.parenthesised:
            args = list(right.args)
            if slot is None:
                args.insert(0, left)
                call_slot = None
            else:
                args.insert(min(slot - 1, len(args)), left)
                call_slot = (slot, op_span)
            call = A.Call(span, right.callee, args, right.kwargs, call_slot)
            return call
        return A.Call(span, right, [left])

    def parse_binary(self, level: int) -> A.Expr:
        if level == len(_BINARY_LEVELS):
            return self.parse_unary()
        ops = _BINARY_LEVELS[level]
        left = self.parse_binary(level + 1)
        chain = 0
        while self.tok.kind in ops:
            chain = self.count_chain(chain)
            op = ops[self.advance().kind]
            right = self.parse_binary(level + 1)
            left = A.Binary(left.span.to(right.span), op, left, right)
        return left

    def parse_unary_inner(self) -> A.Expr:
        t = self.tok
        if t.kind == "-":
            self.advance()
            if self.at("INT") and self.tok.value == INT_MAX + 1:
                lit = self.advance()
                return self.parse_postfix(
                    A.IntLit(Span(self.file, t.start, lit.end), -(INT_MAX + 1))
                )
            operand = self.parse_unary()
            return A.Unary(Span(self.file, t.start, operand.span.end), "-", operand)
        if t.kind in ("!", "not"):
            self.advance()
            operand = self.parse_unary()
            return A.Unary(Span(self.file, t.start, operand.span.end), "not", operand)
        return self.parse_postfix(self.parse_primary())

    def parse_postfix(self, e: A.Expr) -> A.Expr:
        while True:
            k = self.tok.kind
            if k == "(":
                args, kwargs = self.parse_args()
                call = A.Call(self.span_from(e.span.start), e, args, kwargs)
                if self.at("do") and self.allow_trailing:
                    call.args.append(self.parse_trailing_closure())
                    call.span = self.span_from(e.span.start)
                e = call
            elif k == ".":
                self.advance()
                t = self.tok
                if t.kind == "IDENT" or t.kind in MEMBER_KEYWORDS:
                    self.advance()
                    e = A.Field(
                        self.span_from(e.span.start), e, t.text, Span(self.file, t.start, t.end)
                    )
                elif t.kind == "INT":
                    raise self.error(
                        "tuple fields (`t.0`) do not exist; use a pattern or Tuple.nth"
                    )
                else:
                    raise self.error(f"expected a member name after `.`, found {self.describe(t)}")
            elif k == "[":
                self.advance()
                saved, self.allow_trailing = self.allow_trailing, True
                idx = self.parse_expr()
                self.allow_trailing = saved
                self.expect("]")
                e = A.Index(self.span_from(e.span.start), e, idx)
            elif k == "?":
                self.advance()
                e = A.Try(self.span_from(e.span.start), e)
            elif k == "{" and self.is_struct_path(e):
                fields = self.parse_fields("{", "}")
                e = A.StructLit(self.span_from(e.span.start), self.path_of(e), fields)
            else:
                return e

    def is_struct_path(self, e: A.Expr) -> bool:
        if id(e) in self.parenthesised:
            return False
        if isinstance(e, A.Name):
            return e.name[:1].isupper()
        if isinstance(e, A.Field) and isinstance(e.obj, A.Name):
            return e.name[:1].isupper() and e.obj.name[:1].isupper()
        return False

    def path_of(self, e: A.Expr) -> list[str]:
        if isinstance(e, A.Name):
            return [e.name]
        assert isinstance(e, A.Field) and isinstance(e.obj, A.Name)
        return [e.obj.name, e.name]

    def parse_args(self) -> tuple[list[A.Expr], list[tuple[str, A.Expr, Span]]]:
        self.expect("(")
        saved, self.allow_trailing = self.allow_trailing, True
        args: list[A.Expr] = []
        kwargs: list[tuple[str, A.Expr, Span]] = []
        while not self.at(")"):
            if self.at("IDENT") and self.peek().kind == ":":
                name = self.advance()
                self.advance()
                kwargs.append((name.text, self.parse_expr(), Span(self.file, name.start, name.end)))
            else:
                if kwargs:
                    raise self.error("positional argument after keyword arguments")
                args.append(self.parse_expr())
            if not self.accept(","):
                break
        self.expect(
            ")", f"expected `)` to close the argument list, found {self.describe(self.tok)}"
        )
        self.allow_trailing = saved
        return args, kwargs

    def parse_trailing_closure(self) -> A.Closure:
        start = self.expect("do").start
        params: list[A.Param] = []
        if self.at("|"):
            self.advance()
            while not self.at("|"):
                t = self.expect_ident("a closure parameter")
                ann = self.parse_type() if self.accept("::") else None
                params.append(
                    A.Param(A.PVar(self.span_from(t.start), t.text), ann, self.span_from(t.start))
                )
                if not self.accept(","):
                    break
            self.expect("|", "expected `|` to close the closure parameters")
        elif self.at("||"):
            raise self.error("`do || ... end` is not valid; write `do ... end`")
        body = self.parse_do_block()
        span = self.span_from(start)
        return A.Closure(span, [A.Clause(params, None, body, span)])

    def parse_fields(self, open_kind: str, close_kind: str) -> list[tuple[str, A.Expr, Span]]:
        """`{ name: expr, ... }` with optional commas."""
        self.expect(open_kind)
        saved, self.allow_trailing = self.allow_trailing, True
        fields = []
        while not self.at(close_kind):
            if not self.at("IDENT"):
                if self.tok.kind.isalpha() and self.tok.kind.islower():
                    raise self.error(
                        f"`{self.tok.kind}` is a keyword and cannot be used as a field name"
                    )
                raise self.error(f"expected a field name, found {self.describe(self.tok)}")
            name = self.advance()
            if self.at("ATOM"):
                raise self.error(
                    f"expected `:` and a space after field `{name.text}` "
                    "(`name:value` reads as the atom `:value`)"
                )
            self.expect(":", f"expected `:` after field name `{name.text}`")
            fields.append((name.text, self.parse_expr(), Span(self.file, name.start, name.end)))
            self.accept(",")
        self.expect(close_kind)
        self.allow_trailing = saved
        return fields

    def parse_cond(self) -> A.Expr:
        """An expression in a condition position: `do` opens the construct, not a closure."""
        saved, self.allow_trailing = self.allow_trailing, False
        e = self.parse_expr()
        self.allow_trailing = saved
        return e

    def parse_primary(self) -> A.Expr:
        t = self.tok
        k = t.kind
        sp = Span(self.file, t.start, t.end)
        if k == "INT":
            self.advance()
            if t.int_value > INT_MAX:
                raise self.error("integer literal is too large for Int", t, INT_RANGE_HELP)
            return A.IntLit(sp, t.int_value)
        if k == "FLOAT":
            self.advance()
            return A.FloatLit(sp, t.float_value)
        if k in ("true", "false"):
            self.advance()
            return A.BoolLit(sp, k == "true")
        if k == "nil":
            self.advance()
            return A.NilLit(sp)
        if k == "STRING":
            self.advance()
            return A.StringLit(sp, self.string_parts(t))
        if k == "ATOM":
            self.advance()
            return A.AtomLit(sp, t.text)
        if k == "REGEX":
            self.advance()
            return A.RegexLit(sp, *t.regex)
        if k == "IDENT":
            self.advance()
            return A.Name(sp, t.text)
        if k == "self":
            self.advance()
            if self.at("(") and self.peek().kind == ")":
                self.advance()
                self.advance()
                return A.Call(self.span_from(t.start), A.Name(sp, "self"), [])
            return A.SelfRef(sp)
        if k in _CALL_KEYWORDS:
            self.advance()
            if not self.at("("):
                raise self.error(f"expected `(` after `{k}`")
            args, kwargs = self.parse_args()
            return A.Call(self.span_from(t.start), A.Name(sp, k), args, kwargs)
        if k == "(":
            return self.parse_paren()
        if k == "[":
            self.advance()
            saved, self.allow_trailing = self.allow_trailing, True
            items = []
            while not self.at("]"):
                items.append(self.parse_expr())
                if not self.accept(","):
                    break
            self.expect("]", f"expected `]` to close the list, found {self.describe(self.tok)}")
            self.allow_trailing = saved
            return A.ListLit(self.span_from(t.start), items)
        if k == "%" and self.peek().kind == "{":
            return self.parse_map()
        if k == "json":
            self.advance()
            if not self.at("{"):
                raise self.error("expected `{` after `json`")
            return A.JsonLit(self.span_from(t.start), self.parse_fields("{", "}"))
        if k == "{":
            fields = self.parse_fields("{", "}")
            return A.JsonLit(self.span_from(t.start), fields)
        if k == "if":
            return self.parse_if()
        if k in ("case", "match"):
            return self.parse_case()
        if k == "receive":
            return self.parse_receive()
        if k == "fn":
            return self.parse_closure()
        if k == "for":
            return self.parse_for()
        if k == "while":
            self.advance()
            cond = self.parse_cond()
            self.expect(
                "do", f"expected `do` after the `while` condition, found {self.describe(self.tok)}"
            )
            body = self.loop_body(t)
            return A.While(self.span_from(t.start), cond, body)
        if k == "break":
            self.advance()
            return A.Break(sp)
        if k == "continue":
            self.advance()
            return A.Continue(sp)
        if k == "return":
            self.advance()
            value = None if self.tok.kind in _RETURN_STOPPERS else self.parse_expr()
            return A.Return(self.span_from(t.start), value)
        if k == "SLOT_PIPE" or k == "|>":
            raise self.error("expected expression")
        raise self.error("expected expression", help=CONTINUATION_HELP if k == "NEWLINE" else None)

    def string_parts(self, t: Token) -> list[str | A.Expr]:
        parts: list[str | A.Expr] = []
        for p in t.string_parts:
            if isinstance(p, str):
                parts.append(p)
            else:
                sub = type(self)(p, self.file)
                e = sub.parse_expr()
                if not sub.at("EOF"):
                    raise sub.error(f"unexpected {sub.describe(sub.tok)} in string interpolation")
                parts.append(e)
        return parts

    def parse_paren(self) -> A.Expr:
        start = self.advance().start
        saved, self.allow_trailing = self.allow_trailing, True
        if self.accept(")"):
            self.allow_trailing = saved
            return A.TupleLit(self.span_from(start), [])
        first = self.parse_expr()
        if self.accept(")"):
            self.allow_trailing = saved
            self.parenthesised[id(first)] = first
            return first
        items = [first]
        while self.accept(","):
            if self.at(")"):
                break
            items.append(self.parse_expr())
        self.expect(
            ")", f"expected `)` or `,` in parenthesised expression, found {self.describe(self.tok)}"
        )
        self.allow_trailing = saved
        if len(items) == 1:
            return items[0]
        return A.TupleLit(self.span_from(start), items)

    def parse_map(self) -> A.Expr:
        start = self.advance().start
        self.advance()
        saved, self.allow_trailing = self.allow_trailing, True
        if self.accept("}"):
            self.allow_trailing = saved
            return A.MapLit(self.span_from(start), [])
        first = self.parse_expr()
        if self.at("|"):
            self.advance()
            fields = []
            while not self.at("}"):
                name = self.expect_ident("a field name")
                self.expect(":", f"expected `:` after field name `{name.text}`")
                fields.append((name.text, self.parse_expr(), Span(self.file, name.start, name.end)))
                if not self.accept(","):
                    break
            self.expect("}", "expected `}` to close the struct update")
            self.allow_trailing = saved
            return A.StructUpdate(self.span_from(start), first, fields)
        entries = []
        key = first
        while True:
            self.expect("=>", f"expected `=>` in map literal, found {self.describe(self.tok)}")
            entries.append((key, self.parse_expr()))
            if not self.accept(",") or self.at("}"):
                break
            key = self.parse_expr()
        self.expect("}", "expected `}` to close the map literal")
        self.allow_trailing = saved
        return A.MapLit(self.span_from(start), entries)

    def parse_if(self) -> A.If:
        start = self.advance().start
        cond = self.parse_cond()
        self.expect(
            "do", f"expected `do` after the `if` condition, found {self.describe(self.tok)}"
        )
        then = self.parse_block(("end", "else"))
        else_: A.Expr | None = None
        if self.accept("else"):
            if self.at("if"):
                else_ = self.parse_if()
                return A.If(self.span_from(start), cond, then, else_)
            else_ = self.parse_block(("end",))
        self.expect("end", "expected `end` to close `do` block")
        return A.If(self.span_from(start), cond, then, else_)

    def parse_arm(self) -> A.Arm:
        start = self.tok.start
        pat = self.parse_pattern()
        guard = None
        if self.accept("when"):
            guard = self.parse_cond()
        arrow = self.expect(
            "->", f"expected `->` after the pattern, found {self.describe(self.tok)}"
        )
        return A.Arm(pat, guard, self.parse_arm_body(arrow, start), self.span_from(start))

    def parse_arm_body(self, arrow: Token, arm_start: int) -> A.Expr:
        """The body after an arm's `->`: `do ... end`, an expression on the arm's line, or
        (our layout extension, spec 01 §3) statements on the following lines indented more
        than the arm, up to the first line that is not."""
        if self.at("do"):
            self.advance()
            return self.parse_do_block()
        if self.tok.kind in ("NEWLINE", ";"):
            raise self.error("expected expression", help=ARM_BODY_HELP)
        arm_indent = self.line_indent(arm_start)
        if self.starts_later_line(arrow) and self.line_indent(self.tok.start) > arm_indent:
            return self.parse_indented_body(arm_indent)
        self.enter_block()  # the arm body is a nesting level of the generated code
        try:
            return self.parse_expr()
        finally:
            self.block_depth -= 1

    def parse_indented_body(self, outer_indent: int) -> A.Block:
        start = self.tok.start
        stmts: list[A.Expr | A.Let | A.FnDef] = []
        self.enter_block()
        try:
            while True:
                stmts.append(self.parse_stmt())
                j = self.i
                while self.toks[j].kind in ("NEWLINE", ";"):
                    j += 1
                nxt = self.toks[j]
                if nxt.kind in _BODY_ENDERS or self.line_indent(nxt.start) <= outer_indent:
                    break
                self.i = j
        finally:
            self.block_depth -= 1
        return A.Block(self.span_from(start), stmts)

    def line_indent(self, pos: int) -> int:
        """Indentation (in characters) of the source line holding offset `pos`."""
        text = self.file.text
        line_start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
        j = line_start
        while j < pos and text[j] in " \t":
            j += 1
        return j - line_start

    def starts_later_line(self, before: Token) -> bool:
        """Whether the current token is on a later source line than `before`."""
        text = self.file.text
        return (
            "\n" in text[before.end : self.tok.start] or "\r" in text[before.end : self.tok.start]
        )

    def parse_case(self) -> A.Case:
        start = self.advance().start
        scrutinee = self.parse_cond()
        self.expect("do", f"expected `do` after the case subject, found {self.describe(self.tok)}")
        self.skip_newlines()
        arms = []
        saved, self.allow_trailing = self.allow_trailing, True
        while not self.at("end"):
            if self.at("EOF"):
                raise self.error("expected `end` to close `do` block")
            arms.append(self.parse_arm())
            self.skip_newlines()
        self.advance()
        self.allow_trailing = saved
        return A.Case(self.span_from(start), scrutinee, arms)

    def parse_receive(self) -> A.Receive:
        start = self.advance().start
        self.expect("do", "expected `do` after `receive`")
        self.skip_newlines()
        arms = []
        after = None
        saved, self.allow_trailing = self.allow_trailing, True
        while not self.at("end"):
            if self.at("EOF"):
                raise self.error("expected `end` to close `do` block")
            if self.at("after"):
                after_start = self.advance().start
                timeout = self.parse_expr()
                arrow = self.expect("->", "expected `->` after the `after` timeout")
                after = (timeout, self.parse_arm_body(arrow, after_start))
                self.skip_newlines()
                if not self.at("end"):
                    raise self.error("the `after` clause must come last in `receive`")
                break
            arms.append(self.parse_arm())
            self.skip_newlines()
        self.expect("end", "expected `end` to close `do` block")
        self.allow_trailing = saved
        return A.Receive(self.span_from(start), arms, after)

    def parse_for(self) -> A.For:
        start_i = self.i
        start = self.advance().start
        names = []
        map_entry = False
        if self.accept("{"):
            map_entry = True
            while not self.at("}"):
                t = self.expect_ident("a name in `for {k, v}`")
                names.append((t.text, Span(self.file, t.start, t.end)))
                if not self.accept(","):
                    break
            self.expect("}", "expected `}` in `for {k, v} in ...`")
        elif self.at("IDENT"):
            t = self.advance()
            names.append((t.text, Span(self.file, t.start, t.end)))
        else:
            raise self.error(
                f"expected a name or `{{k, v}}` after `for`, found {self.describe(self.tok)}"
            )
        self.expect("in", f"expected `in` in for loop, found {self.describe(self.tok)}")
        iterable = self.parse_cond()
        filt = None
        if self.accept("when"):
            filt = self.parse_cond()
        self.expect("do", f"expected `do` in for loop, found {self.describe(self.tok)}")
        body = self.loop_body(self.toks[start_i])
        return A.For(self.span_from(start), names, map_entry, iterable, filt, body)

    # -- closures ------------------------------------------------------------------------------

    def parse_closure_inner(self) -> A.Closure:
        start = self.advance().start
        clauses: list[A.Clause] = []
        if self.at("->") or self.at("do"):
            params: list[A.Param] = []
        else:
            params = self.parse_closure_params()
        guard = self.parse_cond() if self.accept("when") else None
        cstart = start
        if self.accept("do"):
            body = self.parse_do_block()
            clauses.append(A.Clause(params, guard, body, self.span_from(cstart)))
            return A.Closure(self.span_from(start), clauses)
        self.expect("->", f"expected `->` or `do` in closure, found {self.describe(self.tok)}")
        body = self.parse_block(("end", "|"), _UNCLOSED)
        clauses.append(A.Clause(params, guard, body, self.span_from(cstart)))
        while self.accept("|"):
            cstart = self.tok.start
            params = (
                []
                if self.at("->") or self.at("do") or self.at("when")
                else self.parse_closure_params()
            )
            guard = self.parse_cond() if self.accept("when") else None
            if self.accept("do"):
                body = self.parse_do_block()
            else:
                self.expect(
                    "->",
                    f"expected `->` or `do` in closure clause, found {self.describe(self.tok)}",
                )
                body = self.parse_block(("end", "|"), _UNCLOSED)
            clauses.append(A.Clause(params, guard, body, self.span_from(cstart)))
            self.skip_seps()
        self.expect("end", _UNCLOSED)
        return A.Closure(self.span_from(start), clauses)

    def parse_closure_params(self) -> list[A.Param]:
        if self.at("("):
            return self.parse_fparams()
        t = self.tok
        nxt = self.peek().kind
        bare_ok = (
            (
                t.kind == "IDENT"
                and (
                    t.value == "_"
                    or nxt in (",", "->", "when", "do", "::")
                    or (t.text[:1].isupper() and nxt in ("(", "."))
                )
            )
            or t.kind in ("INT", "FLOAT", "STRING", "true", "false", "nil", "ATOM", "[")
            or (t.kind == "-" and self.peek().kind in ("INT", "FLOAT"))
        )
        if not bare_ok:
            raise self.error(f"expected closure parameters, `->` or `do`, found {self.describe(t)}")
        params = [self.parse_fparam()]
        while self.accept(","):
            params.append(self.parse_fparam())
        return params

    def parse_fparams(self) -> list[A.Param]:
        self.expect("(")
        params = []
        while not self.at(")"):
            params.append(self.parse_fparam())
            if not self.accept(","):
                break
        self.expect(
            ")", f"expected `)` to close the parameter list, found {self.describe(self.tok)}"
        )
        return params

    def parse_fparam(self) -> A.Param:
        t = self.tok
        if t.kind == "self":
            self.advance()
            ann = self.parse_type() if self.accept("::") else None
            return A.Param(A.PVar(self.span_from(t.start), "self"), ann, self.span_from(t.start))
        if t.kind == "IDENT" and self.peek().kind == "::":
            self.advance()
            self.advance()
            ann = self.parse_type()
            pat: A.Pattern = (
                A.PWild(Span(self.file, t.start, t.end))
                if t.value == "_"
                else A.PVar(Span(self.file, t.start, t.end), t.text)
            )
            return A.Param(pat, ann, self.span_from(t.start))
        pat = self.parse_pattern()
        return A.Param(pat, None, self.span_from(t.start))
