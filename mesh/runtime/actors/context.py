"""The only module-level state of the actor runtime: "current process" / "current node"
pointers (contextvars, so each Trio task sees its own process) and the reduction budget
used for cooperative preemption (spec 04 §21.8)."""

from __future__ import annotations

from contextvars import ContextVar

import trio

from .light import TURN, promote
from .process import Killed, kill_pending

current_proc: ContextVar = ContextVar("mesh_current_proc", default=None)
current_node: ContextVar = ContextVar("mesh_current_node", default=None)

BUDGET = 2000
red = BUDGET
"""Reduction counter. Codegen: `_s.red -= 1` then `if _s.red <= 0: await _s.yield_now()`
at loop back-edges and at entry of suspending functions (`_s` = this module)."""


pressure_hook = None
"""Set by the distribution layer (mesh.cluster): an async callable run at every reduction
check, which parks a process that filled a peer session's outbox past its high-water mark
until the outbox drains (spec 07 §12 backpressure). `None` when no node was started."""

pressured: dict = {}
"""Set with `pressure_hook`: the processes `pressure_hook` would park (keys). A light
process leaves the node scheduler for a Trio task only when it is one of them."""


async def yield_now():
    """Reset the reduction budget and let other processes run (a Trio checkpoint)."""
    global red
    red = BUDGET
    p = current_proc.get()
    h = pressure_hook
    if p is not None and p.task is p:  # a light process
        if h is None or p not in pressured:
            await TURN
            if kill_pending(p):
                raise Killed
            return
        await promote(p)  # the back-pressure wait is a Trio wait
    if h is not None:
        await h()
    await trio.lowlevel.checkpoint()
    if p is not None and p.cancel_scope is None and kill_pending(p):
        raise Killed  # a process without a cancel scope, killed while runnable


def proc():
    """The current process record (raises if called outside any process)."""
    p = current_proc.get()
    if p is None:
        raise RuntimeError("not inside a Mesh process")
    return p
