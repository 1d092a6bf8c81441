"""The node: process table, spawning, process lifecycle, exit propagation and program end.

One `Node` value per runtime (DESIGN §3.9): nothing here is a module global except the
"current process/node" context variables in `context.py`. Every process is one Trio task
in the node's process nursery (spec 04 §21.1).
"""

from __future__ import annotations

import math
import os
import sys
import traceback
from collections import deque

import trio
from outcome import Error
from trio.lowlevel import Abort, current_task, reschedule, wait_task_rescheduled

from ..coro import CORO_TYPE
from ..stop_signals import stops_on_signal
from ..values import Err, MeshPanic, Ok
from .context import current_node, current_proc
from .light import PARK, YIELD, drive, promote
from .pid import Pid
from .process import (
    DOWN,
    KILLED,
    KIND_ACTOR,
    KIND_JOB,
    KIND_MAIN,
    NORMAL,
    Crash,
    ExitSignal,
    Killed,
    Notice,
    Proc,
    is_abnormal,
    kill_pending,
    reason_text,
)

_DEBUG = bool(os.environ.get("MESH_RT_DEBUG"))

SLICE = 64
"""Light-process steps between two Trio checkpoints of the scheduler task: often enough
that Trio tasks and I/O wait a few hundred µs at most, rarely enough that a checkpoint
(~5 µs) is noise next to 64 steps."""


def crash_reason(exc: BaseException) -> Crash:
    """Exit reason for an exception escaping a process body (spec 03 §A9 texts)."""
    if isinstance(exc, MeshPanic):
        return Crash(exc.message)
    if isinstance(exc, RecursionError):
        return Crash("stack overflow")
    return Crash(f"internal error: {type(exc).__name__}: {exc}")


def _write_err(line: str) -> None:
    try:
        sys.stdout.flush()
    except Exception:
        pass
    err = sys.stderr
    err.write(line + "\n")
    err.flush()


