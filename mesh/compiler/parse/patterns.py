"""Patterns (spec 01 §8) and type annotations (spec 01 §6) for the recursive-descent
parser; mixed into `Parser`."""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.parse.cursor import TokenCursor
from mesh.compiler.parse.errors import ParseError
from mesh.compiler.parse.lexer import INT_MAX, INT_RANGE_HELP
from mesh.compiler.source import Span


class PatternTypeMixin(TokenCursor):
    """Pattern and type-annotation productions on the token cursor."""

    # -- patterns ------------------------------------------------------------------------------

    def parse_pattern(self) -> A.Pattern:
        start = self.tok.start
        p = self.parse_cons_pattern()
        if self.at_word("as"):
            self.advance()
            name = self.expect_ident("a name after `as`")
            p = A.PAs(self.span_from(start), p, name.text)
        return p

    def parse_cons_pattern(self) -> A.Pattern:
        start = self.tok.start
        head = self.parse_or_pattern()
        if self.accept("::"):
            tail = self.parse_cons_pattern()
            return A.PCons(self.span_from(start), head, tail)
        return head

    def parse_or_pattern(self) -> A.Pattern:
        start = self.tok.start
        first = self.parse_simple_pattern()
        if not self.at("|"):
            return first
        alts = [first]
        while self.at("|"):
            self.advance()
            alts.append(self.parse_simple_pattern())
        return A.POr(self.span_from(start), alts)

    def parse_simple_pattern(self) -> A.Pattern:
        t = self.tok
        k = t.kind
        sp = Span(self.file, t.start, t.end)
        if k == "IDENT":
            self.advance()
            if t.value == "_":
                return A.PWild(sp)
            if self.at(".") and self.peek().kind == "IDENT":
                self.advance()
                v = self.advance()
                args = self.parse_pattern_args() if self.at("(") else None
                return A.PCtor(self.span_from(t.start), [t.text, v.text], args)
            if t.text[:1].isupper() and self.at("("):
                args = self.parse_pattern_args()
                return A.PCtor(self.span_from(t.start), [t.text], args)
            return A.PVar(sp, t.text)
        if k in ("INT", "FLOAT"):
            self.advance()
            if k == "INT" and t.int_value > INT_MAX:
                raise self.error("integer literal is too large for Int", t, INT_RANGE_HELP)
            return A.PLit(sp, t.number)
        if k == "-" and self.peek().kind in ("INT", "FLOAT"):
            self.advance()
            n = self.advance()
            if n.kind == "INT" and n.int_value > INT_MAX + 1:
                raise self.error("integer literal is too large for Int", n, INT_RANGE_HELP)
            return A.PLit(self.span_from(t.start), -n.number)
        if k in ("true", "false"):
            self.advance()
            return A.PLit(sp, k == "true")
        if k == "nil":
            self.advance()
            return A.PLit(sp, None)
        if k == "STRING":
            self.advance()
            if any(not isinstance(p, str) for p in t.string_parts):
                raise self.error("string interpolation not allowed in patterns", t)
            return A.PLit(sp, "".join(p for p in t.string_parts if isinstance(p, str)))
        if k == "ATOM":
            self.advance()
            return A.PAtom(sp, t.text)
        if k == "(":
            self.advance()
            if self.accept(")"):
                return A.PTuple(self.span_from(t.start), [])
            items = [self.parse_pattern()]
            trailing_comma = False
            while self.accept(","):
                if self.at(")"):
                    trailing_comma = True
                    break
                items.append(self.parse_pattern())
            self.expect(")", f"expected `)` in tuple pattern, found {self.describe(self.tok)}")
            if len(items) == 1 and not trailing_comma:
                return items[0]
            if len(items) == 1:
                return items[0]
            return A.PTuple(self.span_from(t.start), items)
        if k == "[":
            self.advance()
            items = []
            while not self.at("]"):
                item = self.parse_pattern()
                if isinstance(item, A.POr):
                    raise ParseError(
                        "`[h | t]` is not a list pattern; write `h :: t`",
                        item.span.start,
                        item.span.end,
                    )
                items.append(item)
                if not self.accept(","):
                    break
            self.expect("]", f"expected `]` in list pattern, found {self.describe(self.tok)}")
            return A.PList(self.span_from(t.start), items)
        raise self.error(f"expected a pattern, found {self.describe(t)}")

    def parse_pattern_args(self) -> list[A.Pattern]:
        self.expect("(")
        args = []
        while not self.at(")"):
            args.append(self.parse_pattern())
            if not self.accept(","):
                break
        self.expect(")", f"expected `)` in constructor pattern, found {self.describe(self.tok)}")
        return args

    # -- types -----------------------------------------------------------------------------------

    def parse_type(self) -> A.TypeExpr:
        t = self.tok
        if t.kind == "(":
            self.advance()
            items = []
            while not self.at(")"):
                items.append(self.parse_type())
                if not self.accept(","):
                    break
            self.expect(")", f"expected `)` in tuple type, found {self.describe(self.tok)}")
            if len(items) == 1:
                return items[0]
            return A.TTuple(self.span_from(t.start), items)
        if t.kind == "IDENT" and t.value == "Fun" and self.peek().kind == "(":
            self.advance()
            self.advance()
            params = []
            while not self.at(")"):
                params.append(self.parse_type())
                if not self.accept(","):
                    break
            self.expect(")", "expected `)` in function type")
            self.expect("->", "expected `->` in function type `Fun(...) -> T`")
            ret = self.parse_type()
            return A.TFun(self.span_from(t.start), params, ret)
        if t.kind not in ("IDENT", "self"):
            raise self.error(f"expected a type, found {self.describe(t)}")
        path = [self.advance().text]
        while self.at(".") and self.peek().kind == "IDENT":
            self.advance()
            path.append(self.advance().text)
        args = []
        if self.at("<"):
            self.advance()
            while not self.at(">"):
                args.append(self.parse_type())
                if not self.accept(","):
                    break
            self.expect(
                ">", f"expected `>` to close type arguments, found {self.describe(self.tok)}"
            )
        ty: A.TypeExpr = A.TName(self.span_from(t.start), path, args)
        while True:
            if self.at("?"):
                self.advance()
                ty = A.TName(self.span_from(t.start), ["Option"], [ty])
            elif self.at("!"):
                self.advance()
                err = self.parse_type()
                ty = A.TName(self.span_from(t.start), ["Result"], [ty, err])
            else:
                return ty
