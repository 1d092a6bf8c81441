"""Python AST → source text for generated modules."""

from __future__ import annotations

import ast


class _Unparser(getattr(ast, "_Unparser", ast.NodeVisitor)):  # type: ignore[misc]
    """`ast.unparse` for generated trees, which carry no locations and no type comments.

    The stock unparser reads `node.lineno` to look up type comments, so every node would
    need locations (`ast.fix_missing_locations`, a fifth of code generation's time)."""

    def get_type_comment(self, node: ast.AST) -> None:
        return None


def unparse_stmt(st: ast.stmt) -> str:
    if hasattr(ast, "_Unparser"):
        text: str = _Unparser().visit(st)
        return text
    return ast.unparse(ast.fix_missing_locations(st))


_DEFS = (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef, str)  # str: a def's text


def unparse_module(body: list[ast.stmt | str]) -> str:
    """`ast.unparse` of a module's statements with blank lines between top-level definitions
    (already-unparsed function definitions come as strings). The statements carry no
    locations: they are only unparsed."""
    chunks: list[str] = []
    prev: ast.stmt | str | None = None
    for st in body:
        text = st if isinstance(st, str) else unparse_stmt(st)
        if prev is not None:
            is_def = isinstance(st, _DEFS)
            was_def = isinstance(prev, _DEFS)
            same_kind = type(st) is type(prev) and not is_def
            chunks.append("\n\n\n" if (is_def or was_def) else "\n" if same_kind else "\n\n")
        chunks.append(text)
        prev = st
    return "".join(chunks) + "\n"
