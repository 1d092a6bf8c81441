"""Static types of the query stdlib (spec 06 §3.8–§3.12, §3.14): `Query`, `Expr`, `Repo`,
`Orm` and the `Pg` expression helpers; same format as `stdlib_types.SIGNATURES`, merged by
`stdlib_types._merge_db_stdlib`. Python implementations: `mesh.runtime.stdlib.{query,expr,
repo,orm,pg_expr}` (docs/databases.md).

Untyped queries and expressions are the opaque `Ptr` (spec 06 conventions). A typed query
`Query.select(T)` is a `Query<T>`; every builder is overloaded on `Ptr` and `Query<T>`
(§3.14). `Repo` functions accept a `PoolHandle`, a `PgConn` (inside `Repo.transaction`) or a
`SqliteConn`; typed `Repo.all` gives `List<T>`. The typed `Query.where(q, fn(x) do … end)`
is translated at compile time (mesh/compiler/types/query_predicate.py).
"""

from __future__ import annotations

QUERY_MODULES: dict[str, str] = {"Query": "query", "Expr": "expr", "Repo": "repo", "Orm": "orm"}

_ROW = "Map<String, String>"
_ROWS = f"List<{_ROW}>"
_S = "String"
_LS = "List<String>"

# Query builders: parameters after the query; each returns the query.
_BUILDERS: dict[str, str] = {
    "select_raw": _LS,
    "select_expr": "Ptr",
    "select_exprs": "List<Ptr>",
    "select_count": "",
    "select_count_field": "Atom",
    "select_sum": "Atom",
    "select_avg": "Atom",
    "select_min": "Atom",
    "select_max": "Atom",
    "where": f"Atom, {_S}",
    "where_op": f"Atom, Atom, {_S}",
    "where_in": f"Atom, {_LS}",
    "where_not_in": f"Atom, {_LS}",
    "where_between": f"Atom, {_S}, {_S}",
    "where_null": "Atom",
    "where_not_null": "Atom",
    "where_or": f"List<Atom>, {_LS}",
    "where_raw": f"{_S}, {_LS}",
    "where_expr": "Ptr",
    "where_sub": "Atom, Ptr",
    "join": f"Atom, {_S}, {_S}",
    "join_as": f"Atom, {_S}, {_S}, {_S}",
    "group_by": "Atom",
    "group_by_raw": _S,
    "having": f"{_S}, {_S}",
    "fragment": f"{_S}, {_LS}",
    "order_by": "Atom, Atom",
    "order_by_raw": _S,
    "limit": "Int",
    "offset": "Int",
}


def _builder(params: str, q: str) -> str:
    generic = "<T>" if q != "Ptr" else ""
    return f"{generic}({q}{', ' + params if params else ''}) -> {q}"


_QUERY_OVERLOADS: dict[str, list[str]] = {
    f"Query.{name}": [_builder(params, "Ptr"), _builder(params, "Query<T>")]
    for name, params in _BUILDERS.items()
}
_QUERY_OVERLOADS["Query.select"] = [
    "<T>(T) -> Query<T>",  # the typed form: `T` is a struct deriving Schema (§3.14)
    f"(Ptr, {_LS}) -> Ptr",
    f"<T>(Query<T>, {_LS}) -> Query<T>",
]
_QUERY_OVERLOADS["Query.where"].append("<T>(Query<T>, Fun(T) -> Bool) -> Query<T>")
_QUERY_OVERLOADS["Query.to_sql"] = ["(Ptr) -> String", "<T>(Query<T>) -> String"]
_QUERY_OVERLOADS["Query.params"] = [f"(Ptr) -> {_LS}", f"<T>(Query<T>) -> {_LS}"]

_EXPR: dict[str, str] = {
    "column": "(String) -> Ptr",
    "value": "(String) -> Ptr",
    "null": "() -> Ptr",
    "call": "(String, List<Ptr>) -> Ptr",
    "fn_call": "(String, List<Ptr>) -> Ptr",
    **dict.fromkeys(
        ("add", "sub", "mul", "div", "eq", "neq", "lt", "lte", "gt", "gte"), "(Ptr, Ptr) -> Ptr"
    ),
    "case_when": "(List<Ptr>, List<Ptr>, Ptr) -> Ptr",
    "case": "(List<Ptr>, List<Ptr>, Ptr) -> Ptr",
    "coalesce": "(List<Ptr>) -> Ptr",
    "excluded": "(String) -> Ptr",
    "label": "(Ptr, String) -> Ptr",
    "alias": "(Ptr, String) -> Ptr",
    "to_sql": "(Ptr) -> String",
    "params": f"(Ptr) -> {_LS}",
}

_PG_EXPR: dict[str, str] = {
    "cast": "(Ptr, String) -> Ptr",
    **dict.fromkeys(("text", "int", "uuid", "jsonb", "timestamptz"), "(Ptr) -> Ptr"),
    "crypt": "(Ptr, Ptr) -> Ptr",
    "gen_salt": "(String, Int) -> Ptr",
    "to_tsvector": "(String, Ptr) -> Ptr",
    "plainto_tsquery": "(String, Ptr) -> Ptr",
    "ts_rank": "(Ptr, Ptr) -> Ptr",
    "tsvector_matches": "(Ptr, Ptr) -> Ptr",
    "jsonb_contains": "(Ptr, Ptr) -> Ptr",
}

