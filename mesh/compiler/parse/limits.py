"""Nesting limits of the parser (docs/language-decisions.md, "Limits").

Generated Python must stay within CPython's limits — 100 indentation levels and 20 nested
loops per function — and the phases' recursion within the big-stack thread
(mesh/compiler/deep.py). Beyond these limits the parser reports a P0001 diagnostic at the
construct that crosses the limit instead of the compiler failing later with a traceback.
"""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.parse.cursor import TokenCursor
from mesh.compiler.parse.lexer import Token

MAX_BLOCK_DEPTH = 64  # nested blocks: do/end bodies, closure bodies, case/receive arms
MAX_LOOP_DEPTH = 16  # nested `for`/`while` in one function or closure
MAX_EXPR_DEPTH = 5_000  # nested operands/arguments/parentheses in one expression
MAX_CHAIN = 250_000  # operators of one precedence level in a row (`1 + 1 + ... + 1`)
NESTING_HELP = "move the inner part into a separate function (or bind parts with `let`)"


class NestingMixin(TokenCursor):
    """Depth counters of the recursive-descent parser (state lives on the Parser), around
    the productions the expression parser defines."""

    block_depth: int
    loop_depth: int
    expr_depth: int

    def parse_do_block(self) -> A.Block:
        raise NotImplementedError  # ExpressionParser

    def parse_unary_inner(self) -> A.Expr:
        raise NotImplementedError  # ExpressionParser

    def parse_closure_inner(self) -> A.Closure:
        raise NotImplementedError  # ExpressionParser

    def enter_block(self) -> None:
        """Count one more block level; the caller decrements `block_depth` when done."""
        self.block_depth += 1
        if self.block_depth > MAX_BLOCK_DEPTH:
            raise self.error(
                f"blocks nested too deeply (more than {MAX_BLOCK_DEPTH} levels)", help=NESTING_HELP
            )

    def loop_body(self, keyword: Token) -> A.Block:
        """`do block end` of a `for`/`while` starting at token `keyword`."""
        self.loop_depth += 1
        try:
            if self.loop_depth > MAX_LOOP_DEPTH:
                raise self.error(
                    f"loops nested too deeply (more than {MAX_LOOP_DEPTH} levels)",
                    keyword,
                    help=NESTING_HELP,
                )
            return self.parse_do_block()
        finally:
            self.loop_depth -= 1

    def count_chain(self, n: int) -> int:
        """One more operator in a left-nested chain, which later phases walk recursively."""
        if n >= MAX_CHAIN:
            raise self.error(
                f"expression too long (more than {MAX_CHAIN} operators in a row)",
                help="split it into several `let` bindings",
            )
        return n + 1

    def parse_unary(self) -> A.Expr:
        """Every operand passes here once per nesting level, so this bounds expression depth."""
        self.expr_depth += 1
        try:
            if self.expr_depth > MAX_EXPR_DEPTH:
                raise self.error(
                    f"expression nested too deeply (more than {MAX_EXPR_DEPTH} levels)",
                    help=NESTING_HELP,
                )
            return self.parse_unary_inner()
        finally:
            self.expr_depth -= 1

    def parse_closure(self) -> A.Closure:
        """A closure body is a new Python function: loop nesting starts again from zero."""
        saved, self.loop_depth = self.loop_depth, 0
        try:
            return self.parse_closure_inner()
        finally:
            self.loop_depth = saved
