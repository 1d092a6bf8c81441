"""Per-process messages in / out and run time for the Observatory (issue 18), counted only
while an Observatory is attached (observe_trace.Tracer attaches and detaches `Counters`).

An unobserved node runs the actor runtime untouched: every hook below is swapped in on
attach and the original put back on detach.

| what | seam swapped in while attached | exact? |
|---|---|---|
| messages out / in through `send` (Mesh `send`, `Timer.send_after`, remote requests) | the code object of `mailbox.send` (`__code__` and `__defaults__`): generated modules import the function itself, so only replacing its code reaches every caller | exact |
| messages in / out through `Node.deliver` (service calls and casts, messages from other nodes; runtime notices count as in only) | instance attribute `node.deliver` | exact |
| run time of a light process (light.py): each scheduler step | its `p.coro` wrapped in `TimedCoro` (existing ones on attach, new ones in the `node.wake_light` instance hook that every spawn calls) | exact |
| run time of a process in its own Trio task: its task steps, *sampled* | a Trio instrument (`before_task_step` / `after_task_step`), installed `SAMPLE_FOR` of every `SAMPLE_EVERY` seconds | estimate |

Trio-task processes are sampled because a Trio instrument costs every task step of the
whole node (the light scheduler's and the HTTP connections' included) about 2 µs, 40 % of
a local ping-pong round trip (bench/RESULTS.md); installed 2 % of the time it costs 2 % of
that. Their run time is the time measured in the samples scaled by attached time / sampled
time (an estimate, flagged `run_sampled`: the UI shows it `≈`); light processes are timed
at every step (two clock reads and a wrapper frame, ~155 ns a step).

Message counts are exact from attach on (they are not history) and cheap: every live
process of an attached node has an `[in, out, light run seconds, sampled task run
seconds]` list from attach or spawn (`register`, called by the Tracer's spawn hook) until
its exit (`forget`), in one dict keyed by the process record and shared by the attached
nodes of this OS process. The counting `send` then pays one subscript per side and no
test: a process without a list (of a node nobody observes, or exited) raises the
`KeyError` it skips, and the key `None` holds a sink list for sends from outside any
process and to remote pids. It also runs the body of `send` inline instead of calling it,
from a copy checked against `mailbox.send` at import (`SEND_INLINED`).
"""

from __future__ import annotations

import time
import types

import trio

from ..runtime.actors import mailbox
from ..runtime.actors.context import current_proc
from ..runtime.actors.mailbox import reschedule  # the globals `send`'s code runs with
from ..runtime.actors.process import ExitSignal, Notice

IN, OUT, RUN, TASK_RUN = 0, 1, 2, 3
SAMPLE_EVERY = 1.0  # seconds: one run-time sample of the Trio-task processes per period
SAMPLE_FOR = 0.02  # seconds the Trio instrument stays installed per period

COUNTS: dict = {}  # Proc (None: the sink) -> [in, out, light run, sampled task run]
_ATTACHED: set = set()  # the attached nodes: `send` is swapped while there is one


def _counting_send(pid, msg, _send=None, _current=None, _counts=None):
    try:
        _counts[_current()][1] += 1
    except KeyError:  # a process nobody observes (or one that has exited): not counted
        pass
    try:
        _counts[pid._proc][0] += 1
    except KeyError:
        pass
    _send(pid, msg)


def _counting_send_inlined(pid, msg, _send=None, _current=None, _counts=None):
    """`_counting_send` with the body of `mailbox.send` (as `_send_reference` has it) in
    place of the call to it: one call less per message, ~1 % of a local ping-pong."""
    try:
        _counts[_current()][1] += 1
    except KeyError:
        pass
    p = pid._proc
    try:
        _counts[p][0] += 1
    except KeyError:
        pass
    # From here on exactly mailbox.send (it runs with mailbox.py's globals).
    if p is None:
        n = pid.node
        if n is not None:  # remote pid (distribution chapter)
            n.route_send(pid, msg)
        return
    mb = p.mailbox
    if mb is None:  # exited: dropped
        return
    mb.append(msg)
    t = p.mbox_waiter
    if t is not None:
        p.mbox_waiter = None
        if p.idle:
            p.idle = False
            p.node.idle -= 1
        if t is p:  # a light process: Node.wake_light, inlined
            n = p.node
            n.runq.append(p)
            if n.light_waiter is not None and not n.light_held:
                n.wake_light_loop()
        else:
            reschedule(t)


