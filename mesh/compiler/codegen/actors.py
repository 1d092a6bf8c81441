"""Codegen for the actor surface (spec 04): keyword calls, `receive`, actors, services and
supervisors, against the runtime API of docs/internals/actors-contract.md."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.codegen.core import Dest, arguments, assign, call, const, name, source_line
from mesh.compiler.resolved import ActorRes, LocalRes, SupervisorRes
from mesh.compiler.types.actors import notice_kind

if TYPE_CHECKING:
    from mesh.compiler.codegen.emitter import FnEmitter

ACTORS = "mesh.runtime.actors"
PROCESS = "mesh.runtime.stdlib.process"


def _pattern_names(p: A.Pattern, out: list[str]) -> list[str]:
    """Mesh names bound by a pattern, in a stable order (what the matcher hands back)."""
    if isinstance(p, A.PVar):
        if isinstance(p.res, LocalRes) and p.name not in out:
            out.append(p.name)
    elif isinstance(p, A.PAs):
        _pattern_names(p.pattern, out)
        if p.name not in out:
            out.append(p.name)
    elif isinstance(p, (A.PTuple, A.PList)):
        for x in p.items:
            _pattern_names(x, out)
    elif isinstance(p, A.PCtor):
        for x in p.args or ():
            _pattern_names(x, out)
    elif isinstance(p, A.PCons):
        _pattern_names(p.head, out)
        _pattern_names(p.tail, out)
    elif isinstance(p, A.POr):
        _pattern_names(p.alts[0], out)
    return out


class ActorEmitter:
    """Lowers the actor surface for the function emitter `em`."""

    def __init__(self, em: FnEmitter) -> None:
        self.em = em
        self.mod = em.mod

    def actors_ref(self, n: str) -> ast.Name:
        return self.mod.import_name(ACTORS, n, "_a_" + n, "_a")

    # -- keyword calls ------------------------------------------------------------------
    def keyword_call(self, e: A.Call) -> ast.expr:
        callee = e.callee
        assert isinstance(callee, A.Name)
        word = callee.name
        if word == "self":
            return call(self.actors_ref("self_pid"), [])
        if word == "spawn":
            res = getattr(e.args[0], "res", None)
            if isinstance(res, SupervisorRes):
                return call(self.mod.supervisor_ref(res), [])
            assert isinstance(res, ActorRes)
            fn = self.mod.actor_ref(res)
            return call(self.actors_ref("spawn"), [fn, *self.em.exprs.in_order(e.args[1:])])
        if word == "send":
            return call(self.actors_ref("send"), self.em.exprs.in_order(e.args))
        if word == "link":
            return call(self.actors_ref("link"), self.em.exprs.in_order(e.args))
        return call(
            self.mod.import_name(PROCESS, "monitor", "process_monitor", "process"),
            self.em.exprs.in_order(e.args),
        )

    # -- receive ---------------------------------------------------------------------------
    def receive(self, e: A.Receive, dest: Dest) -> None:
        sp = e.span
        arm_names = [_pattern_names(a.pattern, []) for a in e.arms]

        def clause(i: int, arm: A.Arm) -> A.Clause:
            body = A.ListLit(sp, [A.IntLit(sp, i)] + [A.Name(sp, n) for n in arm_names[i]])
            return A.Clause([A.Param(arm.pattern, None, sp)], arm.guard, body, arm.span)

        reject = A.Clause([A.Param(A.PWild(sp), None, sp)], None, A.NilLit(sp), sp)
        notices = bool(getattr(e, "notices", False))
        normal = [
            clause(i, a) for i, a in enumerate(e.arms) if not (notices and notice_kind(a.pattern))
        ]
        if notices:
            special = [clause(i, a) for i, a in enumerate(e.arms) if notice_kind(a.pattern)]
            m_notice = self.em.temp("_match_notice")
            self.em.emit(self.em.control.make_def(m_notice, special + [reject], source_line(e)))
            m_plain = self.em.temp("_match_msg")
            self.em.emit(self.em.control.make_def(m_plain, normal + [reject], source_line(e)))
            msg = self.em.temp("msg")
            notice_cls = self.actors_ref("Notice")
            is_notice = ast.Compare(
                left=call(name("type"), [name(msg)]), ops=[ast.Is()], comparators=[notice_cls]
            )
            lam = ast.Lambda(
                args=arguments([msg]),
                body=ast.IfExp(
                    test=is_notice,
                    body=call(name(m_notice), [name(msg)]),
                    orelse=call(name(m_plain), [name(msg)]),
                ),
            )
            matcher: ast.expr = lam
        elif all(a.guard is None for a in e.arms):
            # Patterns never read local variables (only guards can), so the matcher is
            # built once per module instead of once per pass through this `receive` (an
            # actor loop would otherwise create a function object per message).
            key = ("matcher", id(e))
            ns = self.mod.ns
            if key not in ns.by_key:
                m = ns.claim(f"_match_{ns.claimed('matcher') + 1}", key)
                self.mod.consts.append(
                    self.em.control.make_def(m, normal + [reject], source_line(e))
                )
            matcher = name(ns.by_key[key])
        else:
            m = self.em.temp("_match")
            self.em.emit(self.em.control.make_def(m, normal + [reject], source_line(e)))
            matcher = name(m)
        timeout: ast.expr = const(None)
        if e.after is not None:
            timeout = self.em.expr(e.after[0])
        args = [matcher, timeout] + ([const(True)] if notices else [])
        r = self.em.temp("_got")
        self.em.emit(assign(r, ast.Await(call(self.actors_ref("receive"), args))))
        chain: list[tuple[ast.expr, list[ast.stmt]]] = []
        if e.after is not None:
            with self.em.scope(), self.em.capture() as body:
                self.em.to(e.after[1], dest)
            chain.append(
                (
                    ast.Compare(
                        left=name(r), ops=[ast.Is()], comparators=[self.actors_ref("TIMEOUT")]
                    ),
                    body,
                )
            )
        for i, arm in enumerate(e.arms):
            with self.em.scope(), self.em.capture() as body:
                for k, n in enumerate(arm_names[i]):
                    py = self.em.bind_fresh(n)
                    self.em.emit(
                        assign(py, ast.Subscript(value=name(r), slice=const(k + 1), ctx=ast.Load()))
                    )
                self.em.to(arm.body, dest)
            test = ast.Compare(
                left=ast.Subscript(value=name(r), slice=const(0), ctx=ast.Load()),
                ops=[ast.Eq()],
                comparators=[const(i)],
            )
            chain.append((test, body))
        if not chain:
            return
        node: list[ast.stmt] = chain[-1][1] or [ast.Pass()]
        for cond, body in reversed(chain[:-1]):
            node = [ast.If(test=cond, body=body or [ast.Pass()], orelse=node)]
        self.em.buf.extend(node)

    # -- reductions (spec 04 §21.8) ----------------------------------------------------------
    def reduction_check(self) -> list[ast.stmt]:
        """`_s.red -= 1; if _s.red <= 0: await _s.yield_now()` at loop back-edges."""
        ctx = self.mod.import_name("mesh.runtime.actors", "context", "_sched", "_a")
        red = ast.Attribute(value=ctx, attr="red", ctx=ast.Store())
        return [
            ast.AugAssign(target=red, op=ast.Sub(), value=const(1)),
            ast.If(
                test=ast.Compare(
                    left=ast.Attribute(value=ctx, attr="red", ctx=ast.Load()),
                    ops=[ast.LtE()],
                    comparators=[const(0)],
                ),
                body=[
                    ast.Expr(
                        value=ast.Await(
                            call(ast.Attribute(value=ctx, attr="yield_now", ctx=ast.Load()), [])
                        )
                    )
                ],
                orelse=[],
            ),
        ]
