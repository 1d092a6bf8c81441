"""Declarations the checker knows about: structs, sum types, aliases, functions, modules,
and how annotations (`TypeExpr`) turn into type terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import Parser, tokenize
from mesh.compiler.source import SourceFile
from mesh.compiler.types.ty import (
    BOOL,
    FLOAT,
    INT,
    STRING,
    UNIT,
    TCon,
    TFun,
    TVar,
    Type,
    prune,
    register_display,
)
from mesh.compiler.types.unify import Scheme, substitute

if TYPE_CHECKING:
    from mesh.compiler.types.actors import ServiceInfo

# Built-in named types and their arity (spec 02 §1, §3).
BUILTIN_TYPES = {
    "Int": 0,
    "Float": 0,
    "String": 0,
    "Bool": 0,
    "Atom": 0,
    "Json": 0,
    "Regex": 0,
    "Range": 0,
    "Ordering": 0,
    "Never": 0,
    "List": 1,
    "Set": 1,
    "Map": 2,
    "Option": 1,
    "Result": 2,
    "Pid": -1,
    "Tuple": -1,
}
STDLIB_MODULES = {
    "String",
    "List",
    "Map",
    "Set",
    "Queue",
    "Range",
    "Tuple",
    "Option",
    "Result",
    "Iter",
    "Int",
    "Float",
    "Math",
    "IO",
    "Env",
    "File",
    "Timer",
    "Json",
    "Regex",
    "Crypto",
    "Base64",
    "Hex",
    "DateTime",
    "HTTP",
    "Http",
    "Ws",
    "Node",
    "Global",
    "Process",
    "Job",
    "Sqlite",
    "Pg",
    "Postgres",
    "Pool",
    "Repo",
    "Query",
    "Expr",
    "Changeset",
    "Migration",
    "Continuity",
    "Test",
    "Request",
    "Response",
    "JSON",
    "Orm",
}
DERIVABLE = ("Eq", "Ord", "Display", "Debug", "Hash", "Json", "Row", "Schema")


@dataclass(eq=False)
class StructInfo:
    module: str
    name: str
    qual: str
    params: list[TVar]
    fields: list[tuple[str, Type]]
    decl: A.StructDef | None = None
    is_pub: bool = True

    def field_names(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.fields)


@dataclass(eq=False)
class VariantInfo:
    sum: SumInfo
    name: str
    index: int
    fields: list[Type]
    span: object = None


@dataclass(eq=False)
class SumInfo:
    module: str
    name: str
    qual: str
    params: list[TVar]
    variants: list[VariantInfo] = field(default_factory=list)
    decl: A.SumDef | None = None
    is_pub: bool = True


@dataclass(eq=False)
class AliasInfo:
    name: str
    params: list[str]
    target: A.TypeExpr
    module: ModuleEnv
    is_pub: bool
    decl: A.AliasDef
    resolving: bool = False


@dataclass(eq=False)
class FnInfo:
    module: str
    name: str
    arity: int
    clauses: list[A.FnDef]
    is_pub: bool
    scheme: Scheme | None = None
    mono: Type | None = None  # placeholder type while its SCC is being inferred
    actor: A.ActorDef | None = None  # set when this "function" is an actor


@dataclass(eq=False)
class ModuleEnv:
    name: str
    ast: A.Module
    fns: dict[tuple[str, int], FnInfo] = field(default_factory=dict)
    arities: dict[str, list[int]] = field(default_factory=dict)
    structs: dict[str, StructInfo] = field(default_factory=dict)
    sums: dict[str, SumInfo] = field(default_factory=dict)
    aliases: dict[str, AliasInfo] = field(default_factory=dict)
    variants: dict[str, VariantInfo] = field(default_factory=dict)
    # `import A.B` → "B": module env; `from A import x` → imported names.
    imports: dict[str, ModuleEnv | str] = field(default_factory=dict)
    imported_fns: dict[str, list[FnInfo]] = field(default_factory=dict)
    imported_builtins: dict[str, str] = field(default_factory=dict)  # bare name → "String.f"
    private_names: set[str] = field(default_factory=set)
    services: dict[str, ServiceInfo] = field(default_factory=dict)
    supervisors: dict[str, A.SupervisorDef] = field(default_factory=dict)


def _variant_type(v: VariantInfo, level: int) -> Type:
    mapping = {p.id: TVar(level) for p in v.sum.params}
    result = TCon(v.sum.qual, tuple(mapping[p.id] for p in v.sum.params))
    if not v.fields:
        return result
    return TFun(tuple(substitute(f, mapping) for f in v.fields), result)


def variant_ctor_type(v: VariantInfo, level: int) -> Type:
    return _variant_type(v, level)


def make_builtin_sums() -> dict[str, VariantInfo]:
    out: dict[str, VariantInfo] = {}
    t = TVar(-1, name="T")
    e = TVar(-1, name="E")
    option = SumInfo("", "Option", "Option", [t])
    option.variants = [VariantInfo(option, "Some", 0, [t]), VariantInfo(option, "None", 1, [])]
    result = SumInfo("", "Result", "Result", [t, e])
    result.variants = [VariantInfo(result, "Ok", 0, [t]), VariantInfo(result, "Err", 1, [e])]
    ordering = SumInfo("", "Ordering", "Ordering", [])
    ordering.variants = [
        VariantInfo(ordering, n, i, []) for i, n in enumerate(["Less", "Equal", "Greater"])
    ]
    for s in (option, result, ordering):
        for v in s.variants:
            out[v.name] = v
    return out


BUILTIN_VARIANTS = make_builtin_sums()
BUILTIN_SUMS = {v.sum.name: v.sum for v in BUILTIN_VARIANTS.values()}


class TypeResolver:
    """Turns annotations into types inside one module's scope."""

    def __init__(self, envs: dict[str, ModuleEnv], reporter: Reporter) -> None:
        self.envs = envs
        self.reporter = reporter
        # Inside an impl: the target type and its associated type bindings (`Self.Item`);
        # inside an interface: `{}` (associated types stay open).
        self.self_type: Type | None = None
        self.assoc: dict[str, Type] | None = None

    def lookup_named(
        self, menv: ModuleEnv, path: list[str]
    ) -> StructInfo | SumInfo | AliasInfo | None:
        """Find a struct/sum/alias by (possibly qualified) name, or None."""
        if len(path) == 1:
            n = path[0]
            for table in (menv.structs, menv.sums, menv.aliases):
                if n in table:
                    return table[n]
            return None
        if len(path) == 2:
            target = menv.imports.get(path[0])
            if isinstance(target, ModuleEnv):
                n = path[1]
                for table in (target.structs, target.sums, target.aliases):
                    if n in table and table[n].is_pub:
                        return table[n]
        return None

    def resolve(
        self, te: A.TypeExpr, menv: ModuleEnv, tvars: dict[str, Type], self_type: Type | None = None
    ) -> Type:
        if isinstance(te, A.TTuple):
            return TCon("Tuple", tuple(self.resolve(x, menv, tvars, self_type) for x in te.items))
        if isinstance(te, A.TFun):
            return TFun(
                tuple(self.resolve(x, menv, tvars, self_type) for x in te.params),
                self.resolve(te.ret, menv, tvars, self_type),
            )
        assert isinstance(te, A.TName)
        path = te.path
        self_type = self_type or self.self_type
        args = [self.resolve(a, menv, tvars, self_type) for a in te.args]
        if len(path) == 1:
            n = path[0]
            if n in tvars:
                return tvars[n]
            if n == "Self" and self_type is not None:
                return self_type
        if len(path) == 2 and path[0] == "Self":
            if self.assoc is None:
                self.reporter.emit("E0042", te.span, assoc=path[1])
                return TVar(0)
            if path[1] in self.assoc:
                return self.assoc[path[1]]
            return TVar(0)
        found = self.lookup_named(menv, path)
        if isinstance(found, AliasInfo):
            return self.expand_alias(found, args, te)
        if isinstance(found, (StructInfo, SumInfo)):
            params = found.params
            if len(args) != len(params):
                args = (args + [TVar(0) for _ in params])[: len(params)]
            return TCon(found.qual, tuple(args))
        if len(path) == 1:
            n = path[0]
            if n in BUILTIN_TYPES:
                arity = BUILTIN_TYPES[n]
                if n == "Tuple" and not args:
                    return TCon("TupleAny")
                if arity >= 0 and len(args) != arity:
                    args = (args + [TVar(0) for _ in range(arity)])[:arity]
                return TCon(n, tuple(args))
        # Unknown names are opaque nominal types (spec 02 §1).
        return TCon(".".join(path), tuple(args))

    def expand_alias(self, alias: AliasInfo, args: list[Type], te: A.TypeExpr) -> Type:
        if alias.resolving:
            self.reporter.emit("E0045", te.span, form="cyclic", alias=alias.name)
            return TVar(0)
        alias.resolving = True
        try:
            tv = {p: (args[i] if i < len(args) else TVar(0)) for i, p in enumerate(alias.params)}
            return self.resolve(alias.target, alias.module, tv)
        finally:
            alias.resolving = False