_ORM: dict[str, str] = {
    "build_select": f"({_S}, {_LS}, {_LS}, {_LS}, Int, Int) -> String",
    "build_insert": f"({_S}, {_LS}, {_LS}) -> String",
    "build_update": f"({_S}, {_LS}, {_LS}, {_LS}) -> String",
    "build_delete": f"({_S}, {_LS}, {_LS}) -> String",
}

# Repo: parameters after the target, with `Q` standing for the query type, and the result.
_R = "Result<{}, String>"
_REPO: dict[str, tuple[str, str]] = {
    "all": ("Q", _R.format(_ROWS)),
    "one": ("Q", _R.format(_ROW)),
    "get": (f"{_S}, {_S}", _R.format(_ROW)),
    "get_by": (f"{_S}, {_S}, {_S}", _R.format(_ROW)),
    "count": ("Q", _R.format("Int")),
    "exists": ("Q", _R.format("Bool")),
    "insert": (f"{_S}, {_ROW}", _R.format(_ROW)),
    "insert_expr": (f"{_S}, Map<String, Ptr>", _R.format(_ROW)),
    "update": (f"{_S}, {_S}, {_ROW}", _R.format(_ROW)),
    "update_where": (f"{_S}, {_ROW}, Q", _R.format(_ROW)),
    "update_where_expr": (f"{_S}, Map<String, Ptr>, Q", _R.format(_ROW)),
    "delete": (f"{_S}, {_S}", _R.format(_ROW)),
    "delete_where": (f"{_S}, Q", _R.format("Int")),
    "delete_where_returning": (f"{_S}, Q", _R.format(_ROWS)),
    "insert_or_update": (f"{_S}, {_ROW}, {_LS}, {_LS}", _R.format(_ROW)),
    "insert_or_update_expr": (f"{_S}, {_ROW}, {_LS}, Map<String, Ptr>", _R.format(_ROW)),
    "query_raw": (f"{_S}, {_LS}", _R.format(_ROWS)),
    "execute_raw": (f"{_S}, {_LS}", _R.format("Int")),
    # rows, association names, `T.__relationship_meta__()`; each association is added to
    # its rows as a `Json` value (docs/queries.md "Preloading associations")
    "preload": (f"{_ROWS}, {_LS}, {_LS}", _R.format(_ROWS)),
}
_TARGETS = ("PoolHandle", "PgConn", "SqliteConn")


def _repo_alternatives(name: str) -> list[str]:
    params, ret = _REPO[name]
    out = []
    for target in _TARGETS:
        out.append(f"({target}, {params.replace('Q', 'Ptr')}) -> {ret}")
        if "Q" in params:
            typed_ret = "List<T>" if name == "all" else ret
            out.append(f"<T>({target}, {params.replace('Q', 'Query<T>')}) -> {typed_ret}")
    if name == "get_by":  # the field may also be an atom, like every other field argument
        out += [f"({target}, {_S}, Atom, {_S}) -> {ret}" for target in _TARGETS]
    return out


_REPO_OVERLOADS: dict[str, list[str]] = {f"Repo.{name}": _repo_alternatives(name) for name in _REPO}
# The callback's connection is a `PgConn` (a `SqliteConn` for SQLite). An unannotated
# `fn(conn) do Repo.insert(conn, …) end` is inferred before the overload is chosen, so its
# `conn` defaults to `PoolHandle` (Repo's first alternative): accepted too, since every Repo
# function takes any of the three targets at run time (docs/databases.md).
_REPO_OVERLOADS["Repo.transaction"] = [
    f"<T>({target}, Fun({conn}) -> Result<T, String>) -> Result<T, String>"
    for target, conn in (
        ("PoolHandle", "PgConn"),
        ("PoolHandle", "PoolHandle"),
        ("PgConn", "PgConn"),
        ("SqliteConn", "SqliteConn"),
        ("SqliteConn", "PoolHandle"),
    )
]

_REPO_OVERLOADS["Repo.insert_changeset"] = [
    f"({target}, String, Changeset) -> Result<{_ROW}, Changeset>" for target in _TARGETS
]
_REPO_OVERLOADS["Repo.update_changeset"] = [
    f"({target}, String, String, Changeset) -> Result<{_ROW}, Changeset>" for target in _TARGETS
]

QUERY_OVERLOADS: dict[str, list[str]] = {**_QUERY_OVERLOADS, **_REPO_OVERLOADS}

QUERY_SIGNATURES: dict[str, str] = {
    "Query.from": "(String) -> Ptr",
    **{name: alts[0] for name, alts in QUERY_OVERLOADS.items()},
    **{f"Expr.{name}": sig for name, sig in _EXPR.items()},
    **{f"Pg.{name}": sig for name, sig in _PG_EXPR.items()},
    **{f"Orm.{name}": sig for name, sig in _ORM.items()},
}

QUERY_SUSPENDING: frozenset[str] = frozenset(_REPO_OVERLOADS)
