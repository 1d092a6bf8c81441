"""Helpers shared by the checker's inference modules (infer.py and its mixins)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

from mesh import compiler as _compiler  # noqa: F401  (package anchor)
from mesh.compiler import ast as A
from mesh.compiler.resolved import BuiltinRes, FnRes, LocalRes
from mesh.compiler.source import Span
from mesh.compiler.stdlib_types import MODULES, py_name
from mesh.compiler.types.errors import closest
from mesh.compiler.types.traits import ImplInfo
from mesh.compiler.types.ty import TVar, Type
from mesh.compiler.types.unify import Scheme


def builtin_res(qualname: str) -> BuiltinRes:
    if "." in qualname:
        mod, fn = qualname.split(".", 1)
        return BuiltinRes(qualname, MODULES.get(mod, mod.lower()), py_name(fn))
    return BuiltinRes(qualname, "prelude", py_name(qualname))


# What a local name is bound to: a variable or parameter, or a local function.
ScopeRes = LocalRes | FnRes
# The names a pattern binds: name → (type, the binding).
Bindings = dict[str, tuple[Type, LocalRes]]


class Scope:
    __slots__ = ("vars", "parent")

    def __init__(self, parent: Scope | None = None) -> None:
        self.vars: dict[str, tuple[Scheme, ScopeRes]] = {}
        self.parent = parent

    def lookup(self, name: str) -> tuple[Scheme, ScopeRes] | None:
        s: Scope | None = self
        while s is not None:
            if name in s.vars:
                return s.vars[name]
            s = s.parent
        return None

    def names(self) -> Iterator[str]:
        s: Scope | None = self
        while s is not None:
            yield from s.vars
            s = s.parent


# Builtin trait methods available on every receiver (spec 03 B0).
TRAIT_METHODS = {
    "to_string": ("to_string", "display", "<T>(T) -> String"),
    "inspect": ("inspect", "debug", "<T>(T) -> String"),
    "hash": ("hash", "hash", "<T>(T) -> Int"),
}

BUILTIN_METHOD_TRAITS = {"to_string": "Display", "inspect": "Debug", "hash": "Hash"}


DATETIME_UNITS = {"ms", "second", "minute", "hour", "day", "week"}


def tvars_by_name(params: list[TVar]) -> dict[str, Type]:
    """A declaration's type parameters (each made with its name) by name."""
    return {cast(str, p.name): p for p in params}


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    c = closest(name, candidates)
    return f"did you mean `{c}`?" if c else None


def tail_span(body: A.Expr) -> Span:
    if isinstance(body, A.Block) and body.stmts:
        last = body.stmts[-1]
        return last.span
    return body.span


def callee_name(callee: A.Expr) -> str:
    if isinstance(callee, A.Name):
        return callee.name
    if isinstance(callee, A.Field):
        return callee.name
    return "function"


@dataclass
class FnCtx:
    """The function or closure whose body is being checked (for `return`, `?`, loops)."""

    ret: Type
    declared: bool
    loop_depth: int = 0
    name: str = ""
    # `?` on a not-yet-known type: (node, its operand's type, the result) (spec 02 §13.2)
    pending_tries: list[tuple[A.Try, Type, Type]] = field(default_factory=list)
    # bounded functions used as values: (instantiation, function, use site)
    pending_bounds: list[tuple[dict[int, Type], FnRes, Span]] = field(default_factory=list)
    # `x.into()` with several candidates: (call, receiver type, candidates, result, method)
    pending_into: list[tuple[A.Call, Type, list[ImplInfo | str], Type, str]] = field(
        default_factory=list
    )
    # (module, name) inside an actor body (and its closures)
    actor_name: tuple[str, str] | None = None
    actor_msg: Type | None = None
