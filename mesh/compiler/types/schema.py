"""`deriving(Schema)` (spec 06 §3.7): the metadata functions of a schema struct.

Everything is known at compile time, so `T.__table__()` and friends resolve to a `SchemaRes`
carrying the value; codegen emits it as a constant function (`lambda: "users"`), which works
both for calls and for function values. The struct's `table`, `primary_key`, `timestamps`
and relation members come from the parser (`StructDef.db_members`); `timestamps true` has
already added the `inserted_at` / `updated_at` String fields there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.resolved import SchemaRes
from mesh.compiler.source import Span
from mesh.compiler.types import decls as D
from mesh.compiler.types.errors import Abort
from mesh.compiler.types.traits import TraitEnv
from mesh.compiler.types.ty import STRING, TCon, TFun, Type, prune

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker

SQL_TYPES = {"Int": "BIGINT", "Float": "DOUBLE PRECISION", "Bool": "BOOLEAN"}
RELATIONS = ("belongs_to", "has_many", "has_one")
LIST_FNS = ("__fields__", "__field_types__", "__relationships__", "__relationship_meta__")


def derives_schema(qual: str, tenv: TraitEnv) -> bool:
    return any(i.target_key == qual and i.trait == "Schema" for i in tenv.impls)


def _sql_type(t: Type) -> str:
    t = prune(t)
    if isinstance(t, TCon) and not t.args and t.name in SQL_TYPES:
        return SQL_TYPES[t.name]
    return "TEXT"


def schema_table(info: D.StructInfo) -> str:
    table = _option(info, "table")
    return table if isinstance(table, str) and table else info.name.lower() + "s"


def _option(info: D.StructInfo, word: str) -> A.DbMember | None:
    decl = info.decl
    for w, value, _span in decl.db_members if decl is not None else ():
        if w == word:
            return value
    return None


def schema_value(info: D.StructInfo, fn: str) -> str | tuple[str, ...] | None:
    """The value of the generated function `fn` of schema struct `info`, or None when the
    struct has no such function."""
    fields = [n for n, _ in info.fields]
    relations = (
        [(w, v) for w, v, _ in info.decl.db_members if w in RELATIONS and isinstance(v, tuple)]
        if info.decl is not None
        else []
    )
    owner_fk = info.name.lower() + "_id"
    if fn == "__table__":
        return schema_table(info)
    if fn == "__primary_key__":
        key = _option(info, "primary_key")
        return key if isinstance(key, str) and key else "id"
    if fn == "__fields__":
        return tuple(fields)
    if fn == "__field_types__":
        return tuple(f"{n}:{_sql_type(t)}" for n, t in info.fields)
    if fn == "__relationships__":
        return tuple(f"{kind}:{name}:{target}" for kind, (name, target) in relations)
    if fn == "__relationship_meta__":
        return tuple(
            f"{kind}:{name}:{target}:{name + '_id' if kind == 'belongs_to' else owner_fk}:"
            f"{target.lower()}s"
            for kind, (name, target) in relations
        )
    if fn.startswith("__") and fn.endswith("_col__") and fn[2:-6] in fields:
        return fn[2:-6]
    return None


def schema_member(
    ch: Checker, info: D.StructInfo, name: str, span: Span
) -> tuple[SchemaRes, TFun] | None:
    """`T.<name>` for a struct `info`: `(SchemaRes, type)` when it is a generated schema
    function, None when `name` is not a `__…__` name (other errors are reported here)."""
    if not (name.startswith("__") and name.endswith("__")):
        return None
    if not derives_schema(info.qual, ch.tenv):
        ch.reporter.emit(
            "E0006",
            span,
            form="not_derived",
            type=info.name,
            trait="Schema",
        )
        raise Abort()
    value = schema_value(info, name)
    if value is None:
        ch.reporter.emit(
            "E0004",
            span,
            form="schema_member",
            name=f"{info.name}.{name}",
        )
        raise Abort()
    ret = STRING if isinstance(value, str) else TCon("List", (STRING,))
    return SchemaRes(info.module, info.name, name, value), TFun((), ret)
