"""The typed query forms of the seed (spec 06 §3.14), checked after overload resolution.

* typed `Repo.all(pool, q)` (`q :: Query<T>`) gets `query_form = ("typed_all",)`: it compiles
  to `repo.all_typed`, which decodes rows into `T` and panics on failure.
* `Query.select(T)`: `T` must be a struct deriving Schema whose fields can be decoded from a
  row; the call gets `query_form = ("select", table, fields)`.
* `Query.where(q, fn(x) do … end)` on a `Query<T>`: the lambda is translated into a
  predicate tree (`query_form = ("where", tree)`) that `mesh.runtime.stdlib.query.
  where_predicate` renders. `x.f` → ("col", f); `== != < <= > >=` → ("cmp", op, l, r);
  `and`/`or` → (op, l, r); `not` → ("not", e); any sub-expression not mentioning `x` →
  ("val", node), evaluated by codegen when the query is built and bound as a parameter.
  Anything else is E0150 `Query.where predicate cannot be translated to SQL`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from mesh.compiler import ast as A
from mesh.compiler.ast_walk import walk
from mesh.compiler.types.errors import Abort
from mesh.compiler.types.row import row_spec
from mesh.compiler.types.schema import derives_schema, schema_table
from mesh.compiler.types.ty import TCon, Type, prune, show

if TYPE_CHECKING:
    from mesh.compiler.source import Span
    from mesh.compiler.types.checker import Checker

# A translated predicate (see above): nested tuples of strings and value nodes.
Tree = tuple[object, ...]

QUERY_FORMS = frozenset({"Query.select", "Query.where", "Repo.all"})

_CMP = ("==", "!=", "<", "<=", ">", ">=")


def check_query_form(
    ch: Checker, qual: str, e: A.Call, args: list[A.Expr], arg_ts: list[Type]
) -> None:
    if qual == "Query.select" and len(args) == 1:
        e.query_form = ("select", *_typed_select(ch, arg_ts[0], args[0].span))
    elif qual == "Query.where" and len(args) == 2 and isinstance(args[1], A.Closure):
        qt = prune(arg_ts[0])
        fields = None
        if isinstance(qt, TCon) and qt.name == "Query" and qt.args:
            got = ch.struct_info(qt.args[0])
            fields = got[0].field_names() if got is not None else None
        e.query_form = ("where", _translate_lambda(ch, args[1], fields))
    elif qual == "Query.where" and len(args) == 2:
        _untranslatable(ch, args[1].span, "not_a_lambda")
    elif qual == "Repo.all" and len(args) == 2:
        qt = prune(arg_ts[1])
        if isinstance(qt, TCon) and qt.name == "Query":  # the typed overload: `List<T>`
            e.query_form = ("typed_all",)


def _typed_select(ch: Checker, t: Type, span: Span) -> tuple[str, tuple[str, ...]]:
    got = ch.struct_info(t)
    if got is None or not derives_schema(got[0].qual, ch.tenv):
        ts = got[0].name if got is not None else show(prune(t))
        ch.reporter.emit("E0006", span, form="query_select", type=ts)
        raise Abort()
    info = got[0]
    for fname, ft in info.fields:
        if row_spec(ft) is None:
            ch.reporter.emit(
                "E0039", span, form="query_select", field=fname, type=show(ft), struct=info.name
            )
            raise Abort()
    return schema_table(info), info.field_names()


def _untranslatable(ch: Checker, span: Span, form: str | None = None, **params: object) -> NoReturn:
    ch.reporter.emit_with("E0150", span, params, form=form)
    raise Abort()


def _translate_lambda(ch: Checker, lam: A.Closure, fields: tuple[str, ...] | None) -> Tree:
    clause = lam.clauses[0]
    if (
        len(lam.clauses) != 1
        or len(clause.params) != 1
        or clause.guard is not None
        or not isinstance(clause.params[0].pattern, A.PVar)
    ):
        _untranslatable(ch, lam.span, "parameters")
    param = clause.params[0].pattern.name
    return _Translator(ch, param, fields).condition(clause.body)


class _Translator:
    def __init__(self, ch: Checker, param: str, fields: tuple[str, ...] | None) -> None:
        self.ch = ch
        self.param = param
        self.fields = fields

    def mentions(self, node: object) -> bool:
        return any(isinstance(n, A.Name) and n.name == self.param for n in walk(node))

    def condition(self, node: A.Expr) -> Tree:
        node = _unwrap(node)
        if isinstance(node, A.Binary) and node.op in ("and", "or"):
            return (node.op, self.condition(node.left), self.condition(node.right))
        if isinstance(node, A.Unary) and node.op == "not":
            return ("not", self.condition(node.operand))
        return self.operand(node)

    def operand(self, node: A.Expr) -> Tree:
        node = _unwrap(node)
        if not self.mentions(node):
            return ("val", node)
        if (
            isinstance(node, A.Field)
            and isinstance(node.obj, A.Name)
            and node.obj.name == self.param
        ):
            if self.fields is not None and node.name not in self.fields:
                _untranslatable(self.ch, node.name_span, "unknown_field", field=node.name)
            return ("col", node.name)
        if isinstance(node, A.Binary) and node.op in _CMP:
            return ("cmp", node.op, self.operand(node.left), self.operand(node.right))
        if (
            isinstance(node, A.Binary)
            and node.op in ("and", "or")
            or isinstance(node, A.Unary)
            and node.op == "not"
        ):
            return self.condition(node)
        _untranslatable(self.ch, node.span)


def _unwrap(node: A.Expr) -> A.Expr:
    """A block holding one expression is that expression."""
    while isinstance(node, A.Block) and len(node.stmts) == 1 and isinstance(node.stmts[0], A.Expr):
        node = node.stmts[0]
    return node
