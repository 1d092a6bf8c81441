"""Function colouring (DESIGN §3.1): which Mesh functions become `async def`.

A *unit* is anything emitted as one Python function: a top-level function or actor, an
impl method, a local function, a closure, a service handler. A unit is async when it may
suspend: it contains `receive`, calls a suspending builtin or a service `call`, calls an
async unit, or calls a function value whose colour is unknown (conservatively async).
Process entry points (actors, service handlers) are always async. The result also tells
codegen, per call site, whether to `await` it, to call a higher-order builtin's `_async`
variant, or to await a result only if it turned out to be a coroutine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mesh.compiler import ast as A
from mesh.compiler.ast_walk import children, is_node
from mesh.compiler.resolved import (
    ActorRes,
    BuiltinRes,
    CtorRes,
    FnRes,
    ImplMethodRes,
    KeywordRes,
    LocalRes,
    MethodRes,
    ServiceFnRes,
    StructRes,
)
from mesh.compiler.stdlib_types import ASYNC_VARIANTS, SUSPENDING
from mesh.compiler.types.ty import TFun, prune

# A unit of colouring: a function, impl method, local fn, closure, actor, handler, ...,
# identified by its kind first (`("fn", module, name, arity)`, `("closure", id(node))`).
UnitKey = tuple[object, ...]


@dataclass
class _Unit:
    direct: bool = False
    trio: bool = False  # may suspend other than in `receive` (see `Colouring.trio_units`)
    edges: set[UnitKey] = field(default_factory=set)
    # (call node id, kind, payload): the payload is a unit key ("edge"), the keys of the
    # function arguments, None for unknown ones ("hof"), or None.
    calls: list[tuple[int, str, Any]] = field(default_factory=list)


@dataclass
class Colouring:
    async_units: set[UnitKey] = field(default_factory=set)
    await_calls: set[int] = field(default_factory=set)  # ids of call nodes
    maybe_calls: set[int] = field(default_factory=set)
    variant_calls: set[int] = field(default_factory=set)
    # Units that may suspend somewhere other than in `receive` (timers, I/O, service calls,
    # unknown function values). An actor outside this set only ever waits in the runtime's
    # own mailbox wait, so it can run without a Trio cancel scope (`_mesh_plain_waits`).
    trio_units: set[UnitKey] = field(default_factory=set)

    def is_async(self, key: UnitKey) -> bool:
        return key in self.async_units

    def plain_waits(self, key: UnitKey) -> bool:
        return key not in self.trio_units


def fn_key(module: str, name: str, arity: int) -> UnitKey:
    return ("fn", module, name, arity)


def impl_key(res: ImplMethodRes) -> UnitKey:
    return ("impl", res.module, res.trait, res.trait_args, res.type_key, res.method)


def local_key(res: FnRes) -> UnitKey:
    return ("local", res.uid)


def closure_key(node: A.Closure) -> UnitKey:
    return ("closure", id(node))


def handler_key(module: str, service: str, snake: str) -> UnitKey:
    return ("handler", module, service, snake)


def init_key(module: str, service: str) -> UnitKey:
    return ("init", module, service)


class _Analyser:
    def __init__(self) -> None:
        self.units: dict[UnitKey, _Unit] = {}
        self.let_closures: dict[int, UnitKey] = {}  # LocalRes uid → closure unit key

    def unit(self, key: UnitKey, forced: bool = False) -> _Unit:
        u = self.units.setdefault(key, _Unit())
        u.direct = u.direct or forced
        return u

    def walk(self, node: object, key: UnitKey) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, (list, tuple)):
                stack.extend(n)
                continue
            if not is_node(n):
                continue
            if isinstance(n, A.Closure):
                ck = closure_key(n)
                self.unit(ck)
                for c in n.clauses:
                    self.walk([c.guard, c.body], ck)
                continue
            if isinstance(n, A.FnDef):
                lk = (
                    local_key(n.res)
                    if isinstance(n.res, FnRes) and n.res.module == ""
                    else ("def", id(n))
                )
                self.unit(lk)
                self.walk([n.guard, n.body], lk)
                continue
            if (
                isinstance(n, A.Let)
                and isinstance(n.value, A.Closure)
                and isinstance(n.pattern, A.PVar)
                and isinstance(n.pattern.res, LocalRes)
            ):
                self.let_closures[n.pattern.res.uid] = closure_key(n.value)
            if isinstance(n, A.Receive):
                self.units[key].direct = True
            if isinstance(n, A.Call):
                self.call(n, key)
            stack.extend(children(n))

    def call(self, e: A.Call, key: UnitKey) -> None:
        u = self.units[key]
        c = e.callee
        res = e.res.target if isinstance(e.res, MethodRes) else getattr(c, "res", None)
        if isinstance(res, (KeywordRes, CtorRes, StructRes)):
            return  # process primitives and constructors never suspend
        if isinstance(res, ActorRes):
            target = self.actor_key(res, e)
            u.edges.add(target)
            u.calls.append((id(e), "edge", target))
            return
        if isinstance(res, FnRes):
            target = local_key(res) if res.module == "" else fn_key(res.module, res.name, res.arity)
            u.edges.add(target)
            u.calls.append((id(e), "edge", target))
            return
        if isinstance(res, ImplMethodRes):
            target = impl_key(res)
            u.edges.add(target)
            u.calls.append((id(e), "edge", target))
            return
        if isinstance(res, ServiceFnRes):
            if res.kind == "call":
                u.direct = u.trio = True
                u.calls.append((id(e), "suspend", None))
            elif res.kind == "start":
                target = init_key(res.module, res.service)
                u.edges.add(target)
                u.calls.append((id(e), "edge", target))
            return
        if isinstance(res, BuiltinRes):
            if res.qualname in SUSPENDING:
                u.direct = u.trio = True
                # A suspending builtin with a `_async` twin (IO.read_line) is called as the twin.
                kind = "suspend_variant" if res.qualname in ASYNC_VARIANTS else "suspend"
                u.calls.append((id(e), kind, None))
            elif res.qualname in ASYNC_VARIANTS:
                funs = [self.fn_arg(a) for a in e.args if _is_fun(a)]
                if funs:
                    u.calls.append((id(e), "hof", funs))
            return
        if isinstance(res, LocalRes):
            known = self.let_closures.get(res.uid)
            if known is not None:
                u.edges.add(known)
                u.calls.append((id(e), "edge", known))
                return
        if isinstance(c, A.Field) and res is None and e.res is None:
            u.trio = True
            u.calls.append((id(e), "maybe", None))  # dynamic method call: rt.call_method
            return
        # A function value of unknown colour: conservatively async, await if a coroutine.
        u.direct = u.trio = True
        u.calls.append((id(e), "maybe", None))

    def actor_key(self, res: ActorRes, e: A.Call) -> UnitKey:
        return ("actor", res.module, res.name)

    def fn_arg(self, a: object) -> UnitKey | None:
        """The unit a function-valued argument refers to, or None when unknown."""
        if isinstance(a, A.Closure):
            return closure_key(a)
        res = getattr(a, "res", None)
        if isinstance(res, FnRes):
            return local_key(res) if res.module == "" else fn_key(res.module, res.name, res.arity)
        if isinstance(res, ImplMethodRes):
            return impl_key(res)
        if isinstance(res, LocalRes) and res.uid in self.let_closures:
            return self.let_closures[res.uid]
        return None

    def _reach(self, flagged: Callable[[_Unit], bool]) -> set[UnitKey]:
        """Keys of the units for which `flagged(unit)` holds or that reach such a unit by a
        call edge or through a callback given to a higher-order builtin (unknown callbacks
        count as reaching one)."""
        out: set[UnitKey] = set()
        changed = True
        while changed:
            changed = False
            for key, u in self.units.items():
                if key in out:
                    continue
                if (
                    flagged(u)
                    or any(t in out for t in u.edges)
                    or any(
                        any(f is None or f in out for f in payload)
                        for _, kind, payload in u.calls
                        if kind == "hof"
                    )
                ):
                    out.add(key)
                    changed = True
        return out

    def solve(self) -> Colouring:
        col = Colouring()
        col.async_units = self._reach(lambda u: u.direct)
        col.trio_units = self._reach(lambda u: u.trio)
        for key, u in self.units.items():
            is_async = key in col.async_units
            for cid, kind, payload in u.calls:
                if kind == "suspend" or (kind == "edge" and payload in col.async_units):
                    col.await_calls.add(cid)
                elif kind == "suspend_variant":
                    col.variant_calls.add(cid)
                    col.await_calls.add(cid)
                elif kind == "hof" and any(f is None or f in col.async_units for f in payload):
                    col.variant_calls.add(cid)
                    col.await_calls.add(cid)
                elif kind == "maybe" and is_async:
                    col.maybe_calls.add(cid)
        return col


def _is_fun(a: object) -> bool:
    if isinstance(a, A.Closure):
        return True
    t = getattr(a, "ty", None)
    return t is not None and isinstance(prune(t), TFun)


def analyse(modules: list[A.Module]) -> Colouring:
    an = _Analyser()
    for m in modules:
        for item in m.items:
            if isinstance(item, A.FnDef) and isinstance(item.res, FnRes):
                k = fn_key(item.res.module, item.res.name, item.res.arity)
                an.unit(k)
                an.walk([item.guard, item.body], k)
            elif isinstance(item, A.ActorDef):
                k = ("actor", m.name, item.name)
                an.unit(k, forced=True)
                an.walk([item.body, item.terminate], k)
                # A call through FnRes of an actor is a self-call: same unit.
                an.units[fn_key(m.name, item.name, len(item.params))] = an.units[k]
            elif isinstance(item, A.ImplDef):
                for fn in item.methods:
                    if isinstance(fn.res, ImplMethodRes):
                        k = impl_key(fn.res)
                        an.unit(k)
                        an.walk([fn.guard, fn.body], k)
            elif isinstance(item, A.InterfaceDef):
                for sig in item.methods:
                    default = getattr(sig, "fn", None)  # a default method's body
                    if default is not None and isinstance(default.res, ImplMethodRes):
                        k = impl_key(default.res)
                        an.unit(k)
                        an.walk(default.body, k)
            elif isinstance(item, A.ServiceDef):
                ik = init_key(m.name, item.name)
                an.unit(ik)
                for fn in item.fns:
                    an.walk([fn.guard, fn.body], ik)
                for h in item.handlers:
                    hk = handler_key(m.name, item.name, getattr(h, "snake", h.name))
                    an.unit(hk, forced=True)
                    an.walk(h.body, hk)
            elif isinstance(item, A.SupervisorDef):
                sk = ("supervisor", m.name, item.name)
                an.unit(sk)
                an.walk([c.start for c in item.children], sk)
    return an.solve()
