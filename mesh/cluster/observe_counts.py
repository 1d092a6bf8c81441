"""Per-process messages in / out and run time for the Observatory (issue 18), counted only
while an Observatory is attached (observe_trace.Tracer attaches and detaches `Counters`).

An unobserved node runs the actor runtime untouched: every hook below is swapped in on
attach and the original put back on detach.

| what | seam swapped in while attached |
|---|---|
| messages out / in through `send` (Mesh `send`, `Timer.send_after`, remote requests) | the code object of `mailbox.send` (`__code__` and `__defaults__`): generated modules import the function itself, so only replacing its code reaches every caller |
| messages in / out through `Node.deliver` (service calls and casts, messages from other nodes; runtime notices count as in only) | instance attribute `node.deliver` |
| run time of a light process (light.py): each scheduler step | its `p.coro` wrapped in `TimedCoro` (existing ones on attach, new ones in the `node.wake_light` instance hook that every spawn calls) |
| run time of a process in its own Trio task: each task step | a Trio instrument (`before_task_step` / `after_task_step`) |

Counts start at attach (they are not history) and live in one `[in, out, run seconds]`
list per process id, dropped when the process exits.
"""

from __future__ import annotations

import time
import types

import trio

from ..runtime.actors import mailbox
from ..runtime.actors.context import current_proc
from ..runtime.actors.process import ExitSignal, Notice

IN, OUT, RUN = 0, 1, 2


class _SendHook:
    """What the counting `send` code finds in its default argument: the original function
    and one counter table per attached node. (A replacement code object must have no free
    variables and sees the globals of mailbox.py, so it gets everything through here.)"""

    def __init__(self, original):
        self.send = original
        self.current = current_proc.get
        self.nodes: dict = {}   # Node -> {pid id: [in, out, run]}


def _counting_send(pid, msg, _hook=None):
    sender = _hook.current()
    if sender is not None:
        table = _hook.nodes.get(sender.node)
        if table is not None:
            rec = table.get(sender.pid.id)
            if rec is None:
                rec = table[sender.pid.id] = [0, 0, 0.0]
            rec[1] += 1
    p = pid._proc
    if p is not None and p.mailbox is not None:
        table = _hook.nodes.get(p.node)
        if table is not None:
            rec = table.get(p.pid.id)
            if rec is None:
                rec = table[p.pid.id] = [0, 0, 0.0]
            rec[0] += 1
    _hook.send(pid, msg)


_SEND = mailbox.send
_SEND_CODE = _SEND.__code__
# Nuitka-compiled runtimes have no swappable code object: `send` is then not counted.
SEND_COUNTED = type(_SEND) is types.FunctionType
_HOOK = _SendHook(types.FunctionType(_SEND_CODE, _SEND.__globals__, "send")
                  if SEND_COUNTED else _SEND)


def send_hooked() -> bool:
    return _SEND.__code__ is not _SEND_CODE


def _entry(table: dict, i: int) -> list:
    rec = table.get(i)
    if rec is None:
        rec = table[i] = [0, 0, 0.0]
    return rec


class TimedCoro:
    """A light process's body coroutine, timed per step while its process is light (once
    promoted to a Trio task, the Trio instrument times it and this only passes through)."""

    __slots__ = ("coro", "p", "table")

    def __init__(self, coro, p, table: dict):
        self.coro, self.p, self.table = coro, p, table

    def send(self, value):
        p = self.p
        if p.task is not p:
            return self.coro.send(value)
        t0 = time.perf_counter()
        try:
            return self.coro.send(value)
        finally:
            _entry(self.table, p.pid.id)[RUN] += time.perf_counter() - t0

    def throw(self, exc):
        p = self.p
        if p.task is not p:
            return self.coro.throw(exc)
        t0 = time.perf_counter()
        try:
            return self.coro.throw(exc)
        finally:
            _entry(self.table, p.pid.id)[RUN] += time.perf_counter() - t0

    def close(self):
        self.coro.close()


class _StepTimer(trio.abc.Instrument):
    """Run time of processes that are Trio tasks: the time of each of their task steps."""

    def __init__(self, node, table: dict):
        self.node, self.table, self.t0 = node, table, 0.0

    def before_task_step(self, task) -> None:
        self.t0 = time.perf_counter()

    def after_task_step(self, task) -> None:
        p = task.context.get(current_proc)
        if p is not None and p.task is task and p.node is self.node:
            _entry(self.table, p.pid.id)[RUN] += time.perf_counter() - self.t0


class Counters:
    """The counters of one node; `attach()` / `detach()` swap the hooks in and out."""

    def __init__(self, node):
        self.node = node
        self.table: dict[int, list] = {}
        self.instrument = _StepTimer(node, self.table)

    def get(self, i: int) -> tuple[int, int, float]:
        rec = self.table.get(i)
        return (rec[0], rec[1], rec[2]) if rec is not None else (0, 0, 0.0)

    def forget(self, i: int) -> None:
        self.table.pop(i, None)

    def attach(self) -> None:
        node, table = self.node, self.table
        table.clear()
        if SEND_COUNTED and not _HOOK.nodes:
            _SEND.__code__ = _counting_send.__code__
            _SEND.__defaults__ = (_HOOK,)
        _HOOK.nodes[node] = table
        node.deliver = self._deliver_hook(node.deliver)
        node.wake_light = self._wake_hook(node.wake_light)
        for p in list(node.procs.values()):
            if p.task is p and p.coro is not None:
                p.coro = TimedCoro(p.coro, p, table)
        trio.lowlevel.add_instrument(self.instrument)

    def detach(self) -> None:
        node = self.node
        _HOOK.nodes.pop(node, None)
        if SEND_COUNTED and not _HOOK.nodes:
            _SEND.__code__ = _SEND_CODE
            _SEND.__defaults__ = None
        node.__dict__.pop("deliver", None)
        node.__dict__.pop("wake_light", None)
        for p in list(node.procs.values()):
            if type(p.coro) is TimedCoro:
                p.coro = p.coro.coro
        try:
            trio.lowlevel.remove_instrument(self.instrument)
        except (KeyError, RuntimeError):  # already gone, or the Trio run has ended
            pass
        self.table.clear()

    def _deliver_hook(self, deliver):
        table = self.table
        current = current_proc.get

        def counted(q, msg):
            if q.mailbox is not None:
                _entry(table, q.pid.id)[IN] += 1
            sender = current()
            if sender is not None and sender is not q and sender.node is q.node \
                    and type(msg) is not Notice and type(msg) is not ExitSignal:
                _entry(table, sender.pid.id)[OUT] += 1
            deliver(q, msg)
        return counted

    def _wake_hook(self, wake_light):
        table = self.table

        def wrapped(p):
            c = p.coro
            if c is not None and type(c) is not TimedCoro:
                p.coro = TimedCoro(c, p, table)
            wake_light(p)
        return wrapped