class Node:
    """A Mesh runtime instance. Create it, then `await node.run(main_fn)` inside Trio (or use
    `run_program`)."""

    is_local = True  # pids owned by this node display as <0.N>
    exit_hook = None  # distribution (mesh.cluster): `hook(proc, reason)` on every exit

    def __init__(self):
        self.next_id = 1  # <0.1> is main
        self.next_ref = 1  # monitor references
        self.procs: dict[int, Proc] = {}
        self.names: dict[str, Proc] = {}
        self.live = 0  # processes not yet exited
        self.idle = 0  # of those, parked where only another process can wake them
        self.timers = 0  # pending Timer.send_after deliveries
        self.main_done = False
        self.stopping = False
        self.exit_code = 0
        self.nursery = None  # process nursery (processes and timers)
        self.sys_nursery = None  # runtime background tasks; keep nothing alive
        self.main_proc = None
        self.at_exit = []  # async callables run before the node stops (07 §7.3)
        self.runq = deque()  # light processes ready to run (light.py)
        self.light_waiter = None  # the light scheduler's Trio task while its queue is empty
        self.light_held = False  # hold_light(): the calling task runs what gets queued

    # ---------------------------------------------------------------- running

    async def run(self, main_fn, args=()):
        """Run `main_fn(*args)` as the main process; return when the program ends (§1.1).
        Returns the exit code (0, or 101 after a panic in main)."""
        tok = current_node.set(self)
        try:
            async with trio.open_nursery() as sysn:
                self.sys_nursery = sysn
                async with trio.open_nursery() as n:
                    self.nursery = n
                    n.start_soon(self._light_loop, name="mesh-scheduler")
                    plain = getattr(main_fn, "_mesh_plain_waits", False)
                    p = self.main_proc = self._new_proc(KIND_MAIN, "main", not plain)
                    if plain:  # an `async def` that only waits in `receive`: run it light
                        p.task = p
                        p.coro = main_fn(*args)
                        self.wake_light(p)
                    else:
                        n.start_soon(self._run, p, main_fn, args, name="mesh-main")
                for hook in self.at_exit:
                    with trio.CancelScope(shield=True):
                        await hook()
                sysn.cancel_scope.cancel()
        finally:
            current_node.reset(tok)
        return self.exit_code

    def shutdown(self, code=None):
        """End the program now: discard every process silently (§1.1)."""
        if code is not None and not self.exit_code:
            self.exit_code = code
        if not self.stopping:
            self.stopping = True
            if self.nursery is not None:
                self.nursery.cancel_scope.cancel()

    def _check_quiet(self):
        if self.main_done and self.idle >= self.live and self.timers == 0 and not self.stopping:
            self.shutdown()

    # ---------------------------------------------------------------- spawning

    def _new_proc(self, kind, name, scoped=True) -> Proc:
        i = self.next_id
        self.next_id = i + 1
        pid = Pid(i, None, self)
        p = Proc(self, pid, kind, name, trio.CancelScope() if scoped else None)
        pid._proc = p
        self.procs[i] = p
        self.live += 1
        return p

    def spawn(self, fn, args=(), name=None, kind=KIND_ACTOR) -> Pid:
        """Start `fn(*args)` as a new process. A body marked `_mesh_plain_waits` by codegen
        (an `async def` that can only suspend in `receive`: no timers, I/O, service calls
        or unknown function values) runs without a Trio cancel scope (`kill` wakes it with
        `Killed` from its runtime wait) and, without a `terminate` clause, as a light
        process stepped by the node's scheduler instead of a Trio task (light.py)."""
        if name is None:
            name = getattr(fn, "_mesh_name", None) or getattr(fn, "__name__", "actor")
        plain = getattr(fn, "_mesh_plain_waits", False)
        p = self._new_proc(kind, name, not plain)
        # An actor's `terminate` clause belongs to the process from its spawn, with the spawn
        # arguments, so a process stopped before its first step still runs it (spec 04 §4.1).
        term = getattr(fn, "_mesh_terminate", None)
        if term is not None:
            p.terminate = term
            p.terminate_args = tuple(args)
        elif plain:
            p.task = p
            p.coro = fn(*args)  # an `async def`: nothing runs before its first step
            if self.stopping:  # discarded (§1.1); closed now, it warns of nothing later
                p.coro.close()
                return p.pid
            self.wake_light(p)
            return p.pid
        self.nursery.start_soon(self._run, p, fn, args, name="mesh-process")
        return p.pid

    async def _run(self, p: Proc, fn, args):
        current_proc.set(p)
        p.task = current_task()
        reason = NORMAL
        value = None
        crashed = False
        scope = p.cancel_scope
        if scope is None:
            if p.exit_reason is None:  # not killed before its first step
                try:
                    value, reason, crashed = await self._body(p, fn, args)
                except Killed:
                    pass
        else:
            with scope:
                if p.exit_reason is None:
                    try:
                        value, reason, crashed = await self._body(p, fn, args)
                    except Killed:
                        pass
        # Reaching here: body returned, crashed, or was killed through our own scope.
        # (Program shutdown cancels the node nursery: Cancelled propagates past us and the
        # process is discarded silently, §1.1.)
        await self._end(p, value, reason, crashed)

    async def _end(self, p: Proc, value, reason, crashed) -> None:
        if not self._settle(p, reason, crashed):
            return
        if p.terminate is not None and p.exit_reason != KILLED:
            await self._run_terminate(p)
            if self.stopping:
                return
        if p.kind == KIND_JOB:
            p.result = (
                Err(reason_text(p.exit_reason)) if crashed or p.exit_reason != NORMAL else Ok(value)
            )
        self._exited(p, p.exit_reason)

    def _settle(self, p: Proc, reason, crashed) -> bool:
        """The body ended: fix the exit reason and report a crash. False when nothing more
        is to be done (program stopping, or `main` crashed and stopped it)."""
        if self.stopping:
            return False
        p.exiting = True
        if p.exit_reason is not None and not crashed:
            reason = p.exit_reason
        p.exit_reason = reason
        if p.kind == KIND_MAIN:
            self.main_done = True
            if is_abnormal(reason):
                _write_err("panic: " + reason_text(reason))
                self.shutdown(101)
                return False
        elif crashed:
            self.report_crash(p, reason)
        return True

    @staticmethod
    def _crash(p: Proc, e: Exception) -> Crash:
        if _DEBUG or not isinstance(e, (MeshPanic, RecursionError)):
            if p.kind == KIND_MAIN or _DEBUG:
                traceback.print_exc()
        return crash_reason(e)

    async def _body(self, p: Proc, fn, args):
        """Run the process body: `(value, reason, crashed)`."""
        try:
            value = fn(*args)
            if type(value) is CORO_TYPE:
                value = await value
        except Exception as e:  # never trio.Cancelled nor Killed (BaseExceptions)
            return None, self._crash(p, e), True
        return value, NORMAL, False

    # ---------------------------------------------------------------- light processes

    def wake_light(self, p: Proc) -> None:
        """Queue light process `p` to run (it was spawned, or woken from `PARK`)."""
        self.runq.append(p)
        if self.light_waiter is not None and not self.light_held:
            self.wake_light_loop()

    def hold_light(self) -> None:
        """Until `release_light`, queueing a light process does not wake the scheduler
        task: the caller (a task that delivers messages from outside, such as a node
        session's reader) runs them itself on release, so a woken process answers without a
        scheduler round trip. Not reentrant; no process may run in between."""
        self.light_held = True

    def release_light(self) -> None:
        self.light_held = False
        runq = self.runq
        if not runq:
            return
        for _ in range(SLICE):
            if not runq or self.stopping:
                break
            self._step(runq.popleft())
        current_proc.set(None)  # the calling task is not a process
        if runq and self.light_waiter is not None:
            self.wake_light_loop()

    def wake_light_loop(self) -> None:
        t = self.light_waiter
        self.light_waiter = None
        reschedule(t)

    def _light_abort(self, raise_cancel):
        self.light_waiter = None
        return Abort.SUCCEEDED

    async def _light_loop(self) -> None:
        """The scheduler task of the node's light processes (light.py)."""
        runq = self.runq
        step = self._step
        try:
            while True:
                if not runq:
                    self.light_waiter = current_task()
                    await wait_task_rescheduled(self._light_abort)
                    continue
                for _ in range(SLICE):
                    if not runq or self.stopping:
                        break
                    step(runq.popleft())
                await trio.lowlevel.checkpoint()
        finally:  # program end: close bodies that never started (no "never awaited" noise)
            for p in runq:
                if p.coro is not None:
                    p.coro.close()
            runq.clear()

    def _step(self, p: Proc) -> None:
        """Run light process `p` until it parks, yields, asks for a Trio task or ends."""
        current_proc.set(p)
        try:
            if p.exit_reason is None or p.exiting:
                y = p.coro.send(None)
            else:  # killed while queued (before its first step, too): end it at once
                y = p.coro.throw(Killed())
        except StopIteration as stop:
            self._light_end(p, stop.value, NORMAL, False)
        except Killed:
            self._light_end(p, None, NORMAL, False)
        except Exception as e:
            self._light_end(p, None, self._crash(p, e), True)
        else:
            if y is PARK:
                return
            if y is YIELD:
                self.runq.append(p)
                return
            # PROMOTE (or a Trio trap): continue in a Trio task of its own.
            p.task = None
            self.nursery.start_soon(self._adopt, p, y, name="mesh-process")

    def _light_end(self, p: Proc, value, reason, crashed) -> None:
        p.coro = None
        if p.terminate is None:
            if self._settle(p, reason, crashed):
                self._exited(p, p.exit_reason)
        else:  # never for a process spawned light; kept correct all the same
            p.task = None
            self.nursery.start_soon(self._end, p, value, reason, crashed)

    async def _adopt(self, p: Proc, pending) -> None:
        """Continue promoted light process `p` in this Trio task (`pending`: what its
        coroutine yielded last)."""
        current_proc.set(p)
        p.task = current_task()
        coro, p.coro = p.coro, None
        value, reason, crashed = None, NORMAL, False
        try:
            value = await drive(coro, pending)
        except Killed:
            pass
        except Exception as e:
            reason, crashed = self._crash(p, e), True
        await self._end(p, value, reason, crashed)

    def report_crash(self, p: Proc, reason) -> None:
        """`[mesh-rt] KIND <0.N> (NAME) crashed: MESSAGE` (spec 04 §12)."""
        _write_err(
            f"[mesh-rt] {p.kind} {p.pid._mesh_display()} ({p.name}) crashed: {reason_text(reason)}"
        )

    async def _run_terminate(self, p: Proc):
        fn, args = p.terminate, p.terminate_args
        p.terminate = None
        deadline = p.term_deadline if p.term_deadline is not None else math.inf
        with trio.CancelScope(shield=True, deadline=deadline) as cs:
            p.term_scope = cs
            try:
                r = fn(*args)
                if type(r) is CORO_TYPE:
                    await r
            except Exception as e:
                self.report_crash(p, crash_reason(e))
        p.term_scope = None
        if cs.cancelled_caught and p.exit_reason != KILLED:
            p.exit_reason = KILLED  # shutdown timeout expired inside terminate

    # ---------------------------------------------------------------- exit

    def _exited(self, p: Proc, reason) -> None:
        """Bookkeeping after a process ended (spec 04 §12 order)."""
        p.alive = False
        mb = p.mailbox
        p.mailbox = None  # messages are freed with the process (gc_bounded_memory)
        pid = p.pid
        hook = self.exit_hook
        if hook is not None:  # remote links/monitors and global names (spec 07 §7.4, §9)
            hook(p, reason)
        cbs = p.on_exit
        if cbs is not None:  # resources owned by the process (stdlib/sqlite transactions)
            p.on_exit = None
            for cb in cbs:
                cb(p, reason)
        # links
        links = p.links
        if links is not None:
            p.links = None
            abnormal = is_abnormal(reason)
            for q in links:
                if q.links is not None:
                    q.links.discard(p)
                if not q.alive:
                    continue
                if q.trap_exit:
                    self.deliver(q, ExitSignal(pid, reason))
                elif abnormal:
                    self.kill(q, reason)
        # monitors
        mons = p.monitors
        if mons is not None:
            p.monitors = None
            text = reason_text(reason)
            for ref, w in mons.items():
                if w.monitoring is not None:
                    w.monitoring.pop(ref, None)
                if w.alive:
                    self.deliver(w, Notice((DOWN, ref, pid, text)))
        watching = p.monitoring
        if watching is not None:
            p.monitoring = None
            for ref, t in watching.items():
                if t.monitors is not None:
                    t.monitors.pop(ref, None)
        # names
        if p.names is not None:
            for nm in p.names:
                if self.names.get(nm) is p:
                    del self.names[nm]
            p.names = None
        # pending service callers
        if mb:
            from .service import fail_pending

            fail_pending(p, mb, reason)
        if p.current_call is not None:
            from .service import fail_slot

            fail_slot(p.current_call, reason)
            p.current_call = None
        # jobs
        if p.owner is not None:
            js = p.owner.jobs
            if js is not None:
                js.discard(p)
            p.owner = None
        if p.jobs and is_abnormal(reason):
            for j in list(p.jobs):
                if j.alive:
                    self.kill(j, KILLED)
        p.jobs = None
        # exit waiters (job awaiters, supervisors stopping a child)
        ws = p.exit_waiters
        if ws is not None:
            p.exit_waiters = None
            for w in ws:
                self.wake(w)
        p.terminate_args = ()
        del self.procs[pid.id]
        self.live -= 1
        if self.main_done:
            self._check_quiet()

    # ---------------------------------------------------------------- signals

    def kill(self, q: Proc, reason) -> None:
        """Terminate `q` with `reason` (first reason wins; `killed` also cuts a running
        `terminate` short). Safe on dead or not-yet-started processes."""
        if not q.alive:
            return
        if q.exiting:
            if reason == KILLED and q.term_scope is not None:
                q.exit_reason = KILLED
                q.term_scope.cancel()
            return
        if q.exit_reason is None:
            q.exit_reason = reason
            scope = q.cancel_scope
            if scope is not None:
                scope.cancel()
                return
            # No scope: wake it with `Killed` if parked in a runtime wait; a runnable one
            # raises `Killed` at its next wait or reduction yield (`kill_pending`).
            t = q.task
            if t is not None and (q.mbox_waiter is t or q.waiter is t):
                q.mbox_waiter = None
                q.waiter = None
                if q.idle:
                    q.idle = False
                    self.idle -= 1
                if t is q:  # light: its wait sees `kill_pending` when it resumes
                    self.wake_light(q)
                else:
                    reschedule(t, Error(Killed()))

    def deliver(self, q: Proc, msg) -> None:
        """Append `msg` to `q`'s mailbox and wake it if it waits in `receive`."""
        mb = q.mailbox
        if mb is None:
            return
        mb.append(msg)
        t = q.mbox_waiter
        if t is not None:
            q.mbox_waiter = None
            if q.idle:
                q.idle = False
                self.idle -= 1
            if t is q:
                self.wake_light(q)
            else:
                reschedule(t)

    # ---------------------------------------------------------------- parking

    def wake(self, q: Proc) -> None:
        """Wake `q` if it is parked by `park` (spurious wake-ups are allowed: every `park`
        caller re-checks its condition)."""
        t = q.waiter
        if t is not None:
            q.waiter = None
            if q.idle:
                q.idle = False
                self.idle -= 1
            if t is q:
                self.wake_light(q)
            else:
                reschedule(t)

    async def park(self, p: Proc, idle: bool):
        """Suspend the current process `p` until `wake(p)` (or cancellation). `idle=True`
        means only another process can wake it (it counts towards quiescence, §21.7)."""
        await promote(p)
        p.waiter = p.task
        if idle:
            p.idle = True
            self.idle += 1
            if self.main_done:
                self._check_quiet()
        await wait_task_rescheduled(p._abort)
        if kill_pending(p) and p.cancel_scope is None:
            raise Killed

    async def wait_exit(self, p: Proc, q: Proc, idle: bool = True):
        """Park the current process `p` until process `q` has exited."""
        while q.alive:
            if q.exit_waiters is None:
                q.exit_waiters = [p]
            elif p not in q.exit_waiters:
                q.exit_waiters.append(p)
            await self.park(p, idle)


def run_program(main_fn, args=(), *, clock: trio.abc.Clock | None = None) -> int:
    """Start a node, run `main_fn` as its main process, return the exit code (§1.1).
    `clock` replaces Trio's real clock (tests pass `trio.testing.MockClock`): the runtime
    takes every deadline and timer from it."""
    import gc

    t0, t1, t2 = gc.get_threshold()
    if t0 < 10000:  # many small long-lived objects per process: fewer young collections
        gc.set_threshold(10000, t1, t2)
    node = Node()

    async def run():
        with stops_on_signal(trio.lowlevel.current_trio_token(), node.shutdown):
            return await node.run(main_fn, args)

    try:
        code = trio.run(run, clock=clock)
    finally:
        gc.set_threshold(t0, t1, t2)
    for s in (sys.stdout, sys.stderr):
        try:
            s.flush()
        except Exception:
            pass
    return code
