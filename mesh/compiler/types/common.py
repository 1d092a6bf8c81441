"""Helpers shared by the checker's inference modules (infer.py and its mixins)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mesh import compiler as _compiler  # noqa: F401  (package anchor)
from mesh.compiler import ast as A
from mesh.compiler.resolved import BuiltinRes
from mesh.compiler.stdlib_types import MODULES, py_name
from mesh.compiler.types.errors import closest
from mesh.compiler.types.ty import Type
from mesh.compiler.types.unify import Scheme


def builtin_res(qualname: str) -> BuiltinRes:
    if "." in qualname:
        mod, fn = qualname.split(".", 1)
        return BuiltinRes(qualname, MODULES.get(mod, mod.lower()), py_name(fn))
    return BuiltinRes(qualname, "prelude", py_name(qualname))


class Scope:
    __slots__ = ("vars", "parent")

    def __init__(self, parent: Scope | None = None) -> None:
        self.vars: dict[str, tuple[Scheme, object]] = {}
        self.parent = parent

    def lookup(self, name: str):
        s: Scope | None = self
        while s is not None:
            if name in s.vars:
                return s.vars[name]
            s = s.parent
        return None

    def names(self):
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


def did_you_mean(name: str, candidates) -> str | None:
    c = closest(name, candidates)
    return f"did you mean `{c}`?" if c else None


def tail_span(body):
    if isinstance(body, A.Block) and body.stmts:
        last = body.stmts[-1]
        return last.span
    return body.span


def callee_name(callee) -> str:
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
    pending_tries: list = field(default_factory=list)
    pending_bounds: list = field(default_factory=list)
    pending_into: list = field(default_factory=list)
    actor_name: tuple | None = None  # (module, name) inside an actor body (and its closures)
    actor_msg: Type | None = None