def _send_reference(pid, msg) -> None:
    """`send(pid, msg)`: append to the target's mailbox; never blocks, never fails."""
    p = pid._proc
    if p is None:
        n = pid.node
        if n is not None:  # remote pid (distribution chapter)
            n.route_send(pid, msg)
        return
    mb = p.mailbox
    if mb is None:  # exited: dropped
        return
    mb.append(msg)
    t = p.mbox_waiter
    if t is not None:
        p.mbox_waiter = None
        if p.idle:
            p.idle = False
            p.node.idle -= 1
        if t is p:  # a light process: Node.wake_light, inlined
            n = p.node
            n.runq.append(p)
            if n.light_waiter is not None and not n.light_held:
                n.wake_light_loop()
        else:
            reschedule(t)


def _same_code(a, b) -> bool:
    return (a.co_code, a.co_consts, a.co_names, a.co_varnames) == (
        b.co_code,
        b.co_consts,
        b.co_names,
        b.co_varnames,
    )


_SEND = mailbox.send
_SEND_CODE = _SEND.__code__
_SEND_DEFAULTS = _SEND.__defaults__
# The swap needs a plain `send(pid, msg)` without a closure: a Nuitka-compiled runtime has
# no swappable code object, and a changed signature would not fit `_counting_send` (then
# `send` is not counted; tests/unit/test_observe.py fails so that it gets noticed).
SEND_COUNTED = (
    type(_SEND) is types.FunctionType
    and _SEND.__closure__ is None
    and _SEND_CODE.co_argcount == 2
    and not _SEND_CODE.co_kwonlyargcount
    and _SEND_DEFAULTS is None
)
# The inlined copy only while `mailbox.send` is still the code it copies; else the counting
# code calls it (correct, a little slower; tests/unit/test_observe.py says so).
SEND_INLINED = SEND_COUNTED and _same_code(_SEND_CODE, _send_reference.__code__)
_COUNTING_CODE = (_counting_send_inlined if SEND_INLINED else _counting_send).__code__
# What the counting code finds in its default arguments (a replacement code object must
# have no free variables and sees the globals of mailbox.py): the original `send` as a
# function of its own, the current-process lookup and the counts.
_COUNTING_DEFAULTS = (
    types.FunctionType(_SEND_CODE, _SEND.__globals__, "send") if SEND_COUNTED else _SEND,
    current_proc.get,
    COUNTS,
)


def send_hooked() -> bool:
    return _SEND.__code__ is not _SEND_CODE


def _entry(p) -> list:
    rec = COUNTS.get(p)
    if rec is None:
        rec = COUNTS[p] = [0, 0, 0.0, 0.0]
    return rec


class TimedCoro:
    """A light process's body coroutine, timed per step while its process is light (once
    promoted to a Trio task, the Trio instrument times it and this only passes through)."""

    __slots__ = ("coro", "p", "rec")

    def __init__(self, coro, p):
        self.coro, self.p, self.rec = coro, p, _entry(p)

    def send(self, value):
        p = self.p
        if p.task is not p:
            return self.coro.send(value)
        t0 = _clock()
        try:
            return self.coro.send(value)
        finally:
            self.rec[RUN] += _clock() - t0

    def throw(self, exc):
        p = self.p
        if p.task is not p:
            return self.coro.throw(exc)
        t0 = _clock()
        try:
            return self.coro.throw(exc)
        finally:
            self.rec[RUN] += _clock() - t0

    def close(self):
        self.coro.close()


_clock = time.perf_counter


class _StepTimer(trio.abc.Instrument):
    """Run time of processes that are Trio tasks: the time of each of their task steps."""

    def __init__(self, node):
        self.node, self.t0 = node, 0.0

    def before_task_step(self, task) -> None:
        self.t0 = _clock()

    def after_task_step(self, task) -> None:
        p = task.context.get(current_proc)
        if p is not None and p.task is task and p.node is self.node and p.alive:
            _entry(p)[TASK_RUN] += _clock() - self.t0


