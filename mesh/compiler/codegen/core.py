"""Shared emitter state: statement buffers, destinations, scopes and local naming.

Lowering is expression-oriented: `expr(e)` returns a Python expression and may emit
statements before it into the current buffer; `to(e, dest)` lowers `e` so that its value
goes to a destination (`return`, assignment to a name, or discarded). Compound Mesh
expressions (`if`, `case`, blocks) lower to statements when their value has a destination,
so they never need temporaries there.
"""

from __future__ import annotations

import ast
from contextlib import contextmanager
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


class EmitterCore:
    """Buffers, scopes and destinations; the lowering mixins build on this."""

    def __init__(self, mod: Any, reserved: set[str]):
        self.mod = mod  # ModuleEmitter
        self.names = Names(reserved)
        self.buf: list[ast.stmt] = []
        self.scopes: list[dict[str, ast.expr]] = [{}]
        self.defined: set[str] = set()
        self.ctx: FnCtx | None = None
        self.facts: list[dict[str, tuple[int | None, int | None]]] = [{}]

    # -- statements ---------------------------------------------------------------
    def terminated(self, buf: list[ast.stmt] | None = None) -> bool:
        b = self.buf if buf is None else buf
        return bool(b) and isinstance(b[-1], TERMINATORS)

    def emit(self, stmt: ast.stmt) -> None:
        if not self.terminated():
            self.buf.append(stmt)

    @contextmanager
    def capture(self):
        saved = self.buf
        out: list[ast.stmt] = []
        self.buf = out
        try:
            yield out
        finally:
            self.buf = saved

    def snapshot(self) -> tuple:
        return (
            set(self.names.used),
            set(self.defined),
            self.ctx.tco_used if self.ctx else False,
            self.ctx.made_closure if self.ctx else False,
        )

    def restore(self, snap: tuple) -> None:
        self.names.used, self.defined = set(snap[0]), set(snap[1])
        if self.ctx:
            self.ctx.tco_used, self.ctx.made_closure = snap[2], snap[3]

    # -- scopes -------------------------------------------------------------------
    @contextmanager
    def scope(self):
        self.scopes.append({})
        try:
            yield self.scopes[-1]
        finally:
            self.scopes.pop()

    def lookup(self, key: str) -> ast.expr | None:
        for s in reversed(self.scopes):
            if key in s:
                return s[key]
        return None

    def bind_fresh(self, mesh_name: str, base: str | None = None) -> str:
        py = self.names.alloc(base or mesh_name)
        self.scopes[-1][mesh_name] = name(py)
        self.defined.add(py)
        return py

    def bind_alias(self, mesh_name: str, expr: ast.expr) -> None:
        self.scopes[-1][mesh_name] = expr

    def temp(self, base: str = "_t") -> str:
        py = self.names.alloc(base)
        self.defined.add(py)
        return py

    def spill(self, v: ast.expr, base: str = "_t") -> ast.expr:
        if isinstance(v, (ast.Name, ast.Constant)):
            return v
        t = self.temp(base)
        self.emit(assign(t, v))
        return name(t)

    # -- destinations ---------------------------------------------------------------
    def finish(self, v: ast.expr, dest: Dest, unit: bool = False) -> None:
        if self.terminated():
            return
        if dest.kind == "return":
            if unit and isinstance(v, ast.Call):  # `println(..)` then `return None`
                self.emit(ast.Expr(value=v))
                v = const(None)
            self.emit(ast.Return(value=v))
        elif dest.kind == "assign":
            assert dest.target is not None
            self.emit(assign(dest.target, v))
        elif dest.kind == "append":  # a `for` comprehension collecting body values
            assert dest.target is not None
            self.emit(ast.Expr(value=call(attr(name(dest.target), "append"), [v])))
        elif not is_pure(v):
            self.emit(ast.Expr(value=v))

    # -- facts (integer bounds from enclosing `if` conditions) ------------------
    def bounds(self, py: str) -> tuple[int | None, int | None]:
        lo: int | None = None
        hi: int | None = None
        for f in self.facts:
            if py in f:
                flo, fhi = f[py]
                if flo is not None:
                    lo = flo if lo is None else max(lo, flo)
                if fhi is not None:
                    hi = fhi if hi is None else min(hi, fhi)
        return lo, hi

    @contextmanager
    def with_facts(self, facts: dict[str, tuple[int | None, int | None]]):
        self.facts.append(facts)
        try:
            yield
        finally:
            self.facts.pop()
