"""Mesh `Query` module (spec 06 §3.8, §3.14): immutable SELECT builders.

Field arguments are atoms (a `String` is accepted too) and are always double-quoted; values
are bound parameters, never SQL text. `Query.to_sql` / `Query.params` (our additions) show
what `Repo` will send. SQL text: `mesh.runtime.sql.query`.
"""

from __future__ import annotations

from dataclasses import replace

from ..sql.frag import (
    Frag,
    bare_or_quoted,
    join as join_frags,
    numbered,
    quote_ident,
    quote_path,
    raw,
    value,
    verbatim,
)
from ..sql.query import QueryValue, from_table, render_select
from ..values import Atom, MeshPanic, None_, Some

__all__ = [
    "from_",
    "select",
    "select_raw",
    "select_expr",
    "select_exprs",
    "select_count",
    "select_count_field",
    "select_sum",
    "select_avg",
    "select_min",
    "select_max",
    "select_typed",
    "where",
    "where_op",
    "where_in",
    "where_not_in",
    "where_between",
    "where_null",
    "where_not_null",
    "where_or",
    "where_raw",
    "where_expr",
    "where_sub",
    "where_predicate",
    "join",
    "join_as",
    "group_by",
    "group_by_raw",
    "having",
    "fragment",
    "order_by",
    "order_by_raw",
    "limit",
    "offset",
    "to_sql",
    "params",
]

_OPS = {
    "eq": "=",
    "neq": "!=",
    "lt": "<",
    "gt": ">",
    "lte": "<=",
    "gte": ">=",
    "like": "LIKE",
    "ilike": "ILIKE",
}
_JOINS = {"inner": "INNER JOIN", "left": "LEFT JOIN", "right": "RIGHT JOIN"}
_DIRS = {"asc": "ASC", "desc": "DESC"}


def _name(field) -> str:
    return field.name if type(field) is Atom else str(field)


def _col(field) -> str:
    """An atom or string field: `"f"`, or `"t"."f"` for `t.f`."""
    return quote_path(_name(field))


def _q(q) -> QueryValue:
    if not isinstance(q, QueryValue):
        raise MeshPanic("Query: expected a query built with Query.from or Query.select")
    return q


def from_(table: str) -> QueryValue:
    return from_table(table)


def select(q, cols) -> QueryValue:
    """Replaces the select list with the quoted columns (`t.c` → `"t"."c"`, `*` bare)."""
    return replace(_q(q), select=tuple(Frag(quote_path(c)) for c in cols))


def select_typed(row_type: type, table: str, fields) -> QueryValue:
    """`Query.select(T)` for a struct deriving Schema (§3.14): the compiler passes
    `T.__table__()` and `T.__fields__()`; `Repo.all` decodes rows into `T`."""
    return replace(from_table(table, row_type), select=tuple(Frag(quote_ident(f)) for f in fields))


def select_raw(q, items) -> QueryValue:
    return _q(q).add(select=tuple(Frag(verbatim("Query.select_raw", s)) for s in items))


def select_expr(q, e: Frag) -> QueryValue:
    return _q(q).add(select=(e,))


def select_exprs(q, es) -> QueryValue:
    return _q(q).add(select=tuple(es))


def select_count(q) -> QueryValue:
    return _q(q).add(select=(Frag("count(*)"),))


def _aggregate(fn: str):
    def build(q, field) -> QueryValue:
        return _q(q).add(select=(Frag(f"{fn}({_col(field)})"),))

    build.__name__ = f"select_{fn}"
    return build


select_count_field = _aggregate("count")
select_sum = _aggregate("sum")
select_avg = _aggregate("avg")
select_min = _aggregate("min")
select_max = _aggregate("max")


def _cond(q, cond: Frag) -> QueryValue:
    return _q(q).add(wheres=(cond,))


def where(q, field, v) -> QueryValue:
    return _cond(q, _col(field) + " = " + value(v))


def where_op(q, field, op, v) -> QueryValue:
    return _cond(q, _col(field) + f" {_OPS.get(_name(op), '=')} " + value(v))


def _in_list(q, field, values, negate: bool) -> QueryValue:
    vals = list(values)
    if not vals:  # `IN ()` is a syntax error: nothing is in the empty list
        return _cond(q, Frag("TRUE" if negate else "FALSE"))
    items = join_frags([value(v) for v in vals], ", ")
    return _cond(q, _col(field) + (" NOT IN (" if negate else " IN (") + items + ")")


def where_in(q, field, values) -> QueryValue:
    return _in_list(q, field, values, False)


def where_not_in(q, field, values) -> QueryValue:
    return _in_list(q, field, values, True)


def where_between(q, field, lo, hi) -> QueryValue:
    return _cond(q, _col(field) + " BETWEEN " + value(lo) + " AND " + value(hi))


def where_null(q, field) -> QueryValue:
    return _cond(q, Frag(_col(field) + " IS NULL"))


def where_not_null(q, field) -> QueryValue:
    return _cond(q, Frag(_col(field) + " IS NOT NULL"))