class Counters:
    """The counters of one node; `attach()` / `detach()` swap the hooks in and out."""

    def __init__(self, node):
        self.node = node
        self.instrument = _StepTimer(node)
        self.since = 0.0  # perf_counter time of attach
        self.sampled = 0.0  # seconds the instrument was installed, closed windows
        self.window = None  # perf_counter start of the open sampling window
        self.sampler = None  # cancel scope of the sampling task

    def get(self, p) -> tuple[int, int, float, bool]:
        """(messages in, out, run seconds, whether the run time is a sampled estimate)."""
        rec = COUNTS.get(p)
        if rec is None:
            return (0, 0, 0.0, False)
        run, task_run = rec[RUN], rec[TASK_RUN]
        if task_run:
            now = _clock()
            sampled = self.sampled + (now - self.window if self.window is not None else 0.0)
            if sampled > 0:
                run += task_run * max(1.0, (now - self.since) / sampled)
        return (rec[IN], rec[OUT], run, task_run > 0)

    def register(self, p) -> None:
        """A process of this node was spawned: count it from now on."""
        COUNTS[p] = [0, 0, 0.0, 0.0]

    def forget(self, p) -> None:
        COUNTS.pop(p, None)

    def attach(self) -> None:
        node = self.node
        if not _ATTACHED:
            COUNTS[None] = [0, 0, 0.0, 0.0]
            if SEND_COUNTED:
                _SEND.__code__ = _COUNTING_CODE
                _SEND.__defaults__ = _COUNTING_DEFAULTS
        _ATTACHED.add(node)
        for p in list(node.procs.values()):
            if p.alive:
                COUNTS[p] = [0, 0, 0.0, 0.0]
            if p.task is p and p.coro is not None:
                p.coro = TimedCoro(p.coro, p)
        node.deliver = self._deliver_hook(node.deliver)
        node.wake_light = self._wake_hook(node.wake_light)
        self.since = _clock()
        self.sampled = 0.0
        self._open_window()
        self.sampler = trio.CancelScope()
        node.sys_nursery.start_soon(self._sample, self.sampler, name="mesh-observatory-sample")

    def detach(self) -> None:
        node = self.node
        _ATTACHED.discard(node)
        if SEND_COUNTED and not _ATTACHED:
            _SEND.__code__ = _SEND_CODE
            _SEND.__defaults__ = _SEND_DEFAULTS
        node.__dict__.pop("deliver", None)
        node.__dict__.pop("wake_light", None)
        for p in list(node.procs.values()):
            if type(p.coro) is TimedCoro:
                p.coro = p.coro.coro
        if self.sampler is not None:
            self.sampler.cancel()
            self.sampler = None
        self._close_window()
        if _ATTACHED:
            for p in [p for p in COUNTS if p is not None and p.node is node]:
                del COUNTS[p]
        else:
            COUNTS.clear()

    def _open_window(self) -> None:
        self.window = _clock()
        trio.lowlevel.add_instrument(self.instrument)

    def _close_window(self) -> None:
        if self.window is None:
            return
        self.sampled += _clock() - self.window
        self.window = None
        try:
            trio.lowlevel.remove_instrument(self.instrument)
        except (KeyError, RuntimeError):  # already gone, or the Trio run has ended
            pass

    async def _sample(self, scope: trio.CancelScope) -> None:
        with scope:
            while True:
                await trio.sleep(SAMPLE_FOR)
                self._close_window()
                await trio.sleep(SAMPLE_EVERY - SAMPLE_FOR)
                self._open_window()

    def _deliver_hook(self, deliver):
        current = current_proc.get

        def counted(q, msg):
            if q.mailbox is not None:
                _entry(q)[IN] += 1
            sender = current()
            if (
                sender is not None
                and sender is not q
                and sender.node is q.node
                and sender.alive
                and type(msg) is not Notice
                and type(msg) is not ExitSignal
            ):
                _entry(sender)[OUT] += 1
            deliver(q, msg)

        return counted

    def _wake_hook(self, wake_light):
        def wrapped(p):
            c = p.coro
            if c is not None and type(c) is not TimedCoro:
                p.coro = TimedCoro(c, p)
            wake_light(p)

        return wrapped
