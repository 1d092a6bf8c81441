"""Code for the database forms the checker resolved at compile time: `deriving(Schema)`
functions (spec 06 §3.7) and the typed `Query.select(T)` / `Query.where(q, fn(x) …)` of
§3.14 (see mesh/compiler/types/query_forms.py for the predicate tree)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from mesh.compiler import ast as A
from mesh.compiler.codegen.core import arguments, call, const
from mesh.compiler.resolved import SchemaRes

if TYPE_CHECKING:
    from mesh.compiler.codegen.emitter import FnEmitter

_QUERY = "mesh.runtime.stdlib.query"


def _value(v: str | tuple[str, ...]) -> ast.expr:
    if isinstance(v, str):
        return const(v)
    return ast.List(elts=[const(x) for x in v], ctx=ast.Load())


def schema_function(res: SchemaRes) -> ast.expr:
    """`T.__table__` → `lambda: 'users'` (called or passed around like any function)."""
    return ast.Lambda(args=arguments([]), body=_value(res.value))


def emit_query_form(em: FnEmitter, e: A.Call, form: tuple[Any, ...]) -> ast.expr:
    """`e` is the call the checker resolved to `form` (its `query_form`)."""
    if form[0] == "select":
        _, table, fields = form
        fn = em.mod.import_name(_QUERY, "select_typed", "query_select_typed", "query")
        (cls,) = em.exprs.in_order(e.args)
        return call(fn, [cls, const(table), _value(tuple(fields))])
    if form[0] == "typed_all":
        fn = em.mod.import_name("mesh.runtime.stdlib.repo", "all_typed", "repo_all_typed", "repo")
        return call(fn, em.exprs.in_order(e.args))
    leaves: list[A.Expr] = []
    _collect_values(form[1], leaves)
    q, *values = em.exprs.in_order([e.args[0], *leaves])  # left to right, as written
    fn = em.mod.import_name(_QUERY, "where_predicate", "query_where_predicate", "query")
    return call(fn, [q, _tree(form[1], iter(values))])


def _collect_values(tree: tuple[Any, ...], out: list[A.Expr]) -> None:
    if tree[0] == "val":
        out.append(tree[1])
        return
    for part in tree[1:]:
        if isinstance(part, tuple):
            _collect_values(part, out)


def _tree(tree: tuple[Any, ...], values: Iterator[ast.expr]) -> ast.expr:
    if tree[0] == "val":
        items = [const("val"), next(values)]
    else:
        items = [const(p) if isinstance(p, str) else _tree(p, values) for p in tree]
    return ast.Tuple(elts=items, ctx=ast.Load())
