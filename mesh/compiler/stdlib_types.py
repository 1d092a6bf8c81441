"""Static Mesh types of the core stdlib functions implemented in mesh/runtime/stdlib.

`SIGNATURES["Mod.f"]` (or a bare prelude name) is written in Mesh annotation syntax:
optional `<T, U>` generics, then `(params) -> return`. Single upper-case letters (and names
listed in `<...>`) are type variables. A value that is not a function (e.g. `Math.pi`) is
just a type (`"Float"`). `OVERLOADS` lists the alternatives of functions that accept several
unrelated argument types (SIGNATURES holds the first one). `MODULES` maps Mesh module names to
`mesh.runtime.stdlib.<python module>`; the Python function is `f`, or `f_` when `f` is a
Python keyword (see `py_name`). `SNAKE_ALIASES` maps the reference's flat `module_fn`
spellings (spec 03 B0) to qualified names.

The other stdlib areas (actors, HTTP, cluster, databases, `Test`) declare the same tables in
`stdlib_types_<area>.py`; `AREAS` lists them and `_merge` is the one path that joins them
here. tests/unit/test_stdlib_arity.py checks every signature's parameter count against the
runtime function it compiles to.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping
from dataclasses import dataclass, field

from mesh.compiler import (
    stdlib_types_actors as _actors,
    stdlib_types_changeset as _changeset,
    stdlib_types_cluster as _cluster,
    stdlib_types_http as _http,
    stdlib_types_migration as _migration,
    stdlib_types_pg as _pg,
    stdlib_types_query as _query,
    stdlib_types_sqlite as _sqlite,
    stdlib_types_test as _test,
)

MODULES: dict[str, str] = {
    "String": "string",
    "List": "list",
    "Map": "map",
    "Set": "set",
    "Range": "range",
    "Tuple": "tuple",
    "Option": "option",
    "Result": "result",
    "Int": "int",
    "Float": "float",
    "Math": "math",
    "IO": "io",
    "Env": "env",
    "Queue": "queue",
    "Iter": "iter",
    "File": "file",
    "Json": "json",
    "JSON": "json",
    "Regex": "regex",
    "Crypto": "crypto",
    "Base64": "base64",
    "Hex": "hex",
    "DateTime": "datetime",
}

PRELUDE_MODULE = "prelude"

SIGNATURES: dict[str, str] = {
    # ---- prelude (bare names) ----
    "println": "(String) -> ()",
    "print": "(String) -> ()",
    "map": "<T, U>(List<T>, Fun(T) -> U) -> List<U>",
    "filter": "<T>(List<T>, Fun(T) -> Bool) -> List<T>",
    "reduce": "<T, U>(List<T>, U, Fun(U, T) -> U) -> U",
    "head": "<T>(List<T>) -> T",
    "tail": "<T>(List<T>) -> List<T>",
    "compare": "<T>(T, T) -> Ordering",
    "default": "<T>() -> T",
    "panic": "<T>(String) -> T",
    # ---- String ----
    "String.length": "(String) -> Int",
    "String.slice": "(String, Int, Int) -> String",
    "String.contains": "(String, String) -> Bool",
    "String.starts_with": "(String, String) -> Bool",
    "String.ends_with": "(String, String) -> Bool",
    "String.trim": "(String) -> String",
    "String.to_upper": "(String) -> String",
    "String.to_lower": "(String) -> String",
    "String.upcase": "(String) -> String",
    "String.downcase": "(String) -> String",
    "String.replace": "(String, String, String) -> String",
    "String.split": "(String, String) -> List<String>",
    "String.join": "(List<String>, String) -> String",
    "String.to_int": "(String) -> Option<Int>",
    "String.to_float": "(String) -> Option<Float>",
    "String.from": "<T>(T) -> String",
    "String.collect": "(Iter<String>) -> String",
    # ---- List ----
    "List.new": "<T>() -> List<T>",
    "List.length": "<T>(List<T>) -> Int",
    "List.append": "<T>(List<T>, T) -> List<T>",
    "List.concat": "<T>(List<T>, List<T>) -> List<T>",
    "List.head": "<T>(List<T>) -> T",
    "List.tail": "<T>(List<T>) -> List<T>",
    "List.last": "<T>(List<T>) -> T",
    "List.get": "<T>(List<T>, Int) -> T",
    "List.nth": "<T>(List<T>, Int) -> T",
    "List.reverse": "<T>(List<T>) -> List<T>",
    "List.map": "<T, U>(List<T>, Fun(T) -> U) -> List<U>",
    "List.filter": "<T>(List<T>, Fun(T) -> Bool) -> List<T>",
    "List.reduce": "<T, U>(List<T>, U, Fun(U, T) -> U) -> U",
    "List.sort": "<T>(List<T>, Fun(T, T) -> Int) -> List<T>",
    "List.find": "<T>(List<T>, Fun(T) -> Bool) -> Option<T>",
    "List.any": "<T>(List<T>, Fun(T) -> Bool) -> Bool",
    "List.all": "<T>(List<T>, Fun(T) -> Bool) -> Bool",
    "List.contains": "<T>(List<T>, T) -> Bool",
    "List.zip": "<T, U>(List<T>, List<U>) -> List<(T, U)>",
    "List.enumerate": "<T>(List<T>) -> List<(Int, T)>",
    "List.flat_map": "<T, U>(List<T>, Fun(T) -> List<U>) -> List<U>",
    "List.flatten": "<T>(List<List<T>>) -> List<T>",
    "List.take": "<T>(List<T>, Int) -> List<T>",
    "List.drop": "<T>(List<T>, Int) -> List<T>",
    "List.collect": "<T>(Iter<T>) -> List<T>",
    # ---- Map ----
    "Map.new": "<K, V>() -> Map<K, V>",
    "Map.put": "<K, V>(Map<K, V>, K, V) -> Map<K, V>",
    "Map.get": "<K, V>(Map<K, V>, K) -> V",
    "Map.has_key": "<K, V>(Map<K, V>, K) -> Bool",
    "Map.delete": "<K, V>(Map<K, V>, K) -> Map<K, V>",
    "Map.size": "<K, V>(Map<K, V>) -> Int",
    "Map.keys": "<K, V>(Map<K, V>) -> List<K>",
    "Map.values": "<K, V>(Map<K, V>) -> List<V>",
    "Map.merge": "<K, V>(Map<K, V>, Map<K, V>) -> Map<K, V>",
    "Map.to_list": "<K, V>(Map<K, V>) -> List<(K, V)>",
    "Map.from_list": "<K, V>(List<(K, V)>) -> Map<K, V>",
    "Map.collect": "<K, V>(Iter<(K, V)>) -> Map<K, V>",
    # ---- Set ----
    "Set.new": "<T>() -> Set<T>",
    "Set.add": "<T>(Set<T>, T) -> Set<T>",
    "Set.remove": "<T>(Set<T>, T) -> Set<T>",
    "Set.contains": "<T>(Set<T>, T) -> Bool",
    "Set.size": "<T>(Set<T>) -> Int",
    "Set.union": "<T>(Set<T>, Set<T>) -> Set<T>",
    "Set.intersection": "<T>(Set<T>, Set<T>) -> Set<T>",
    "Set.difference": "<T>(Set<T>, Set<T>) -> Set<T>",
    "Set.to_list": "<T>(Set<T>) -> List<T>",
    "Set.from_list": "<T>(List<T>) -> Set<T>",
    "Set.collect": "<T>(Iter<T>) -> Set<T>",
    # ---- Queue ----
    "Queue.new": "<T>() -> Queue<T>",
    "Queue.push": "<T>(Queue<T>, T) -> Queue<T>",
    "Queue.pop": "<T>(Queue<T>) -> (T, Queue<T>)",
    "Queue.peek": "<T>(Queue<T>) -> T",
    "Queue.size": "<T>(Queue<T>) -> Int",
    "Queue.is_empty": "<T>(Queue<T>) -> Bool",
    # ---- Range ----
    "Range.new": "(Int, Int) -> Range",
    "Range.length": "(Range) -> Int",
    "Range.to_list": "(Range) -> List<Int>",
    "Range.map": "<U>(Range, Fun(Int) -> U) -> List<U>",
    "Range.filter": "(Range, Fun(Int) -> Bool) -> List<Int>",
    # ---- Tuple (first/second/nth are special-cased by the checker for other arities) ----
    "Tuple.first": "<A, B>((A, B)) -> A",
    "Tuple.second": "<A, B>((A, B)) -> B",
    "Tuple.nth": "<T>(Tuple, Int) -> T",
    "Tuple.size": "(Tuple) -> Int",
    # ---- Option / Result: constructors only (spec 03 B8) ----
    "Option.Some": "<T>(T) -> Option<T>",
    "Option.None": "Option<T>",
    "Result.Ok": "<T, E>(T) -> Result<T, E>",
    "Result.Err": "<T, E>(E) -> Result<T, E>",
    # ---- Iter ----
    "Iter.from": "<T>(List<T>) -> Iter<T>",
    "Iter.map": "<T, U>(Iter<T>, Fun(T) -> U) -> Iter<U>",
    "Iter.filter": "<T>(Iter<T>, Fun(T) -> Bool) -> Iter<T>",
    "Iter.take": "<T>(Iter<T>, Int) -> Iter<T>",
    "Iter.skip": "<T>(Iter<T>, Int) -> Iter<T>",
    "Iter.enumerate": "<T>(Iter<T>) -> Iter<(Int, T)>",
    "Iter.zip": "<T, U>(Iter<T>, Iter<U>) -> Iter<(T, U)>",
    "Iter.count": "<T>(Iter<T>) -> Int",
    "Iter.sum": "(Iter<Int>) -> Int",
    "Iter.any": "<T>(Iter<T>, Fun(T) -> Bool) -> Bool",
    "Iter.all": "<T>(Iter<T>, Fun(T) -> Bool) -> Bool",
    "Iter.find": "<T>(Iter<T>, Fun(T) -> Bool) -> Option<T>",
    "Iter.reduce": "<T, U>(Iter<T>, U, Fun(U, T) -> U) -> U",
    # ---- Int / Float / Math ----
    "Int.to_float": "(Int) -> Float",
    "Int.to_string": "(Int) -> String",
    "Float.to_int": "(Float) -> Int",
    "Float.from": "(Int) -> Float",
    "Math.abs": "(Int) -> Int",
    "Math.min": "(Int, Int) -> Int",
    "Math.max": "(Int, Int) -> Int",
    "Math.pi": "Float",
    "Math.pow": "(Float, Float) -> Float",
    "Math.sqrt": "(Float) -> Float",
    "Math.floor": "(Float) -> Int",
    "Math.ceil": "(Float) -> Int",
    "Math.round": "(Float) -> Int",
    # ---- IO ----
    "IO.eprintln": "(String) -> ()",
    "IO.read_line": "() -> Result<String, String>",
    # ---- Env (spec 05 §2) ----
    "Env.get": "(String, String) -> String",
    "Env.get_int": "(String, Int) -> Int",
    "Env.args": "() -> List<String>",
    # ---- File (spec 05 §3) ----
    "File.read": "(String) -> Result<String, String>",
    "File.write": "(String, String) -> Result<(), String>",
    "File.append": "(String, String) -> Result<(), String>",
    "File.exists": "(String) -> Bool",
    "File.delete": "(String) -> Result<(), String>",
    # ---- Json / JSON (spec 05 §6.4; JSON entries are added below) ----
    "Json.encode": "<T>(T) -> String",
    "Json.parse": "(String) -> Result<Json, String>",
    "Json.encode_string": "(String) -> String",
    "Json.encode_int": "(Int) -> String",
    "Json.encode_bool": "(Bool) -> String",
    "Json.encode_map": "(Map<String, String>) -> String",
    "Json.encode_list": "(List<String>) -> String",
    "Json.get": "(String, String) -> String",
    "Json.get_nested": "(String, String, String) -> String",
    # ---- Regex (spec 05 §7) ----
    "Regex.compile": "(String) -> Result<Regex, String>",
    "Regex.is_match": "(Regex, String) -> Bool",
    "Regex.captures": "(Regex, String) -> Option<List<String>>",
    "Regex.replace": "(Regex, String, String) -> String",
    "Regex.split": "(Regex, String) -> List<String>",
    # ---- Crypto (spec 05 §8) ----
    "Crypto.sha256": "(String) -> String",
    "Crypto.sha512": "(String) -> String",
    "Crypto.hmac_sha256": "(String, String) -> String",
    "Crypto.hmac_sha512": "(String, String) -> String",
    "Crypto.secure_compare": "(String, String) -> Bool",
    "Crypto.uuid4": "() -> String",
    # ---- Base64 / Hex (spec 05 §9, §10) ----
    "Base64.encode": "(String) -> String",
    "Base64.decode": "(String) -> Result<String, String>",
    "Base64.encode_url": "(String) -> String",
    "Base64.decode_url": "(String) -> Result<String, String>",
    "Hex.encode": "(String) -> String",
    "Hex.decode": "(String) -> Result<String, String>",
    # ---- DateTime (spec 05 §11); units are atoms (:ms :second :minute :hour :day :week) ----
    "DateTime.utc_now": "() -> DateTime",
    "DateTime.from_iso8601": "(String) -> Result<DateTime, String>",
    "DateTime.to_iso8601": "(DateTime) -> String",
    "DateTime.from_unix_ms": "(Int) -> Result<DateTime, String>",
    "DateTime.from_unix_secs": "(Int) -> Result<DateTime, String>",
    "DateTime.to_unix_ms": "(DateTime) -> Int",
    "DateTime.to_unix_secs": "(DateTime) -> Int",
    "DateTime.add": "(DateTime, Int, Atom) -> DateTime",
    "DateTime.diff": "(DateTime, DateTime, Atom) -> Float",
    "DateTime.is_before": "(DateTime, DateTime) -> Bool",
    "DateTime.is_after": "(DateTime, DateTime) -> Bool",
}

# `JSON` is a second name for the `Json` module (spec 05 §0); both spellings are generic.
SIGNATURES.update(
    {"JSON." + k[5:]: v for k, v in list(SIGNATURES.items()) if k.startswith("Json.")}
)

OVERLOADS: dict[str, list[str]] = {
    "Iter.from": [
        "<T>(List<T>) -> Iter<T>",
        "<K, V>(Map<K, V>) -> Iter<(K, V)>",
        "<T>(Set<T>) -> Iter<T>",
        "(Range) -> Iter<Int>",
    ],
    "Math.abs": ["(Int) -> Int", "(Float) -> Float"],
    "Env.get": ["(String, String) -> String", "(String) -> String"],
    "Math.min": ["(Int, Int) -> Int", "(Float, Float) -> Float"],
    "Math.max": ["(Int, Int) -> Int", "(Float, Float) -> Float"],
}

# Non-function values (no call parentheses in Mesh source).
VALUES: frozenset[str] = frozenset({"Math.pi", "Option.None"})

# Functions that may need the checker's static knowledge at run time:
#   Map.get: when V is Int/Float/Bool/String, codegen should pass the zero value as a third
#            argument (`map.get(m, k, 0)`), so a missing key returns it even on empty maps.
#   default: codegen passes the resolved type name (`prelude.default("Float")`).
#   panic:   codegen should emit `rt.panic_at(rel_path, line, msg)` for located messages.

SNAKE_PREFIXES: dict[str, str] = {
    "string": "String",
    "list": "List",
    "map": "Map",
    "set": "Set",
    "tuple": "Tuple",
    "range": "Range",
    "queue": "Queue",
    "io": "IO",
    "iter": "Iter",
    "int": "Int",
    "float": "Float",
    "math": "Math",
    "env": "Env",
    "file": "File",
    "json": "Json",
    "regex": "Regex",
    "crypto": "Crypto",
    "base64": "Base64",
    "hex": "Hex",
    "datetime": "DateTime",
}


def _build_snake_aliases() -> dict[str, str]:
    out: dict[str, str] = {}
    for qual in SIGNATURES:
        if "." not in qual:
            continue
        mod, fn = qual.split(".", 1)
        for prefix, m in SNAKE_PREFIXES.items():
            if m == mod:
                out[f"{prefix}_{fn}"] = qual
    # Spec 05 §0: the flat alias of `Env.get` is `env_get_with_default` (not `env_get`).
    out.pop("env_get", None)
    out["env_get_with_default"] = "Env.get"
    return out


SNAKE_ALIASES: dict[str, str] = _build_snake_aliases()


def py_name(fn: str) -> str:
    """Python function name of Mesh stdlib function `fn` (`from` → `from_`)."""
    return fn + "_" if keyword.iskeyword(fn) or fn in ("None",) else fn


def python_target(qualified: str) -> tuple[str, str]:
    """`"String.from"` → `("mesh.runtime.stdlib.string", "from_")`; bare prelude names map to
    `mesh.runtime.stdlib.prelude`."""
    if "." in qualified:
        mod, fn = qualified.split(".", 1)
        return "mesh.runtime.stdlib." + MODULES[mod], py_name(fn)
    return "mesh.runtime.stdlib." + PRELUDE_MODULE, py_name(qualified)


# Higher-order functions that also exist as `<py_name>_async` (an `async def` that awaits a
# callback result when it is a coroutine). Use them from async code when the callback may
# suspend (DESIGN §3.1). `IO.read_line` has `read_line_async` (reads stdin in a thread).
ASYNC_VARIANTS: frozenset[str] = frozenset(
    {
        "map",
        "filter",
        "reduce",
        "List.map",
        "List.filter",
        "List.reduce",
        "List.find",
        "List.any",
        "List.all",
        "List.flat_map",
        "List.sort",
        "Range.map",
        "Range.filter",
        "Iter.any",
        "Iter.all",
        "Iter.find",
        "Iter.reduce",
        "IO.read_line",
    }
)


@dataclass(frozen=True)
class StdlibArea:
    """The tables one `stdlib_types_<area>.py` file declares for its modules."""

    modules: Mapping[str, str]  # Mesh module -> mesh.runtime.stdlib.<python module>
    signatures: Mapping[str, str]
    overloads: Mapping[str, list[str]] = field(default_factory=dict)
    suspending: frozenset[str] = frozenset()  # calls that may suspend the process


# Every area file, in merge order (a later signature of the same name wins). A new area
# file is one more line here; nothing else merges stdlib tables.
AREAS: tuple[StdlibArea, ...] = (
    # Process, Timer.sleep/send_after, Job (spec 04)
    StdlibArea(_actors.ACTOR_MODULES, _actors.ACTOR_SIGNATURES, suspending=_actors.SUSPENDING),
    # HTTP server/router, WebSockets, the HTTP client (spec 06 §1–§2, 05 §12)
    StdlibArea(
        _http.HTTP_MODULES, _http.HTTP_SIGNATURES, _http.HTTP_OVERLOADS, _http.HTTP_SUSPENDING
    ),
    # Node, Global, Continuity (spec 07); `Node.spawn`/`spawn_link` are special forms
    StdlibArea(
        _cluster.CLUSTER_MODULES,
        _cluster.CLUSTER_SIGNATURES,
        suspending=_cluster.CLUSTER_SUSPENDING,
    ),
    # databases (spec 06 §3): SQLite, PostgreSQL, Changeset, Query/Expr/Repo/Orm, Migration
    StdlibArea(
        _sqlite.SQLITE_MODULES,
        _sqlite.SQLITE_SIGNATURES,
        _sqlite.SQLITE_OVERLOADS,
        _sqlite.SQLITE_SUSPENDING,
    ),
    StdlibArea(_pg.PG_MODULES, _pg.PG_SIGNATURES, _pg.PG_OVERLOADS, _pg.PG_SUSPENDING),
    StdlibArea(_changeset.CHANGESET_MODULES, _changeset.CHANGESET_SIGNATURES),
    StdlibArea(
        _query.QUERY_MODULES,
        _query.QUERY_SIGNATURES,
        _query.QUERY_OVERLOADS,
        _query.QUERY_SUSPENDING,
    ),
    StdlibArea(
        _migration.MIGRATION_MODULES,
        _migration.MIGRATION_SIGNATURES,
        _migration.MIGRATION_OVERLOADS,
        _migration.MIGRATION_SUSPENDING,
    ),
    # the `Test` module of `*.test.mpl` files (spec 08 §7; mesh/compiler/testforms.py)
    StdlibArea(_test.TEST_MODULES, _test.TEST_SIGNATURES, suspending=_test.TEST_SUSPENDING),
)


def _merge(areas: tuple[StdlibArea, ...]) -> frozenset[str]:
    """Add every area's tables to the core ones; returns the union of suspending calls."""
    suspending: set[str] = set()
    for area in areas:
        for mod, py in area.modules.items():
            MODULES.setdefault(mod, py)
        SIGNATURES.update(area.signatures)
        OVERLOADS.update(area.overloads)
        suspending |= area.suspending
    SNAKE_ALIASES.update(_build_snake_aliases())
    return frozenset(suspending)


SUSPENDING: frozenset[str] = _merge(AREAS)
