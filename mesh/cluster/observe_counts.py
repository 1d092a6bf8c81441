"""Per-process messages in / out and run time for the Observatory (issue 18), counted only
while an Observatory is attached (observe_trace.Tracer attaches and detaches `Counters`).

An unobserved node runs the actor runtime untouched: every hook below is swapped in on
attach and the original put back on detach.

| what | seam swapped in while attached | exact? |
|---|---|---|
| messages out / in through `send` (Mesh `send`, `Timer.send_after`, remote requests) | the code object of `mailbox.send` (`__code__` and `__defaults__`): generated modules import the function itself, so only replacing its code reaches every caller | exact |
| messages in / out through `Node.deliver` (service calls and casts, messages from other nodes; runtime notices count as in only) | instance attribute `node.deliver` | exact |
| run time of a light process (light.py): its activations (wake-up to next park, promotion or end), *sampled*: 1, 17, 33, ... of each process are timed | its `p.coro` swapped for a `TimedActivation` for the timed ones, which puts it back when the activation ends; activations are counted where they start: the counting `send` waking it, the `node.wake_light` instance hook (spawns, `Node.deliver`, parks) | exact while it ran ≤ 1 activation, else estimate |
| run time of a process in its own Trio task: its task steps, *sampled* | a Trio instrument (`before_task_step` / `after_task_step`), installed `SAMPLE_FOR` of every `SAMPLE_EVERY` seconds | estimate |

Run time is sampled because timing every step costs more than short steps take: a Trio
instrument costs every task step of the whole node (the light scheduler's and the HTTP
connections' included) about 2 µs, 40 % of a local ping-pong round trip, and a wrapper
on every light step (a Python frame and two clock reads) ~0.2 µs, 10–20 % of a round trip
between light processes (bench/RESULTS.md). A Trio-task process's run time is the time
measured while the instrument is installed scaled by attached time / sampled time; a light
process's is the time of its timed activations scaled by activations / timed ones (its
first activation after attach is always timed, so a process that ran shows run time).
Either is flagged `run_sampled` (the UI shows it `≈`) unless every activation was timed.

Message counts are exact from attach on (they are not history) and cheap: every live
process of an attached node has an `[in, out, timed light run seconds, sampled task run
seconds, light activations]` list from attach or spawn (`register`, called by the Tracer's
spawn hook) until its exit (`forget`), in one dict keyed by the process record and shared
by the attached nodes of this OS process. The counting `send` then pays one subscript per side and no
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
from ..runtime.actors.light import YIELD
from ..runtime.actors.mailbox import reschedule  # the globals `send`'s code runs with
from ..runtime.actors.process import ExitSignal, Notice

IN, OUT, RUN, TASK_RUN, WAKES = 0, 1, 2, 3, 4
STEP_SAMPLE = 16  # a light process's activations 1, 17, 33, ... are timed (power of two)
_STEP_MASK = STEP_SAMPLE - 1
SAMPLE_EVERY = 1.0  # seconds: one run-time sample of the Trio-task processes per period
SAMPLE_FOR = 0.02  # seconds the Trio instrument stays installed per period

COUNTS: dict = {}  # Proc (None: the sink) -> [in, out, light run, task run, activations]
_ATTACHED: set = set()  # the attached nodes: `send` is swapped while there is one


def _counting_send(pid, msg, _send=None, _current=None, _counts=None, _timer=None):
    try:
        _counts[_current()][1] += 1
    except KeyError:  # a process nobody observes (or one that has exited): not counted
        pass
    p = pid._proc
    try:
        rec = _counts[p]
    except KeyError:
        pass
    else:
        rec[0] += 1
        if p is not None and p.mbox_waiter is p:  # wakes a light process: an activation
            n = rec[4] = rec[4] + 1
            if n & 15 == 1:  # STEP_SAMPLE == 16
                p.coro = _timer(p.coro, p, rec)
    _send(pid, msg)


def _counting_send_inlined(pid, msg, _send=None, _current=None, _counts=None, _timer=None):
    """`_counting_send` with the body of `mailbox.send` (as `_send_reference` has it) in
    place of the call to it: one call less per message, ~1 % of a local ping-pong."""
    try:
        _counts[_current()][1] += 1
    except KeyError:
        pass
    p = pid._proc
    rec = None
    try:
        rec = _counts[p]
        rec[0] += 1
    except KeyError:
        pass
    # From here on mailbox.send (it runs with mailbox.py's globals), plus the activation.
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
            if rec is not None:  # an activation of it: `_activation`, inlined
                k = rec[4] = rec[4] + 1
                if k & 15 == 1:  # STEP_SAMPLE == 16
                    p.coro = _timer(p.coro, p, rec)
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


class TimedActivation:
    """Stands for a light process's body coroutine during one sampled activation (from the
    wake-up that queued it to its next park, promotion or end, reduction yields included):
    times its steps, then puts the coroutine back."""

    __slots__ = ("coro", "p", "rec")

    def __init__(self, coro, p, rec):
        self.coro, self.p, self.rec = coro, p, rec

    def send(self, value):
        y = None
        t0 = _clock()
        try:
            y = self.coro.send(value)
            return y
        finally:
            self.rec[RUN] += _clock() - t0
            if y is not YIELD:
                self.p.coro = self.coro

    def throw(self, exc):  # a kill: the activation ends untimed
        self.p.coro = self.coro
        return self.coro.throw(exc)

    def close(self):
        self.coro.close()


def _activation(p) -> None:
    """Light process `p` was queued to run: count the activation, time one in 16."""
    rec = COUNTS.get(p)
    if rec is not None:
        n = rec[WAKES] = rec[WAKES] + 1
        c = p.coro
        if n & _STEP_MASK == 1 and c is not None and type(c) is not TimedActivation:
            p.coro = TimedActivation(c, p, rec)


# What the counting code finds in its default arguments (a replacement code object must
# have no free variables and sees the globals of mailbox.py): the original `send` as a
# function of its own, the current-process lookup and the counts.
_COUNTING_DEFAULTS = (
    types.FunctionType(_SEND_CODE, _SEND.__globals__, "send") if SEND_COUNTED else _SEND,
    current_proc.get,
    COUNTS,
    TimedActivation,
)


def send_hooked() -> bool:
    return _SEND.__code__ is not _SEND_CODE


def _entry(p) -> list:
    rec = COUNTS.get(p)
    if rec is None:
        rec = COUNTS[p] = [0, 0, 0.0, 0.0, 0]
    return rec


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
        run, timed, wakes, task_run = 0.0, 0, rec[WAKES], rec[TASK_RUN]
        if wakes:
            timed = (wakes - 1) // STEP_SAMPLE + 1
            run = rec[RUN] * wakes / timed
        if task_run:
            now = _clock()
            sampled = self.sampled + (now - self.window if self.window is not None else 0.0)
            if sampled > 0:
                run += task_run * max(1.0, (now - self.since) / sampled)
        return (rec[IN], rec[OUT], run, wakes > timed or task_run > 0)

    def register(self, p) -> None:
        """A process of this node was spawned: count it from now on."""
        COUNTS[p] = [0, 0, 0.0, 0.0, 0]

    def forget(self, p) -> None:
        COUNTS.pop(p, None)

    def attach(self) -> None:
        node = self.node
        if not _ATTACHED:
            COUNTS[None] = [0, 0, 0.0, 0.0, 0]
            if SEND_COUNTED:
                _SEND.__code__ = _COUNTING_CODE
                _SEND.__defaults__ = _COUNTING_DEFAULTS
        _ATTACHED.add(node)
        for p in list(node.procs.values()):
            if p.alive:
                COUNTS[p] = [0, 0, 0.0, 0.0, 0]
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
            if type(p.coro) is TimedActivation:
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
            _activation(p)
            wake_light(p)

        return wrapped
