"""Type terms for Hindley–Milner inference.

`TVar` is a union-find cell (`ref` points at what it was unified with); always look at a
type through `prune`. Named types are `TCon(name, args)`: primitives (`Int`, `Float`,
`String`, `Bool`, `Atom`, `Never`), built-in constructors (`List`, `Map`, `Set`,
`Option`, `Result`, `Range`, `Pid`, ...), tuples (`TCon("Tuple", items)`; Unit is the
empty tuple) and user types (qualified name `Module.Type`, see `display_name`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

_counter = itertools.count(1)


@dataclass(eq=False)
class TVar:
    level: int
    id: int = field(default_factory=lambda: next(_counter))
    ref: Type | None = None
    # Name of a declared generic parameter this variable stands for (rigid-ish display).
    name: str | None = None

    def __repr__(self) -> str:
        return f"?{self.id}" if self.ref is None else repr(self.ref)


@dataclass(eq=False)
class TCon:
    name: str
    args: tuple[Type, ...] = ()

    def __repr__(self) -> str:
        return show(self)


@dataclass(eq=False)
class TFun:
    params: tuple[Type, ...]
    ret: Type

    def __repr__(self) -> str:
        return show(self)


Type = TVar | TCon | TFun

INT = TCon("Int")
FLOAT = TCon("Float")
STRING = TCon("String")
BOOL = TCon("Bool")
ATOM = TCon("Atom")
UNIT = TCon("Tuple")
NEVER = TCon("Never")
JSON = TCon("Json")
REGEX = TCon("Regex")
RANGE = TCon("Range")
ORDERING = TCon("Ordering")

PRIMITIVES = {
    "Int",
    "Float",
    "String",
    "Bool",
    "Atom",
    "Never",
    "Json",
    "Regex",
    "Range",
    "Ordering",
}


def prune(t: Type) -> Type:
    """Follow union-find links, compressing the path."""
    while isinstance(t, TVar) and t.ref is not None:
        if isinstance(t.ref, TVar) and t.ref.ref is not None:
            t.ref = t.ref.ref
        t = t.ref
    return t


def list_of(t: Type) -> TCon:
    return TCon("List", (t,))


def option_of(t: Type) -> TCon:
    return TCon("Option", (t,))


def result_of(t: Type, e: Type) -> TCon:
    return TCon("Result", (t, e))


def tuple_of(*items: Type) -> TCon:
    return TCon("Tuple", tuple(items))


def is_con(t: Type, name: str) -> bool:
    t = prune(t)
    return isinstance(t, TCon) and t.name == name


# Qualified internal names of user types → how diagnostics print them (sum types unprefixed).
_DISPLAY: dict[str, str] = {}


def register_display(qual: str, shown: str) -> None:
    _DISPLAY[qual] = shown


SHOW_LIMIT = 400  # type nodes printed before eliding the rest as `...`


def show(t: Type) -> str:
    """Display a type as diagnostics write it (spec 02 §1).

    Types are DAGs whose printed tree can be exponentially large (`let y = (x, x)` forty
    times), so printing stops after SHOW_LIMIT nodes and elides the rest as `...`.
    """
    return _show(t, [SHOW_LIMIT])


def _show(t: Type, budget: list[int]) -> str:
    if budget[0] <= 0:
        return "..."
    budget[0] -= 1
    t = prune(t)
    if isinstance(t, TVar):
        return t.name if t.name else f"?{t.id}"
    if isinstance(t, TFun):
        return "(" + ", ".join(_show(p, budget) for p in t.params) + ") -> " + _show(t.ret, budget)
    if t.name == "Tuple":
        return "(" + ", ".join(_show(a, budget) for a in t.args) + ")"
    name = _DISPLAY.get(t.name, t.name)
    if t.name == "TupleAny":
        return "Tuple"
    if t.args:
        return f"{name}<" + ", ".join(_show(a, budget) for a in t.args) + ">"
    return name
