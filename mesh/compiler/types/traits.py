"""Interfaces (traits), impls and the built-in traits (spec 02 §9–§13).

`TraitEnv` is program-wide: `pub` interfaces, impl blocks and derived impls are global once
their module is checked. Impl method types are created from annotations (and the trait's
signatures) before any function body is inferred, so functions can call them in any order;
impl bodies are checked after the module's functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mesh.compiler import ast as A
from mesh.compiler.resolved import ImplMethodRes
from mesh.compiler.types.ty import TCon, TFun, TVar, Type, prune, show
from mesh.compiler.types.unify import Scheme

# Built-in traits: name → (methods: name → (is_static, signature text), assoc types, defaults).
# Signatures use `Self` for the implementing type and `S` for the trait argument.
BUILTIN_TRAITS: dict[str, tuple[dict[str, tuple[bool, str]], list[str], set[str]]] = {
    "Eq": ({"eq": (False, "(Self, Self) -> Bool")}, [], set()),
    "Ord": (
        {"lt": (False, "(Self, Self) -> Bool"), "compare": (False, "(Self, Self) -> Ordering")},
        [],
        {"compare"},
    ),
    "Display": ({"to_string": (False, "(Self) -> String")}, [], set()),
    "Debug": ({"inspect": (False, "(Self) -> String")}, [], set()),
    "Hash": ({"hash": (False, "(Self) -> Int")}, [], set()),
    "Default": ({"default": (True, "() -> Self")}, [], set()),
    "Add": ({"add": (False, "(Self, Self) -> Self.Output")}, ["Output"], set()),
    "Sub": ({"sub": (False, "(Self, Self) -> Self.Output")}, ["Output"], set()),
    "Mul": ({"mul": (False, "(Self, Self) -> Self.Output")}, ["Output"], set()),
    "Div": ({"div": (False, "(Self, Self) -> Self.Output")}, ["Output"], set()),
    "Mod": ({"mod": (False, "(Self, Self) -> Self.Output")}, ["Output"], set()),
    "Neg": ({"neg": (False, "(Self) -> Self.Output")}, ["Output"], set()),
    "Not": ({"not": (False, "(Self) -> Bool")}, [], set()),
    "From": ({"from": (True, "(S) -> Self")}, [], set()),
    "TryFrom": ({"try_from": (True, "(S) -> Result<Self, E>")}, [], set()),
    "Iterator": ({"next": (False, "(Self) -> Option<Self.Item>")}, ["Item"], set()),
    "Iterable": ({"iter": (False, "(Self) -> Self.Iter")}, ["Item", "Iter"], set()),
}
OPERATOR_TRAITS = {
    "+": ("Add", "add"),
    "-": ("Sub", "sub"),
    "*": ("Mul", "mul"),
    "/": ("Div", "div"),
    "%": ("Mod", "mod"),
}

# Impls the language already has (spec 02 §11) — a user impl of these is E0026.
_PRIMS = ("Int", "Float", "String", "Bool")
BUILTIN_IMPLS: set[tuple[str, str, str]] = set()
for _t in _PRIMS:
    for _tr in ("Eq", "Display", "Debug", "Hash", "Default"):
        BUILTIN_IMPLS.add((_tr, "", _t))
for _t in ("Int", "Float", "String"):
    BUILTIN_IMPLS.add(("Ord", "", _t))
for _t in ("Int", "Float"):
    for _tr in ("Add", "Sub", "Mul", "Div", "Mod", "Neg"):
        BUILTIN_IMPLS.add((_tr, "", _t))
BUILTIN_IMPLS.add(("Not", "", "Bool"))
for _src, _dst in (("Int", "Float"), ("Int", "String"), ("Float", "String"), ("Bool", "String")):
    BUILTIN_IMPLS.add(("From", _src, _dst))
for _t in ("List", "Map", "Set"):
    BUILTIN_IMPLS.add(("Display", "", _t))
BUILTIN_IMPLS.add(("Eq", "", "List"))
BUILTIN_IMPLS.add(("Ord", "", "List"))


@dataclass(eq=False)
class TraitMethod:
    name: str
    is_static: bool
    params: list[A.Param] | None  # user traits: the signature's params (incl. self)
    ret: A.TypeExpr | None
    default: A.Block | None = None
    builtin_sig: str | None = None
    default_res: ImplMethodRes | None = None  # of the compiled default body


@dataclass(eq=False)
class TraitInfo:
    name: str
    module: str  # "" for built-ins
    assoc: list[str]
    methods: dict[str, TraitMethod]
    decl: A.InterfaceDef | None = None
    is_pub: bool = True


@dataclass(eq=False)
class ImplMethod:
    name: str
    clauses: list[A.FnDef]
    scheme: Scheme | None = None
    fn_type: TFun | None = None
    is_static: bool = False
    res: ImplMethodRes | None = None


@dataclass(eq=False)
class ImplInfo:
    trait: str
    trait_args: list[Type]
    target_key: str  # "Int", "Main.Point", ...
    target_params: list[TVar]
    module: str
    decl: A.ImplDef | None
    assoc: dict[str, Type] = field(default_factory=dict)
    methods: dict[str, ImplMethod] = field(default_factory=dict)
    derived: bool = False

    def arg_key(self) -> str:
        return ", ".join(show(a) for a in self.trait_args)

    def self_type(self, params: list[Type] | None = None) -> TCon:
        args = tuple(params) if params is not None else tuple(self.target_params)
        return TCon(self.target_key, args)


class TraitEnv:
    def __init__(self) -> None:
        self.traits: dict[str, TraitInfo] = {}
        self.impls: list[ImplInfo] = []
        for name, (methods, assoc, defaults) in BUILTIN_TRAITS.items():
            ms = {
                m: TraitMethod(m, static, None, None, None, sig)
                for m, (static, sig) in methods.items()
            }
            for d in defaults:
                # a marker with no source: the runtime provides the default
                ms[d].default = A.Block(None, [])  # type: ignore[arg-type]
            self.traits[name] = TraitInfo(name, "", assoc, ms)

    def impls_for(self, target_key: str, trait: str | None = None) -> list[ImplInfo]:
        return [
            i
            for i in self.impls
            if i.target_key == target_key and (trait is None or i.trait == trait)
        ]

    def has_impl(self, target_key: str, trait: str) -> bool:
        if (trait, "", target_key) in BUILTIN_IMPLS:
            return True
        return any(i.target_key == target_key and i.trait == trait for i in self.impls)

    def providers(self, target_key: str, method: str) -> list[tuple[ImplInfo, TraitInfo | None]]:
        """Impls for `target_key` whose trait provides `method` (own body or default); the
        trait is None for an impl of an undeclared trait (already reported)."""
        out: list[tuple[ImplInfo, TraitInfo | None]] = []
        for impl in self.impls:
            if impl.target_key != target_key:
                continue
            trait = self.traits.get(impl.trait)
            if method in impl.methods or (trait is not None and method in trait.methods):
                out.append((impl, trait))
        return out

    def traits_with_method(self, method: str) -> list[TraitInfo]:
        return [t for t in self.traits.values() if t.module and method in t.methods]


def head_key(t: Type) -> str | None:
    t = prune(t)
    if isinstance(t, TCon):
        return t.name
    if isinstance(t, TFun):
        return None
    return None
