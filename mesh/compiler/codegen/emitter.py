"""The function emitter: the state of one top-level function being lowered (and everything
nested in it) and the helpers every lowering step uses, with typed collaborators for each
kind of construct (`exprs`, `control`, `patterns`, `actors`; each holds this as `em`).

Lowering is expression-oriented: `expr(e)` returns a Python expression and may emit
statements before it into the current buffer; `to(e, dest)` lowers `e` so that its value
goes to a destination (`return`, assignment to a name, or discarded). Compound Mesh
expressions (`if`, `case`, blocks) lower to statements when their value has a destination,
so they never need temporaries there.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

from mesh.compiler import ast as A
from mesh.compiler.codegen.actors import ActorEmitter
from mesh.compiler.codegen.control import ControlEmitter
from mesh.compiler.codegen.core import (
    TERMINATORS,
    Bounds,
    CodegenError,
    Dest,
    FnCtx,
    Names,
    assign,
    attr,
    call,
    const,
    is_pure,
    is_unit,
    name,
    source_line,
)
from mesh.compiler.codegen.expr import ExprEmitter
from mesh.compiler.codegen.patterns import PatternEmitter

if TYPE_CHECKING:
    from mesh.compiler.codegen.module import ModuleEmitter

# What `snapshot` saves: names in use, defined locals, the function's tail-call/closure flags.
Snapshot = tuple[set[str], set[str], bool, bool]


class FnEmitter:
    """Lowers one top-level function (and everything nested in it)."""

    def __init__(self, mod: ModuleEmitter, reserved: set[str]) -> None:
        self.mod = mod
        self.names = Names(reserved)
        self.buf: list[ast.stmt] = []
        self.scopes: list[dict[str, ast.expr]] = [{}]
        self.defined: set[str] = set()
        self.ctx: FnCtx | None = None
        self.facts: list[dict[str, Bounds]] = [{}]
        self.exprs = ExprEmitter(self)
        self.control = ControlEmitter(self)
        self.patterns = PatternEmitter(self)
        self.actors = ActorEmitter(self)

    # -- entry points ---------------------------------------------------------------------
    def to(self, e: Any, dest: Dest) -> None:
        """Lower `e` so that its value goes to `dest`."""
        if isinstance(e, A.Block):
            self.control.block(e.stmts, dest)
        elif isinstance(e, A.If):
            if dest.kind == "assign":
                v = self.control.if_value(e)
                if v is not None:
                    self.finish(v, dest)
                    return
            self.control.if_stmt(e, dest)
        elif isinstance(e, A.Case):
            self.control.case(e, dest)
        elif isinstance(e, A.Return):
            self.control.do_return(e)
        elif isinstance(e, A.Call) and dest.kind == "return" and self.control.try_self_tail_call(e):
            return
        elif isinstance(e, A.For):
            self.control.for_loop(e, dest)
        elif isinstance(e, A.Receive):
            self.actors.receive(e, dest)
        elif isinstance(e, A.While):
            self.control.while_loop(e, dest)
        elif isinstance(e, A.Closure) and dest.kind == "assign":
            assert dest.target is not None
            self.control.closure(e, dest.target)
        else:
            self.finish(self.exprs.expr(e), dest, unit=is_unit(e))

    def expr(self, e: Any) -> ast.expr:
        """Lower `e` to a Python expression (see `ExprEmitter.expr`)."""
        return self.exprs.expr(e)

    def unsupported(self, what: str, node: object) -> NoReturn:
        raise CodegenError(
            f"{self.mod.info.rel_path}:{source_line(node)}: {what} is not supported yet"
        )

    # -- statements -----------------------------------------------------------------------
    def terminated(self, buf: list[ast.stmt] | None = None) -> bool:
        b = self.buf if buf is None else buf
        return bool(b) and isinstance(b[-1], TERMINATORS)

    def emit(self, stmt: ast.stmt) -> None:
        if not self.terminated():
            self.buf.append(stmt)

    @contextmanager
    def capture(self) -> Iterator[list[ast.stmt]]:
        saved = self.buf
        out: list[ast.stmt] = []
        self.buf = out
        try:
            yield out
        finally:
            self.buf = saved

    def snapshot(self) -> Snapshot:
        return (
            set(self.names.used),
            set(self.defined),
            self.ctx.tco_used if self.ctx else False,
            self.ctx.made_closure if self.ctx else False,
        )

    def restore(self, snap: Snapshot) -> None:
        self.names.used, self.defined = set(snap[0]), set(snap[1])
        if self.ctx:
            self.ctx.tco_used, self.ctx.made_closure = snap[2], snap[3]

    # -- scopes ---------------------------------------------------------------------------
    @contextmanager
    def scope(self) -> Iterator[dict[str, ast.expr]]:
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

    # -- destinations ---------------------------------------------------------------------
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

    # -- facts (integer bounds from enclosing `if` conditions) ----------------------------
    def bounds(self, py: str) -> Bounds:
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
    def with_facts(self, facts: dict[str, Bounds]) -> Iterator[None]:
        self.facts.append(facts)
        try:
            yield
        finally:
            self.facts.pop()
