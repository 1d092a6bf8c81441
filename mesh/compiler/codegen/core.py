"""Emitter building blocks: destinations, the per-function context, local naming and small
constructors of Python AST nodes (the state that uses them is `emitter.FnEmitter`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from mesh.compiler.codegen.names import RESERVED_LOCALS, ident
from mesh.compiler.types.ty import TCon, prune


class CodegenError(Exception):
    """An internal error or a construct the generator does not support (yet)."""


@dataclass(frozen=True)
class Dest:
    kind: str  # "return" | "assign" | "discard" | "append"
    target: str | None = None


RETURN = Dest("return")
DISCARD = Dest("discard")


def assign_to(name: str) -> Dest:
    return Dest("assign", name)


# Known integer bounds (low, high) of a local, from enclosing `if` conditions.
Bounds = tuple[int | None, int | None]


@dataclass
class FnCtx:
    """One Python function being emitted (top-level def, local fn or closure)."""

    py_name: str
    params: list[str]
    tco_loop: bool = False  # body is (will be) wrapped in `while True` for self tail calls
    tco_used: bool = False
    made_closure: bool = False
    loop_depth: int = 0
    is_async: bool = False  # DESIGN §3.1 seam: may-suspend functions become `async def`

    @property
    def in_loop(self) -> bool:
        return self.loop_depth > 0 or self.tco_loop


TERMINATORS = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def name(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Load())


def store(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Store())


def const(v: Any) -> ast.Constant:
    return ast.Constant(value=v)


def call(
    func: ast.expr, args: list[ast.expr], keywords: list[ast.keyword] | None = None
) -> ast.Call:
    return ast.Call(func=func, args=args, keywords=keywords or [])


def attr(obj: ast.expr, a: str) -> ast.Attribute:
    return ast.Attribute(value=obj, attr=a, ctx=ast.Load())


def assign(target: str, value: ast.expr) -> ast.Assign:
    return ast.Assign(targets=[store(target)], value=value)


def arguments(params: list[str]) -> ast.arguments:
    """Positional parameters only (what every generated function and lambda takes)."""
    return ast.arguments(
        posonlyargs=[],
        args=[ast.arg(arg=p) for p in params],
        vararg=None,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=None,
        defaults=[],
    )


def _no_type_params() -> dict[str, Any]:
    # `type_params` is a field from Python 3.12 on (the unparser reads it there); 3.11's
    # nodes keep it as a plain attribute. Passed as `**` so one call suits both versions.
    return {"type_params": []}


def function_def(
    py: str, args: ast.arguments, body: list[ast.stmt], is_async: bool = False
) -> ast.FunctionDef | ast.AsyncFunctionDef:
    cls = ast.AsyncFunctionDef if is_async else ast.FunctionDef
    return cls(name=py, args=args, body=body, decorator_list=[], returns=None, **_no_type_params())


def class_def(cls: str, bases: list[ast.expr], body: list[ast.stmt]) -> ast.ClassDef:
    return ast.ClassDef(
        name=cls, bases=bases, keywords=[], body=body, decorator_list=[], **_no_type_params()
    )


def is_pure(e: ast.expr) -> bool:
    """Reading it twice / later gives the same value with no effects (locals never change)."""
    if isinstance(e, (ast.Name, ast.Constant)):
        return True
    if isinstance(e, ast.Attribute):
        return is_pure(e.value)
    return False


def and_(conds: list[ast.expr]) -> ast.expr:
    if not conds:
        return const(True)
    if len(conds) == 1:
        return conds[0]
    return ast.BoolOp(op=ast.And(), values=conds)


def source_line(node: object) -> int:
    """The Mesh source line of an AST node (0 when it has no span)."""
    span = getattr(node, "span", None)
    return span.line if span is not None else 0


def is_unit(e: object) -> bool:
    """Whether an annotated node has the unit type `()`."""
    t = getattr(e, "ty", None)
    if t is None:
        return False
    t = prune(t)
    return isinstance(t, TCon) and t.name == "Tuple" and not t.args


def tyname(node: Any) -> str | None:
    """Name of the (pruned) static type constructor of an annotated node, if known."""
    t = getattr(node, "ty", None)
    if t is None:
        return None
    t = prune(t)
    if isinstance(t, TCon):
        return t.name
    return None


class _Either:
    """Membership in either of two sets, without building their union."""

    __slots__ = ("a", "b")

    def __init__(self, a: set[str] | frozenset[str], b: set[str]):
        self.a, self.b = a, b

    def __contains__(self, x: object) -> bool:
        return x in self.a or x in self.b


class Names:
    """Local Python names of one top-level function (shared by its nested closures)."""

    def __init__(self, reserved: set[str]):
        # The module's names are shared, never copied: a copy per function made a module of
        # N functions cost O(N^2).
        self.reserved = _Either(RESERVED_LOCALS, reserved)
        self.used: set[str] = set()
        self.ever: set[str] = set()  # every name handed out (for module-name collision checks)
        # Where the suffix search for a base resumes: without it, N temporaries of one base
        # cost O(N^2) probes. Only a hint (`used` may shrink on restore), so still checked.
        self.next_suffix: dict[str, int] = {}

    def alloc(self, base: str) -> str:
        base = ident(base)
        cand = base + "_" if base in self.reserved and not base.endswith("_") else base
        if cand in self.used or cand in self.reserved:
            n = self.next_suffix.get(base, 2)
            while True:
                cand = f"{base}_{n}" if not base.endswith("_") else f"{base}{n}"
                n += 1
                if cand not in self.used and cand not in self.reserved:
                    break
            self.next_suffix[base] = n
        self.used.add(cand)
        self.ever.add(cand)
        return cand
