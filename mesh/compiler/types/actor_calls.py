"""Typing of the actor forms: `spawn`, `send`, `self()`, `link`, `monitor`, `receive`,
and `Node.spawn` (spec 02 §14, spec 04, spec 07 §7.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.resolved import (
    ActorRes,
    FnRes,
    SupervisorRes,
)
from mesh.compiler.types.actors import NOTICE_TYPES, notice_kind
from mesh.compiler.types.common import (
    Bindings,
    Scope,
    builtin_res,
    tail_span,
)
from mesh.compiler.types.errors import (
    Abort,
    report_arity,
    report_mismatch,
)
from mesh.compiler.types.ty import (
    INT,
    STRING,
    UNIT,
    TCon,
    TFun,
    TVar,
    Type,
    prune,
    show,
)
from mesh.compiler.types.unify import (
    UnifyError,
    mono,
    unify,
)

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker


class ActorCallChecker:
    """The actor forms and `receive` (`chk.actor_calls`)."""

    def __init__(self, chk: Checker) -> None:
        self.chk = chk

    def remote_spawn(self, e: A.Call, scope: Scope) -> Type:
        """`Node.spawn(node, f, args...)`: `f` names a top-level function or actor, sent to the
        other node by its registry name (spec 07 §7.2; the same binary runs everywhere)."""
        callee: A.Field = e.callee  # type: ignore[assignment]
        if len(e.args) < 2 or not isinstance(e.args[1], A.Name):
            self.chk.reporter.emit("E0016", e.span, form="node_spawn_shape", function=callee.name)
            raise Abort()
        self.chk.expect(STRING, self.chk.infer(e.args[0], scope), e.args[0].span)
        target = e.args[1]
        rest = list(e.args[2:])
        res, ft = self.chk.exprs.resolve_name(target.name, target.span, scope, len(rest))
        if not isinstance(res, FnRes) or res.module == "":
            self.chk.reporter.emit("E0016", target.span, form="node_spawn_target", name=target.name)
            raise Abort()
        target.res, target.ty = res, ft
        rest_ts = []
        for a in rest:
            t = prune(self.chk.infer(a, scope))
            rest_ts.append(t)
            if isinstance(t, TFun):
                self.chk.reporter.emit("E0110", a.span)
                raise Abort()
        fp = prune(ft)
        if isinstance(fp, TFun):
            if len(fp.params) != len(rest):
                report_arity(self.chk.reporter, len(fp.params), len(rest), e.span)
                raise Abort()
            for a, at, pt in zip(rest, rest_ts, fp.params):
                self.chk.expect(pt, at, a.span)
        env = self.chk.envs.get(res.module)
        single = env is not None and len(env.arities.get(res.name, [])) == 1
        e.remote_fn = f"{res.module}.{res.name}" + ("" if single else f"/{res.arity}")
        callee.res = builtin_res(f"Node.{callee.name}")
        ret = prune(fp.ret) if isinstance(fp, TFun) else None
        if self.chk.dispatch.is_actor(res) and isinstance(ret, TCon) and ret.name == "Pid":
            return ret
        return TCon("Pid")

    def keyword_call(self, e: A.Call, word: str, scope: Scope) -> Type:
        """`spawn`, `send`, `self()`, `link`, `monitor` (spec 04 §5–§10, 02 §14)."""
        args = e.args
        pid_any = TCon("Pid")
        if word == "self":
            if args:
                report_arity(self.chk.reporter, 0, len(args), e.span)
                raise Abort()
            msg = self.chk.ctx.actor_msg if self.chk.ctx is not None else None
            return TCon("Pid", (msg,)) if msg is not None else pid_any
        if word == "spawn":
            if not args:
                self.chk.reporter.emit("E0016", e.span, form="nothing")
                raise Abort()
            target = args[0]
            if isinstance(target, A.Name) and scope.lookup(target.name) is None:
                sup = self.chk.menv.supervisors.get(target.name)
                if sup is not None and target.name not in self.chk.menv.arities:
                    target.res = SupervisorRes(self.sup_module(target.name), target.name)
                    target.ty = TFun((), TCon("Pid", (UNIT,)))
                    for a in args[1:]:
                        self.chk.infer(a, scope)
                    return TCon("Pid", (UNIT,))
                if (
                    target.name in self.chk.menv.arities
                    or target.name in self.chk.menv.imported_fns
                ):
                    res, ft = self.chk.exprs.resolve_name(
                        target.name, target.span, scope, len(args) - 1
                    )
                    if isinstance(res, FnRes) and self.chk.dispatch.is_actor(res):
                        target.res = ActorRes(res.module, res.name)
                        target.ty = ft
                        return self.chk.exprs.apply(e, ft, list(args[1:]), scope)
            t = prune(self.chk.infer(target, scope))
            self.chk.reporter.emit("E0016", target.span, type=show(t))
            raise Abort()
        if word == "send":
            if len(args) != 2:
                report_arity(self.chk.reporter, 2, len(args), e.span)
                raise Abort()
            pt = prune(self.chk.infer(args[0], scope))
            mt = self.chk.infer(args[1], scope)
            if isinstance(pt, TVar):
                self.chk.expect(pt, TCon("Pid", (self.chk.fresh(),)), args[0].span)
                pt = prune(pt)
            if not (isinstance(pt, TCon) and pt.name == "Pid"):
                report_mismatch(self.chk.reporter, pid_any, pt, args[0].span)
                raise Abort()
            if pt.args:
                try:
                    unify(pt.args[0], mt)
                except UnifyError:
                    ms, ts = show(pt.args[0]), show(mt)
                    self.chk.reporter.emit("E0014", args[1].span, expected=ms, found=ts)
                    raise Abort() from None
            return UNIT
        # link / monitor
        if len(args) != 1:
            report_arity(self.chk.reporter, 1, len(args), e.span)
            raise Abort()
        pt = self.chk.infer(args[0], scope)
        self.chk.expect(TCon("Pid", (self.chk.fresh(),)), pt, args[0].span)
        return UNIT if word == "link" else INT

    def sup_module(self, name: str) -> str:
        sup = self.chk.menv.supervisors[name]
        for env in self.chk.envs.values():
            if env.supervisors.get(name) is sup and sup in env.ast.items:
                return env.name
        return self.chk.menv.name

    def infer_Receive(self, e: A.Receive, scope: Scope) -> Type:
        msg = (
            self.chk.ctx.actor_msg
            if self.chk.ctx is not None and self.chk.ctx.actor_msg is not None
            else self.chk.fresh()
        )
        result = self.chk.fresh()
        e.notices = False
        for arm in e.arms:
            kind = notice_kind(arm.pattern)
            pt = NOTICE_TYPES[kind]() if kind else msg
            e.notices = e.notices or kind is not None
            inner = Scope(scope)
            bindings: Bindings = {}
            try:
                self.chk.patterns.infer_pattern(arm.pattern, pt, bindings, inner)
                for name, (bt, res) in bindings.items():
                    inner.vars[name] = (mono(bt), res)
                if arm.guard is not None:
                    self.chk.blocks.check_guard(arm.guard, inner)
                self.chk.expect(result, self.chk.infer_body(arm.body, inner), tail_span(arm.body))
            except Abort:
                pass
        if e.after is not None:
            timeout, body = e.after
            self.chk.expect(INT, self.chk.infer(timeout, scope), timeout.span)
            self.chk.expect(result, self.chk.infer_body(body, scope), tail_span(body))
        return result
