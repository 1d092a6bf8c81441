"""Actors, services and supervisors in the checker (spec 02 §14, spec 04).

Actors join the ordinary function machinery: each is a `FnInfo` (with `actor` set) whose
single clause is a synthetic `FnDef` over the actor body, so SCC ordering and
generalisation treat them like functions. Their type is `(P...) -> Pid<M>`, `M` inferred
from the body's `receive` patterns. Services and supervisors are checked after functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from mesh.compiler import ast as A
from mesh.compiler.resolved import ServiceFnRes
from mesh.compiler.source import Span
from mesh.compiler.types import decls as D
from mesh.compiler.types.common import Bindings, FnCtx, Scope
from mesh.compiler.types.errors import Abort
from mesh.compiler.types.ty import ATOM, INT, STRING, UNIT, TCon, TFun, TVar, Type, prune, show
from mesh.compiler.types.unify import mono, unify

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker
    from mesh.compiler.types.items import ModuleChecker


NOTICE_TYPES = {
    "down": lambda: TCon("Tuple", (ATOM, INT, TCon("Pid"), STRING)),
    "nodedown": lambda: TCon("Tuple", (ATOM, STRING)),
}
STRATEGIES = ("one_for_one", "one_for_all", "rest_for_one", "simple_one_for_one")
RESTARTS = ("permanent", "transient", "temporary")


@dataclass(eq=False)
class ServiceInfo:
    module: str
    name: str
    decl: A.ServiceDef
    state: Type
    init: A.FnDef
    init_type: TFun
    fns: dict[str, tuple[str, TFun]] = field(default_factory=dict)  # snake → (kind, type)
    handlers: dict[str, tuple[A.Handler, list[Type], Type]] = field(default_factory=dict)


def snake_case(name: str) -> str:
    """`GetHTTPCode` → `get_h_t_t_p_code` (spec 01 §5.8)."""
    if not name:
        return name
    return name[0].lower() + re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), name[1:])


def notice_kind(p: A.Pattern) -> str | None:
    if isinstance(p, A.PTuple) and p.items and isinstance(p.items[0], A.PAtom):
        if p.items[0].name in NOTICE_TYPES:
            return p.items[0].name
    return None


def actor_clause(decl: A.ActorDef) -> A.FnDef:
    fn = A.FnDef(decl.name, decl.span, [], decl.params, None, [], None, decl.body, True, decl.span)
    fn.actor = decl
    return fn


def declare_services(mc: ModuleChecker) -> None:
    env = mc.env
    for item in mc.module.items:
        if isinstance(item, A.ServiceDef):
            try:
                env.services[item.name] = declare_service(mc, item)
            except Abort:
                pass
        elif isinstance(item, A.SupervisorDef):
            env.supervisors[item.name] = item


def _param_types(mc: ModuleChecker, params: list[A.Param]) -> list[Type]:
    return [
        mc.resolver.resolve(p.annotation, mc.env, {}) if p.annotation else TVar(1) for p in params
    ]


def declare_service(mc: ModuleChecker, item: A.ServiceDef) -> ServiceInfo:
    rep = mc.reporter
    inits = [f for f in item.fns if f.name == "init"]
    if not inits:
        rep.emit("E0107", item.span, name=item.name)
        raise Abort()
    init = inits[0]
    state = mc.resolver.resolve(init.ret, mc.env, {}) if init.ret else TVar(1)
    init_type = TFun(tuple(_param_types(mc, init.params)), state)
    info = ServiceInfo(mc.env.name, item.name, item, state, init, init_type)
    pid_t = TCon("Pid", (UNIT,))
    info.fns["start"] = ("start", TFun(init_type.params, pid_t))
    for h in item.handlers:
        snake = snake_case(h.name)
        if snake == "start" or snake in info.fns:
            rep.emit("E0108", h.span, handler=h.name, function=snake, service=item.name)
            continue
        params = _param_types(mc, h.params)
        reply = (
            (mc.resolver.resolve(h.reply, mc.env, {}) if h.reply else TVar(1))
            if h.kind == "call"
            else UNIT
        )
        info.fns[snake] = (h.kind, TFun((pid_t, *params), reply))
        info.handlers[snake] = (h, params, reply)
        h.snake = snake
        h.res = ServiceFnRes(mc.env.name, item.name, snake, h.kind)
    item.init = init
    return info


def check_actor(chk: Checker, g: D.FnInfo, ft: TFun) -> None:
    """Check an actor body: `receive` patterns constrain the message type `M`."""
    clause = g.clauses[0]
    decl = cast(A.ActorDef, clause.actor)  # the synthetic clause of an actor
    ret = prune(ft.ret)
    msg = ret.args[0] if isinstance(ret, TCon) else TVar(chk.level)
    saved = chk.ctx
    chk.ctx = FnCtx(TVar(chk.level), True, name=decl.name)
    chk.ctx.actor_name = (g.module, decl.name)
    chk.ctx.actor_msg = msg
    scope = Scope()
    try:
        bindings: Bindings = {}
        for p, pt in zip(clause.params, ft.params):
            chk.patterns.infer_pattern(p.pattern, pt, bindings, scope)
        for name, (bt, res) in bindings.items():
            scope.vars[name] = (mono(bt), res)
        chk.blocks.infer_block(decl.body, scope)
        if decl.terminate is not None:
            chk.blocks.infer_block(decl.terminate, scope)
    except Abort:
        pass
    finally:
        chk.control.resolve_pending_tries(chk.ctx)
        chk.ctx = saved


def check_services(mc: ModuleChecker, chk: Checker) -> None:
    for info in mc.env.services.values():
        if info.module != mc.env.name:
            continue
        chk.level = 1
        try:
            chk.blocks.check_clauses([info.init], info.init_type, Scope(), "init")
        except Abort:
            pass
        for h, params, reply in info.handlers.values():
            saved = chk.ctx
            chk.ctx = FnCtx(TVar(1), False, name=h.name)
            scope = Scope()
            try:
                for p, pt in zip(h.params, params):
                    bindings: Bindings = {}
                    chk.patterns.infer_pattern(p.pattern, pt, bindings, scope)
                    for name, (bt, res) in bindings.items():
                        scope.vars[name] = (mono(bt), res)
                if h.state is not None:
                    res = chk.new_local(h.state)
                    h.state_res = res
                    scope.vars[h.state] = (mono(info.state), res)
                body_t = chk.blocks.infer_block(h.body, scope)
                want = TCon("Tuple", (info.state, reply)) if h.kind == "call" else info.state
                chk.expect(
                    want,
                    body_t,
                    _tail(h.body),
                    "call_handler" if h.kind == "call" else None,
                )
            except Abort:
                pass
            finally:
                chk.control.resolve_pending_tries(chk.ctx)
                chk.ctx = saved


def check_supervisors(mc: ModuleChecker, chk: Checker) -> None:
    rep = mc.reporter
    for item in mc.module.items:
        if not isinstance(item, A.SupervisorDef):
            continue
        if item.strategy is not None and item.strategy[0] not in STRATEGIES:
            s, span = item.strategy
            rep.emit("E0019", span, strategy=s)
        seen: set[str] = set()
        for child in item.children:
            if child.name in seen:
                rep.emit(
                    "E0019", child.span, form="duplicate_child", child=child.name, name=item.name
                )
            seen.add(child.name)
            if child.restart is not None and child.restart[0] not in RESTARTS:
                r, span = child.restart
                rep.emit("E0020", span, restart=r, child=child.name)
            if child.shutdown is not None:
                v, span = child.shutdown
                if not ((isinstance(v, int) and v > 0) or v == "brutal_kill"):
                    rep.emit("E0021", span, shutdown=v, child=child.name)
            if child.start is None:
                rep.emit("E0018", child.span, form="no_start", child=child.name)
                continue
            saved = chk.ctx
            chk.ctx = FnCtx(TVar(1), False, name=item.name)
            try:
                t = prune(chk.infer(child.start, Scope()))
                ok = isinstance(t, TFun) and not t.params and _is_pid(t.ret)
                if not ok:
                    found = prune(t.ret) if isinstance(t, TFun) else t
                    rep.emit("E0018", child.start.span, child=child.name, type=show(found))
            except Abort:
                pass
            finally:
                chk.ctx = saved


def _is_pid(t: Type) -> bool:
    t = prune(t)
    if isinstance(t, TVar):
        try:
            unify(t, TCon("Pid"))
        except Exception:
            return False
        return True
    return isinstance(t, TCon) and t.name == "Pid"


def _tail(block: A.Block) -> Span:
    return block.stmts[-1].span if block.stmts else block.span
