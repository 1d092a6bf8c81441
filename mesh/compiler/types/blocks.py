"""Blocks, `let`, local functions and function clauses (spec 02 §4, §6, §8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.ast_walk import children
from mesh.compiler.resolved import (
    BuiltinRes,
    FnRes,
    ServiceFnRes,
)
from mesh.compiler.stdlib_types import SUSPENDING
from mesh.compiler.types.common import (
    Bindings,
    FnCtx,
    Scope,
    tail_span,
)
from mesh.compiler.types.errors import (
    Abort,
)
from mesh.compiler.types.ty import (
    BOOL,
    UNIT,
    TFun,
    TVar,
    Type,
    show,
)
from mesh.compiler.types.unify import (
    UnifyError,
    generalize,
    mono,
    unify,
)

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker


class BlockChecker:
    """Blocks, `let`, local functions and function clauses (`chk.blocks`)."""

    def __init__(self, chk: Checker) -> None:
        self.chk = chk

    def infer_block(self, block: A.Block, scope: Scope) -> Type:
        scope = Scope(scope)
        result: Type = UNIT
        stmts = block.stmts
        i = 0
        while i < len(stmts):
            st = stmts[i]
            if isinstance(st, A.FnDef):
                # Consecutive clauses of one local function are checked together.
                clauses = [st]
                for nxt in stmts[i + 1 :]:
                    if not (
                        isinstance(nxt, A.FnDef)
                        and nxt.name == st.name
                        and len(nxt.params) == len(st.params)
                    ):
                        break
                    clauses.append(nxt)
                self.infer_local_fn(clauses, scope)
                result = UNIT
                i += len(clauses)
                continue
            try:
                if isinstance(st, A.Let):
                    result = self.infer_let(st, scope)
                else:
                    result = self.chk.infer(st, scope)
            except Abort:
                if not self.chk.may_recover():
                    raise
                result = self.chk.fresh()
                if isinstance(st, A.Let):
                    self.bind_after_error(st.pattern, scope)
            i += 1
        block.ty = result
        return result

    def infer_let(self, st: A.Let, scope: Scope) -> Type:
        self.chk.level += 1
        try:
            t = self.chk.infer(st.value, scope)
            if st.annotation is not None:
                ann = self.chk.annotation(st.annotation)
                self.chk.expect(ann, t, st.value.span, "annotation")
                t = ann
        finally:
            self.chk.level -= 1
        pat = st.pattern
        if isinstance(pat, A.PVar):
            res = self.chk.new_local(pat.name)
            pat.res = res
            pat.ty = t
            bounded = (
                isinstance(st.value, A.Name)
                and isinstance(st.value.res, FnRes)
                and self.chk.dispatch.has_where(st.value.res)
            )
            scope.vars[pat.name] = (mono(t) if bounded else generalize(t, self.chk.level), res)
        elif isinstance(pat, A.PWild):
            pat.ty = t
        else:
            self.check_irrefutable_let(pat)
            bindings: Bindings = {}
            self.chk.patterns.infer_pattern(pat, t, bindings, scope)
            for name, (bt, res) in bindings.items():
                scope.vars[name] = (mono(bt), res)
        return t

    def bind_after_error(self, pat: A.Pattern, scope: Scope) -> None:
        """A failed `let` still binds its names (to a fresh type): one error, not a cascade."""
        if isinstance(pat, A.PVar):
            res = self.chk.new_local(pat.name)
            pat.res = res
            scope.vars[pat.name] = (mono(self.chk.fresh()), res)
        elif isinstance(pat, A.PTuple):
            for p in pat.items:
                self.bind_after_error(p, scope)

    def check_irrefutable_let(self, pat: A.Pattern) -> None:
        if isinstance(pat, (A.PVar, A.PWild)):
            return
        if isinstance(pat, A.PTuple):
            for p in pat.items:
                self.check_irrefutable_let(p)
            return
        self.chk.reporter.emit("E0101", pat.span)
        raise Abort()

    def infer_local_fn(self, clauses: list[A.FnDef], scope: Scope) -> None:
        first = clauses[0]
        arity = len(first.params)
        res = FnRes("", first.name, arity, self.chk.new_uid())
        for c in clauses:
            c.res = res
        self.chk.level += 1
        fn_type = self.fn_type_from_annotations(first, {})
        scope.vars[first.name] = (mono(fn_type), res)
        self.check_clauses(clauses, fn_type, scope, first.name)
        self.chk.level -= 1
        scope.vars[first.name] = (generalize(fn_type, self.chk.level), res)

    def fn_type_from_annotations(self, fn: A.FnDef, tvars: dict[str, Type]) -> TFun:
        for g in fn.generics:
            tvars.setdefault(g, TVar(self.chk.level, name=g))
        params = []
        for p in fn.params:
            params.append(
                self.chk.annotation(p.annotation, tvars) if p.annotation else self.chk.fresh()
            )
        ret = self.chk.annotation(fn.ret, tvars) if fn.ret else self.chk.fresh()
        fn.tvars = tvars
        return TFun(tuple(params), ret)

    def check_clauses(self, clauses: list[A.FnDef], fn_type: TFun, scope: Scope, name: str) -> None:
        """Check every clause body against the (shared) function type."""
        self.chk.fn_errors_base = self.chk.errors_reported()
        declared = clauses[0].ret is not None
        rows = []
        for c in clauses:
            saved_ctx = self.chk.ctx
            self.chk.ctx = FnCtx(fn_type.ret, declared, name=name)
            inner = Scope(scope)
            bindings: Bindings = {}
            try:
                for p, pt in zip(c.params, fn_type.params):
                    self.chk.patterns.infer_pattern(p.pattern, pt, bindings, inner)
                for bname, (bt, res) in bindings.items():
                    inner.vars[bname] = (mono(bt), res)
                if c.guard is not None:
                    self.check_guard(c.guard, inner)
                body_t = self.chk.infer_body(c.body, inner)
                self.chk.expect(
                    fn_type.ret,
                    body_t,
                    tail_span(c.body),
                )
            except Abort:
                pass
            finally:
                self.chk.control.resolve_pending_tries(self.chk.ctx)
                self.chk.ctx = saved_ctx
            rows.append(([p.pattern for p in c.params], c.guard is not None, c.span))
        if len(clauses) > 1 or any(
            not isinstance(p.pattern, (A.PVar, A.PWild)) for p in clauses[0].params
        ):
            self.chk.exhaustive.check_clauses(self.chk, rows, fn_type, clauses)

    def check_guard(self, guard: A.Expr, scope: Scope) -> None:
        t = self.chk.infer(guard, scope)
        if _may_suspend(guard):
            self.chk.reporter.emit("E0013", guard.span)
            raise Abort()
        try:
            unify(BOOL, t)
        except UnifyError:
            self.chk.reporter.emit("E0025", guard.span, type=show(t))
            raise Abort() from None

    def infer_Block(self, e: A.Block, scope: Scope) -> Type:
        return self.infer_block(e, scope)


def _may_suspend(e: A.Expr) -> bool:
    """Syntactic check for guards: `receive`, suspending builtins, service calls."""
    stack: list[object] = [e]
    while stack:
        n = stack.pop()
        if isinstance(n, A.Receive):
            return True
        if isinstance(n, A.Closure):
            continue
        res = getattr(n, "res", None)
        if isinstance(res, BuiltinRes) and res.qualname in SUSPENDING:
            return True
        if isinstance(res, ServiceFnRes) and res.kind == "call":
            return True
        stack.extend(children(n))
    return False
