"""The front end: source text -> tokens (`lexer`) -> AST (`expressions`, `items`).

Entry points for the rest of the compiler and the tooling: `parse_module` for a whole file
(reports P0001 and returns None on failure), `Parser` + `parse_items` / `parse_top` for
tools that parse fragments (REPL, LSP, `mesh test` forms).
"""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.deep import deep
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse.errors import ParseError
from mesh.compiler.parse.expressions import GENERIC_PARSE_HELP
from mesh.compiler.parse.items import Parser, parse_fn_def, parse_items, parse_top
from mesh.compiler.parse.lexer import LexError, Token, tokenize
from mesh.compiler.source import SourceFile, Span

__all__ = [
    "GENERIC_PARSE_HELP",
    "LexError",
    "ParseError",
    "Parser",
    "Token",
    "parse_fn_def",
    "parse_items",
    "parse_module",
    "parse_top",
    "report_parse_failure",
    "tokenize",
]


@deep
def parse_module(file: SourceFile, module_name: str, reporter: Reporter) -> A.Module | None:
    """Parse one file; on failure report a P0001 diagnostic and return None."""
    try:
        tokens = tokenize(file)
        items = parse_items(Parser(tokens, file))
    except (LexError, ParseError, RecursionError) as exc:
        report_parse_failure(file, reporter, exc)
        return None
    return A.Module(module_name, file, items)


def report_parse_failure(
    file: SourceFile, reporter: Reporter, exc: LexError | ParseError | RecursionError
) -> None:
    """The P0001 diagnostic for a file that did not lex or parse (any parse entry point)."""
    if isinstance(exc, RecursionError):
        reporter.emit(
            "P0001", Span(file, 0, 0), label="too deep", problem="expression nested too deeply"
        )
        return
    reporter.emit(
        "P0001",
        Span(file, exc.start, max(exc.end, exc.start)),
        label=exc.message,
        help=getattr(exc, "help", None) or GENERIC_PARSE_HELP,
        problem=exc.message,
    )
