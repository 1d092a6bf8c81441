"""Supervisors (spec 04 §16, §21.4).

A supervisor is a runtime process (Python, not compiled Mesh) that traps exits, starts its
children in declaration order, links to them and applies its restart strategy when one
exits. Children are ordinary processes of the node nursery; the supervisor guarantees none
outlives it by stopping them (reverse order) before it exits.
"""

from __future__ import annotations

from collections import deque

import trio

from ..coro import CORO_TYPE
from ..values import MeshPanic
from .context import current_node, current_proc
from .links import link_procs, unlink_procs
from .mailbox import receive_any
from .node import crash_reason
from .process import (
    KILLED,
    KIND_SUPERVISOR,
    NORMAL,
    SHUTDOWN,
    Crash,
    ExitSignal,
    is_abnormal,
    reason_text,
)

ONE_FOR_ONE = "one_for_one"
ONE_FOR_ALL = "one_for_all"
REST_FOR_ONE = "rest_for_one"
SIMPLE_ONE_FOR_ONE = "simple_one_for_one"

PERMANENT = "permanent"
TRANSIENT = "transient"
TEMPORARY = "temporary"

BRUTAL_KILL = "brutal_kill"


class ChildSpec:
    """One `child ID do ... end`. `start` is a zero-argument callable (plain or async)
    returning a Pid; `shutdown` is a positive int (ms) or `BRUTAL_KILL`."""

    __slots__ = ("id", "start", "restart", "shutdown")

    def __init__(self, id, start, restart=PERMANENT, shutdown=5000):
        self.id = id
        self.start = start
        self.restart = restart
        self.shutdown = shutdown


class SupervisorSpec:
    """One `supervisor NAME do ... end` (defaults as in spec 04 §16)."""

    __slots__ = ("name", "strategy", "max_restarts", "max_seconds", "children")

    def __init__(self, name, children, strategy=ONE_FOR_ONE, max_restarts=3, max_seconds=5):
        self.name = name
        self.children = list(children)
        self.strategy = strategy
        self.max_restarts = max_restarts
        self.max_seconds = max_seconds


def start_supervisor(spec: SupervisorSpec):
    """`spawn(SupName)`: start the supervisor process, return its pid at once."""
    p = current_proc.get()
    node = p.node if p is not None else current_node.get()
    return node.spawn(_supervisor_main, (spec,), spec.name, KIND_SUPERVISOR)


class _Child:
    __slots__ = ("spec", "proc")

    def __init__(self, spec):
        self.spec = spec
        self.proc = None


class _GiveUp(Exception):
    def __init__(self, reason):
        self.reason = reason


async def _call_start(child_spec):
    r = child_spec.start()
    if type(r) is CORO_TYPE:
        r = await r
    return r


class _Supervisor:
    def __init__(self, me, spec):
        self.me = me
        self.node = me.node
        self.spec = spec
        self.children = [_Child(c) for c in spec.children]
        self.restarts = deque()

    # -- starting / stopping -------------------------------------------------------

    async def start_child(self, c: _Child):
        pid = await _call_start(c.spec)
        q = pid._proc
        c.proc = q
        if q is not None:
            if q.alive:
                link_procs(self.me, q)
            else:  # died before we could link: behave as if its exit was signalled
                self.me.node.deliver(self.me, ExitSignal(pid, q.exit_reason or NORMAL))

    async def stop_child(self, c: _Child):
        q = c.proc
        c.proc = None
        if q is None:
            return
        unlink_procs(self.me, q)
        if not q.alive:  # already exited: drop its queued EXIT so it is not seen later
            mb = self.me.mailbox
            if mb:
                for i, m in enumerate(mb):
                    if type(m) is ExitSignal and m.pid is q.pid:
                        del mb[i]
                        break
            return
        node = self.node
        me = self.me
        sd = c.spec.shutdown
        if sd == BRUTAL_KILL or sd is None:
            node.kill(q, KILLED)
        else:
            q.term_deadline = trio.current_time() + sd / 1000
            node.kill(q, SHUTDOWN)
            with trio.move_on_after(sd / 1000):
                await node.wait_exit(me, q, False)
            if q.alive:
                node.kill(q, KILLED)
        await node.wait_exit(me, q, False)

    async def stop_all(self, children=None):
        """Stop children in reverse declaration order (shielded: runs during shutdown)."""
        with trio.CancelScope(shield=True):
            for c in reversed(children if children is not None else self.children):
                await self.stop_child(c)

    # -- restarts ------------------------------------------------------------------

    def note_restart(self):
        spec = self.spec
        now = trio.current_time()
        rs = self.restarts
        while rs and now - rs[0] > spec.max_seconds:
            rs.popleft()
        if len(rs) >= spec.max_restarts:
            raise _GiveUp(
                Crash(
                    f"restart limit exceeded: {spec.max_restarts} restarts in "
                    f"{spec.max_seconds} seconds"
                )
            )
        rs.append(now)

    async def restart_group(self, group):
        """Start `group` (declaration order); a failing start counts as a child exit."""
        for c in group:
            try:
                await self.start_child(c)
            except Exception as e:  # start failed: treat as an abnormal exit of c
                await self.child_exited(c, crash_reason(e))
                return

    async def child_exited(self, c: _Child, reason):
        c.proc = None
        rs = c.spec.restart
        if rs == TEMPORARY:
            self.children.remove(c)
            return
        if rs == TRANSIENT and not is_abnormal(reason):
            return
        self.note_restart()
        strategy = self.spec.strategy
        if strategy == ONE_FOR_ALL:
            await self.stop_all([x for x in self.children if x is not c])
            group = [x for x in self.children if x is c or x.spec.restart != TEMPORARY]
            group = [x for x in group if x.proc is None]
        elif strategy == REST_FOR_ONE:
            i = self.children.index(c)
            await self.stop_all(self.children[i + 1 :])
            group = self.children[i:]
        else:
            group = [c]
        # temporary children stopped by a group restart are not restarted
        for x in list(group):
            if x is not c and x.spec.restart == TEMPORARY:
                self.children.remove(x)
                group.remove(x)
        await self.restart_group(group)

    # -- main loop -----------------------------------------------------------------

    async def run(self):
        me = self.me
        me.trap_exit = True
        me.terminate = self.stop_all
        me.terminate_args = ()
        started = []
        for c in self.children:
            try:
                await self.start_child(c)
            except Exception as e:
                await self.stop_all(started)
                raise _GiveUp(
                    Crash(f"child '{c.spec.id}' failed to start: {reason_text(crash_reason(e))}")
                ) from None
            started.append(c)
        while True:
            msg = (await receive_any())[0]
            if type(msg) is not ExitSignal:
                continue  # supervisors ignore ordinary messages
            q = msg.pid._proc
            c = next((x for x in self.children if x.proc is q), None) if q is not None else None
            if c is None:
                if is_abnormal(msg.reason):  # e.g. our own (linked) parent crashed
                    await self.stop_all()
                    raise _GiveUp(msg.reason)
                continue
            await self.child_exited(c, msg.reason)


async def _supervisor_main(spec):
    me = current_proc.get()
    sup = _Supervisor(me, spec)
    try:
        await sup.run()
    except _GiveUp as g:
        await sup.stop_all()
        if type(g.reason) is Crash:
            raise MeshPanic(str.__str__(g.reason)) from None
        me.exit_reason = g.reason  # propagated non-crash reason (e.g. killed): exit with it