def where_or(q, fields, values) -> QueryValue:
    fields, values = list(fields), list(values)
    if len(fields) != len(values) or not fields:
        raise MeshPanic(f"Query.where_or: {len(fields)} field(s) but {len(values)} value(s)")
    alts = join_frags([_col(f) + " = " + value(v) for f, v in zip(fields, values)], " OR ")
    return _cond(q, "(" + alts + ")")


def where_raw(q, sql: str, values) -> QueryValue:
    return _cond(q, raw("Query.where_raw", sql, list(values)))


def where_expr(q, e: Frag) -> QueryValue:
    return _cond(q, e)


def where_sub(q, field, sub) -> QueryValue:
    return _cond(q, _col(field) + " IN (" + render_select(_q(sub)) + ")")


_PRED_OPS = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
# SQL binding strength: OR < AND < NOT < comparison < column/value.
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "col": 5, "val": 5}


def _predicate(tree) -> Frag:
    kind = tree[0]
    if kind == "col":
        return Frag(quote_ident(tree[1]))
    if kind == "val":
        return value(tree[1])
    if kind == "not":
        return Frag("NOT ") + _operand(tree[1], kind)
    if kind in ("and", "or"):
        return _operand(tree[1], kind) + f" {kind.upper()} " + _operand(tree[2], kind)
    op, left, right = tree[1], tree[2], tree[3]
    if _is_val(right, None_) or _is_val(left, None_):  # an `Option` field against `None`
        other = left if _is_val(right, None_) else right
        if op in ("==", "!="):
            return _operand(other, kind) + (" IS NULL" if op == "==" else " IS NOT NULL")
        return _operand(other, kind) + f" {_PRED_OPS[op]} NULL"  # SQL: matches no row
    if _is_val(left, Some) or _is_val(right, Some):  # `x.f == Some(v)` compares with v
        left, right = _unwrap_some(left), _unwrap_some(right)
        if op == "!=":  # `None != Some(v)` holds in Mesh: NULL rows match too
            return _operand(left, kind) + " IS DISTINCT FROM " + _operand(right, kind)
    return _operand(left, kind) + f" {_PRED_OPS[op]} " + _operand(right, kind)


def _is_val(tree, cls) -> bool:
    return tree[0] == "val" and type(tree[1]) is cls


def _unwrap_some(tree):
    return ("val", tree[1]._0) if _is_val(tree, Some) else tree


def _operand(tree, parent: str) -> Frag:
    """Parenthesised when it binds less tightly than its parent (or as tightly, under a
    comparison or NOT, where SQL would not associate the way Mesh does)."""
    inner = _predicate(tree)
    mine, theirs = _PRECEDENCE[tree[0]], _PRECEDENCE[parent]
    if mine < theirs or (mine == theirs and parent in ("cmp", "not")):
        return "(" + inner + ")"
    return inner


def where_predicate(q, tree) -> QueryValue:
    """A typed `Query.where(q, fn(x) do … end)`: the compiler translated the lambda into
    `tree` (nested tuples; captured values already evaluated), spec 06 §3.14."""
    return _cond(q, _operand(tree, "and"))  # ANDed with the other conditions


def join(q, kind, table: str, on: str) -> QueryValue:
    return _q(q).add(
        joins=(
            f"{_JOINS.get(_name(kind), 'INNER JOIN')} {quote_ident(table)} "
            f"ON {verbatim('Query.join', on)}",
        )
    )


def join_as(q, kind, table: str, alias: str, on: str) -> QueryValue:
    return _q(q).add(
        joins=(
            f"{_JOINS.get(_name(kind), 'INNER JOIN')} {quote_ident(table)} "
            f"{bare_or_quoted(alias)} ON {on}",
        )
    )


def group_by(q, field) -> QueryValue:
    return _q(q).add(group=(_col(field),))


def group_by_raw(q, sql: str) -> QueryValue:
    return _q(q).add(group=(verbatim("Query.group_by_raw", sql),))


def having(q, clause: str, v) -> QueryValue:
    return _q(q).add(havings=(Frag(verbatim("Query.having", clause) + " ") + value(v),))


def fragment(q, sql: str, values) -> QueryValue:
    return _q(q).add(fragments=(raw("Query.fragment", sql, list(values)),))


def order_by(q, field, direction) -> QueryValue:
    return _q(q).add(orders=(f"{_col(field)} {_DIRS.get(_name(direction), 'ASC')}",))


def order_by_raw(q, sql: str) -> QueryValue:
    return _q(q).add(orders=(verbatim("Query.order_by_raw", sql),))


def limit(q, n: int) -> QueryValue:
    return replace(_q(q), limit=n)


def offset(q, n: int) -> QueryValue:
    return replace(_q(q), offset=n)


def to_sql(q) -> str:
    """The SELECT text `Repo.all` sends (placeholders `$1…`)."""
    return numbered(render_select(_q(q)))[0]


def params(q) -> list[str]:
    """The bound values of `to_sql`, in placeholder order."""
    return numbered(render_select(_q(q)))[1]
