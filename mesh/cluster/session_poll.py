"""Node session reads while Trio is idle, outside Trio's per-wait epoll registration.

A session reader waiting in `trio.lowlevel.wait_readable` pays, on every request/reply
hop, Trio's whole wake-up path: an `epoll_ctl` to re-arm the one-shot registration, the
run loop's event processing, a task step and five coroutine layers to unwind. Measured on
a node answering remote requests, that was over a third of the node's CPU per hop.

`SessionPoller` is a Trio instrument. Its `before_io_wait` hook runs exactly when Trio has
finished its batch and is about to sleep in `epoll_wait` for `timeout` seconds (nothing is
runnable). Instead, it sleeps in an epoll of its own that watches the sessions' sockets
(level-triggered, registered once) and Trio's epoll descriptor itself, so any I/O another
task waits for ends the sleep. A session socket that becomes readable is read, decrypted
and dispatched right there, in the context (contextvars) of the session's reader task,
which stays parked meanwhile (`TlsStream._pump_polled`); processes woken by it run,
replies go out, and the poller sleeps again for what is left of Trio's timeout. It hands
control back to Trio as soon as Trio has work: I/O of its own, a task made runnable by a
delivered frame, or the timeout (a deadline) running out. In the last two cases Trio
would otherwise sleep its full, now stale, timeout, so the poller wakes it the way Trio
wakes itself from another thread (`force_wakeup`: one byte on a socket Trio drains in its
event processing, no task step). When Trio is busy (timeout 0) the poller checks the
sockets without sleeping, every pass while they have data, else at most every 0.2 ms.

The instrument runs on every pass of the run loop, which a node busy with other work (an
HTTP worker whose sibling session is quiet, local actors) pays for nothing. So once no
session has had data for `DORMANT_AFTER`, the poller *goes dormant*: it takes itself off
the run and hands every socket back to its reader task (`DORMANT`), which waits in
`wait_readable` and, once data comes, hands its socket back: the first one back puts the
poller on the run again.

It relies on internals of Trio's run loop (the runner's run queue and idle waiters, its
epoll object and `force_wakeup`); where they are missing, or the clock is not Trio's system
clock (tests with a mock clock, whose autojump needs Trio's own idle detection),
or a new poller cannot get a descriptor, `poller()` returns None and sessions read through
`wait_readable` as before.
"""

from __future__ import annotations

import functools
import select
import time
from collections.abc import Callable

import outcome
import trio

try:
    from trio._core._run import GLOBAL_RUN_CONTEXT, SystemClock
except ImportError:  # another Trio layout: sessions read through wait_readable
    GLOBAL_RUN_CONTEXT = SystemClock = None

_POLLER: trio.lowlevel.RunVar[SessionPoller | None] = trio.lowlevel.RunVar("session_poller")
"""The run's poller, made on first use and kept while the run lasts, even with no socket to
watch: making one takes a descriptor, which a node at its fd limit may not have."""
BUSY_POLL_INTERVAL = 0.0002
"""While Trio is busy (timeout 0), the sockets are checked at most this often (seconds)
unless the last check found one readable: a check on every pass of the run loop cost a
busy HTTP worker ~5 % (an `epoll_wait` per pass; bench/RESULTS.md, workers)."""
DORMANT_AFTER = 0.05
"""Seconds without data on any session after which the poller goes dormant (module doc):
long enough that request/reply traffic keeps it, short enough that an idle session stops
costing the run loop a hook call per pass."""
DORMANT = object()
"""The value a parked reader is woken with when the poller went dormant: wait through Trio."""


def _dormant() -> outcome.Outcome:
    return outcome.Value(DORMANT)


