"""Mesh `Expr` module (spec 06 §3.9): SQL expressions as values (`Ptr` in Mesh types) for
`Query.select_expr(s)`, `Query.where_expr`, `Repo.insert_expr`, `Repo.update_where_expr` and
`Repo.insert_or_update_expr`. Every literal is a bound parameter (`Expr.value`); names are
quoted (`Expr.column`, `Expr.excluded`, `Expr.label`) or validated (`Expr.call`)."""

from __future__ import annotations

from ..sql.frag import (
    Frag,
    check_function_name,
    join as join_frags,
    numbered,
    quote_ident,
    quote_path,
    value as bound,
)

__all__ = [
    "column",
    "value",
    "null",
    "call",
    "fn_call",
    "add",
    "sub",
    "mul",
    "div",
    "eq",
    "neq",
    "lt",
    "lte",
    "gt",
    "gte",
    "case_when",
    "case",
    "coalesce",
    "excluded",
    "label",
    "alias",
    "to_sql",
    "params",
]


def column(path: str) -> Frag:
    return Frag(quote_path(path))


def value(v: str) -> Frag:
    return bound(v)


def null() -> Frag:
    return Frag("NULL")


def call(name: str, args) -> Frag:
    return check_function_name("Expr.call", name) + "(" + join_frags(list(args), ", ") + ")"


fn_call = call


def _binary(op: str):
    def build(a: Frag, b: Frag) -> Frag:
        return "(" + a + f" {op} " + b + ")"

    return build


add, sub, mul, div = _binary("+"), _binary("-"), _binary("*"), _binary("/")
eq, neq, lt, lte, gt, gte = (
    _binary("="),
    _binary("!="),
    _binary("<"),
    _binary("<="),
    _binary(">"),
    _binary(">="),
)


def case_when(conds, values, else_: Frag) -> Frag:
    out = Frag("CASE")
    for c, v in zip(list(conds), list(values)):
        out = out + " WHEN " + c + " THEN " + v
    return out + " ELSE " + else_ + " END"


case = case_when


def coalesce(es) -> Frag:
    return "COALESCE(" + join_frags(list(es), ", ") + ")"


def excluded(col: str) -> Frag:
    return Frag("EXCLUDED." + quote_ident(col))


def label(e: Frag, name: str) -> Frag:
    return e + " AS " + quote_ident(name)


alias = label


def to_sql(e: Frag) -> str:
    """The expression's text with its values numbered `$1…` (our addition)."""
    return numbered(e)[0]


def params(e: Frag) -> list[str]:
    return numbered(e)[1]
