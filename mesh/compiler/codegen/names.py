"""Python naming for generated code: identifier mangling, module paths and the program index.

Every Python name the generator writes comes from here so that a function, type or
variant gets the same Python name in its defining module and in every importer.
"""

from __future__ import annotations

import builtins
import keyword
import re
from dataclasses import dataclass, field

from mesh.compiler import ast as A

PY_KEYWORDS = frozenset(keyword.kwlist)
PY_BUILTINS = frozenset(dir(builtins))
# Names generated code relies on inside function bodies; locals never take them.
RESERVED_LOCALS = PY_KEYWORDS | PY_BUILTINS | {"rt", "MESH_FUNCTIONS", "_r", "self"}

INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def ident(text: str) -> str:
    """Turn arbitrary text into a Python identifier (keywords get a trailing `_`)."""
    s = re.sub(r"\W", "_", text)
    if not s:
        s = "_"
    if s[0].isdigit():
        s = "_" + s
    if s in PY_KEYWORDS:
        s += "_"
    return s


def py_module_path(rel_path: str) -> str:
    """`api/router.mpl` → `mesh_app.api.router`."""
    path = rel_path.replace("\\", "/")
    path = path.removesuffix(".mpl")
    parts = [ident(p) for p in path.split("/") if p and p != "."]
    return ".".join(["mesh_app", *parts])


def fn_py_name(name: str, arity: int, arities: set[int] | frozenset[int]) -> str:
    """Python name of top-level function `name/arity` in its module."""
    base = name if len(arities) <= 1 else f"{name}__{arity}"
    base = ident(base)
    if base in PY_BUILTINS or base in ("rt", "MESH_FUNCTIONS"):
        base += "_"
    return base


def variant_class_name(type_name: str, variant: str) -> str:
    return ident(f"{type_name}_{variant}")


@dataclass
class ModuleInfo:
    """What other modules need to know about one Mesh module."""

    name: str
    rel_path: str
    py_module: str
    fn_arities: dict[str, set[int]] = field(default_factory=dict)
    structs: dict[str, A.StructDef] = field(default_factory=dict)
    sums: dict[str, A.SumDef] = field(default_factory=dict)
    # variant name -> (type name, index, arity)
    variants: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    actors: dict[str, A.ActorDef] = field(default_factory=dict)
    services: dict[str, A.ServiceDef] = field(default_factory=dict)
    supervisors: dict[str, A.SupervisorDef] = field(default_factory=dict)

    def fn_name(self, name: str, arity: int) -> str:
        return fn_py_name(name, arity, self.fn_arities.get(name, {arity}))

    def has_fn(self, name: str, arity: int | None = None) -> bool:
        ar = self.fn_arities.get(name)
        if not ar:
            return False
        return arity is None or arity in ar


class ProgramIndex:
    """Per-module info for the whole program, keyed by Mesh module name."""

    def __init__(self, modules: list[A.Module], py_modules: dict[str, str]):
        self.modules: dict[str, ModuleInfo] = {}
        for m in modules:
            rel = getattr(m.file, "rel_path", None) or f"{m.name}.mpl"
            pym = py_modules.get(m.name) or py_module_path(rel)
            info = ModuleInfo(m.name, rel, pym)
            for item in m.items:
                if isinstance(item, A.FnDef):
                    info.fn_arities.setdefault(item.name, set()).add(fn_arity(item))
                elif isinstance(item, A.ActorDef):
                    info.fn_arities.setdefault(item.name, set()).add(len(item.params))
                    info.actors[item.name] = item
                elif isinstance(item, A.ServiceDef):
                    info.services[item.name] = item
                elif isinstance(item, A.SupervisorDef):
                    info.supervisors[item.name] = item
                elif isinstance(item, A.StructDef):
                    info.structs[item.name] = item
                elif isinstance(item, A.SumDef):
                    info.sums[item.name] = item
                    for i, v in enumerate(item.variants):
                        info.variants[v.name] = (item.name, i, len(v.fields))
            self.modules[m.name] = info
        # Qualified type name ("Main.Point") -> (module, type name)
        self.types: dict[str, tuple[str, str]] = {}
        for info in self.modules.values():
            for t in (*info.structs, *info.sums):
                self.types[f"{info.name}.{t}"] = (info.name, t)

    def find_struct(self, qual: str) -> tuple[ModuleInfo, A.StructDef] | None:
        hit = self.types.get(qual)
        if hit:
            info = self.modules[hit[0]]
            sd = info.structs.get(hit[1])
            if sd is not None:
                return info, sd
        # Unqualified fallback: unique struct of that name anywhere.
        short = qual.rsplit(".", 1)[-1]
        found = [(i, i.structs[short]) for i in self.modules.values() if short in i.structs]
        return found[0] if len(found) == 1 else None


def fn_arity(fn: A.FnDef) -> int:
    return len(fn.params)


# What a module-level name stands for: its kind first (`("fn", module, name, arity)`, ...).
NameKey = tuple[object, ...]


class Namespace:
    """Module-level names: hands out collision-free Python names for imports and constants."""

    def __init__(self, reserved: set[str] | None = None):
        self.taken: dict[str, object] = {}
        self.by_key: dict[NameKey, str] = {}
        for r in reserved or ():
            self.taken[r] = ("reserved", r)

    def claim(self, preferred: str, key: NameKey, prefix: str = "") -> str:
        if key in self.by_key:
            return self.by_key[key]
        candidates = [preferred]
        if prefix:
            candidates.append(f"{prefix}_{preferred}")
        for cand in candidates:
            if cand not in self.taken:
                break
        else:
            n = 2
            while f"{candidates[-1]}_{n}" in self.taken:
                n += 1
            cand = f"{candidates[-1]}_{n}"
        self.taken[cand] = key
        self.by_key[key] = cand
        return cand

    def claimed(self, kind: str) -> int:
        """How many names were handed out for keys of one kind (their first item)."""
        return sum(1 for k in self.by_key if k[0] == kind)

    def __contains__(self, name: str) -> bool:
        return name in self.taken