class SessionPoller(trio.abc.Instrument):
    def __init__(self, runner) -> None:
        self.runner = runner
        self.ep = select.epoll()
        self.trio_fd = runner.io_manager._epoll.fileno()
        self.ep.register(self.trio_fd, select.EPOLLIN)
        self.readers: dict[int, Callable[[], None]] = {}  # fd -> its `ready` callback
        self.wakers: dict[int, Callable[[outcome.Outcome], None]] = {}  # fd -> `wake`
        self.force_wakeup = runner.io_manager.force_wakeup
        self.busy_polled = 0.0  # perf_counter of the last check while Trio was busy
        self.busy_hit = False  # that check found a readable session
        self.last_data = 0.0  # perf_counter when a session last had data
        self.active = False  # installed as an instrument (it has sockets to watch)

    def add(
        self, fd: int, ready: Callable[[], None], wake: Callable[[outcome.Outcome], None]
    ) -> None:
        """Watch `fd`: `ready()` reads it when readable (it must not raise); `wake(o)`
        resumes its parked reader with `o`: an error if the poller itself breaks,
        `DORMANT` when the poller goes dormant."""
        self.ep.register(fd, select.EPOLLIN)
        self.readers[fd] = ready
        self.wakers[fd] = wake
        if not self.active:
            self.active = True
            self.last_data = time.perf_counter()
            trio.lowlevel.add_instrument(self)

    def remove(self, fd: int) -> bool:
        """Stop watching `fd`; False if it was not watched (removed already)."""
        if self.readers.pop(fd, None) is None:
            return False
        del self.wakers[fd]
        try:
            self.ep.unregister(fd)
        except OSError:  # closed already: the kernel dropped it
            pass
        if not self.readers and self.active:  # nothing to watch: off the run loop
            self.active = False
            try:
                trio.lowlevel.remove_instrument(self)
            except KeyError:  # Trio dropped it already (an instrument that raised)
                pass
        return True

    def before_io_wait(self, timeout: float) -> None:
        # Trio drops an instrument that raises, and the parked readers would then never
        # be woken: a failure here ends every session instead (their readers raise it).
        try:
            self._serve(timeout)
        except BaseException as e:
            _POLLER.set(None)  # the next session gets a fresh poller
            self._release(functools.partial(outcome.Error, e))
            self.ep.close()

    def _release(self, result: Callable[[], outcome.Outcome]) -> None:
        """Take every socket off this poller (and the poller off the run) and resume each
        reader with a `result()` of its own (an outcome is unwrapped once); Trio, which
        computed its sleep before this hook, is woken."""
        for fd, wake in list(self.wakers.items()):
            if self.remove(fd):
                wake(result())
        self.force_wakeup()

    def _serve(self, timeout: float) -> None:
        runner = self.runner
        if runner.waiting_for_idle:  # keep `wait_all_tasks_blocked` exact: Trio's wait
            timeout = 0
        poll = self.ep.poll
        readers = self.readers
        trio_fd = self.trio_fd
        now = time.perf_counter()
        if timeout <= 0:  # Trio is busy: check without sleeping (see BUSY_POLL_INTERVAL)
            if not self.busy_hit and now - self.busy_polled < BUSY_POLL_INTERVAL:
                return
            self.busy_polled = now
            hit = False
            for fd, _ in poll(0):
                ready = readers.get(fd)
                if ready is not None:
                    ready()
                    hit = True
            self.busy_hit = hit
            if hit:
                self.last_data = now
            elif now - self.last_data > DORMANT_AFTER:
                self._release(_dormant)
            return
        if now - self.last_data > DORMANT_AFTER:
            self._release(_dormant)
            return
        end = now + timeout
        remaining = timeout
        waited = False
        while readers:
            trio_ready = False
            for fd, _ in poll(remaining):
                if fd == trio_fd:
                    trio_ready = True
                else:
                    ready = readers.get(fd)
                    if ready is not None:
                        ready()
                        self.last_data = time.perf_counter()
            if trio_ready:
                return  # Trio's own wait returns at once with its events
            waited = True
            if runner.runq:
                break  # a delivered frame made a task runnable
            remaining = end - time.perf_counter()
            if remaining <= 0:
                break  # a deadline is due
        if waited:
            # Trio is about to sleep its full timeout, computed before this wait: wake it.
            self.force_wakeup()


def poller() -> SessionPoller | None:
    """The poller of the current Trio run (made on first use), or None where it cannot be
    used (see the module doc)."""
    if GLOBAL_RUN_CONTEXT is None:
        return None
    runner = getattr(GLOBAL_RUN_CONTEXT, "runner", None)
    if runner is None or type(runner.clock) is not SystemClock:
        return None
    p = _POLLER.get(None)
    if p is None:
        try:
            p = SessionPoller(runner)
        except (AttributeError, OSError):  # no such Trio internals; no descriptor left
            return None
        _POLLER.set(p)
    return p