# -- stdlib signatures -----------------------------------------------------------------------

_SIG_RE = re.compile(r"^\s*(?:<([^>]*)>)?\s*(\(.*)$", re.S)
_sig_cache: dict[str, tuple[list[str], A.TFun]] = {}


def parse_signature(sig: str) -> tuple[list[str], A.TFun]:
    """`"<T, U>(List<T>, Fun(T) -> U) -> List<U>"` → (generics, a `TFun` annotation)."""
    cached = _sig_cache.get(sig)
    if cached:
        return cached
    m = _SIG_RE.match(sig)
    if not m:
        raise ValueError(f"bad stdlib signature {sig!r}")
    generics = [g.strip() for g in (m.group(1) or "").split(",") if g.strip()]
    text = "Fun" + m.group(2)
    p = Parser(tokenize(SourceFile("<stdlib>", text)), SourceFile("<stdlib>", text))
    te = p.parse_type()
    assert isinstance(te, A.TFun), sig  # the text starts with `Fun(`
    _sig_cache[sig] = (generics, te)
    return generics, te


def signature_type(sig: str, resolver: TypeResolver, menv: ModuleEnv, level: int) -> Type:
    if not sig.lstrip().startswith(("(", "<")):
        sig = "()->" + sig  # a plain value: parse its type as a function's return type
        _, value_te = parse_signature(sig)
        letters: dict[str, Type] = {}
        _collect_single_letters(value_te, letters, level)
        return resolver.resolve(value_te.ret, menv, letters)
    generics, te = parse_signature(sig)
    tvars: dict[str, Type] = {g: TVar(level, name=None) for g in generics}
    _collect_single_letters(te, tvars, level)
    return resolver.resolve(te, menv, tvars)


def _collect_single_letters(te: A.TypeExpr, tvars: dict[str, Type], level: int) -> None:
    if isinstance(te, A.TName):
        if len(te.path) == 1 and len(te.path[0]) == 1 and te.path[0].isupper():
            tvars.setdefault(te.path[0], TVar(level))
        for a in te.args:
            _collect_single_letters(a, tvars, level)
    elif isinstance(te, A.TTuple):
        for a in te.items:
            _collect_single_letters(a, tvars, level)
    elif isinstance(te, A.TFun):
        for a in te.params:
            _collect_single_letters(a, tvars, level)
        _collect_single_letters(te.ret, tvars, level)


def is_primitive(t: Type, *names: str) -> bool:
    t = prune(t)
    return isinstance(t, TCon) and t.name in names


__all__ = [
    "BOOL",
    "FLOAT",
    "INT",
    "STRING",
    "UNIT",
    "register_display",
]
