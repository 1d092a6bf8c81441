"""Readiness of plain HTTP connections: registered once, edge-triggered, like Go's netpoller.

A connection that has answered yields once and then tries `recv` (server.py `SockStream`):
under steady load the next request is there by then. When it is not (slow clients, or an
event loop sharing its CPU with others), `trio.lowlevel.wait_readable` costs more than the
request: the `recv` that failed with EAGAIN (an exception, its message decoded through the
locale) and an `epoll_ctl` to arm a one-shot registration, on every wait. Two workers
sharing two CPUs with the load generator paid that on 55 % of requests (bench/workers.py:
551 `epoll_ctl` and 546 failed `recv` per 1000 requests, against 12 and 10 for one worker):
most of what made a request dearer with two workers than with one.

So a stream whose `recv` came up empty is registered in Trio's own epoll,
`EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET`, once (never re-armed), and from then on knows
whether a `recv` can succeed: `readable` is cleared when a `recv` comes back short of what was asked
(the socket was drained) or fails, and set again on the connection's next edge. A reader
that knows its socket is drained parks at once: no failed `recv`, no `epoll_ctl`. Trio's
I/O manager is wrapped (`_EdgeIOManager`) so that its event processing hands those edges
to the streams and everything else to Trio, in the same `epoll_wait` and the same pass of
the run loop: no extra descriptor, system call or task step per wake-up. (A separate epoll
nested in Trio's and drained by an instrument cost a server answering one request at a
time ~10 % more CPU per request.) An edge costs a little on every request, so a stream
whose reader keeps being woken by an `epoll_wait` that found its events waiting (where
yielding and trying would have found the data) leaves the poller again (server.py
`QUICK_WAKES_TO_TRY`); so does one whose peer closed or reset the connection, since no
edge follows that.

A socket on the poller is never waited on through Trio (Trio's one-shot `epoll_ctl` would
replace the edge registration, and the other way round): the registration carries
`EPOLLOUT` too, and a send that blocks parks until the poller sees room to write (a parked
reader stays wakeable meanwhile); TLS and WebSocket upgrades that need a Trio socket take
it off for good (`remove`).

This relies on internals of Trio's epoll I/O manager (`_epoll`, `_registered`,
`get_events`/`process_events`; Trio is pinned at 0.35.0 and tests/unit/test_http_conn_poll.py
checks them); where they are missing (another Trio, not Linux), `poller()` returns None
and streams wait through `wait_readable` as before.
"""

from __future__ import annotations

import select
from time import perf_counter as _now
from typing import Any, Protocol

import outcome
import trio

try:
    from trio._core._run import GLOBAL_RUN_CONTEXT
except ImportError:  # another Trio layout: streams wait through wait_readable
    GLOBAL_RUN_CONTEXT = None

_IN = getattr(select, "EPOLLIN", 0)
_EDGE = (
    _IN
    | getattr(select, "EPOLLOUT", 0)
    | getattr(select, "EPOLLRDHUP", 0)
    | getattr(select, "EPOLLET", 0)
)
_HANGUP = (
    getattr(select, "EPOLLRDHUP", 0)
    | getattr(select, "EPOLLHUP", 0)
    | getattr(select, "EPOLLERR", 0)
)
_IN_OR_HANGUP = _IN | _HANGUP
_OUT_OR_HANGUP = getattr(select, "EPOLLOUT", 0) | _HANGUP
QUICK_WAIT = 20e-6
QUICK_WAIT_PER_EVENT = 1e-6
"""An `epoll_wait` that returns within QUICK_WAIT plus this per event it returns found its
events waiting (it did not sleep; copying out a hundred events takes tens of µs): a reader
woken by it would have found its data by yielding once and trying."""
MAX_EVENTS = 1024
"""Edges collected per `epoll_wait` beyond Trio's own registrations (the rest stay queued
in the kernel for the next pass)."""
_POLLER: trio.lowlevel.RunVar[ConnPoller | None] = trio.lowlevel.RunVar("http_conn_poller")
_reschedule = trio.lowlevel.reschedule


class Watched(Protocol):
    """What the poller needs of a stream: the flags it sets and the parked reader and
    sender it wakes."""

    edge: bool
    readable: bool
    waiter: trio.lowlevel.Task | None
    writer: trio.lowlevel.Task | None


class _EdgeIOManager:
    """Trio's epoll I/O manager, with the watched streams' edges taken out of its events.
    Everything but `get_events` and `process_events` is Trio's own."""

    def __init__(self, real: Any, poller: ConnPoller) -> None:
        self._real = real
        self._poller = poller
        self._streams = poller.streams
        self._poll = real._epoll.poll
        self._registered = real._registered
        self._process = real.process_events
        # the waits Trio's hot paths call, bound once (no `__getattr__` per call)
        self.wait_readable = real.wait_readable
        self.wait_writable = real.wait_writable
        self.notify_closing = real.notify_closing

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def get_events(self, timeout: float) -> list[tuple[int, int]]:
        start = _now()
        events = self._poll(
            timeout, max(1, len(self._registered)) + min(len(self._streams), MAX_EVENTS)
        )
        self._poller.busy = _now() - start < QUICK_WAIT + QUICK_WAIT_PER_EVENT * len(events)
        return events

    def process_events(self, events: list[tuple[int, int]]) -> None:
        self._poller.passes += 1
        streams = self._streams
        if not streams:
            self._process(events)
            return
        rest = []
        for event in events:
            stream = streams.get(event[0])
            if stream is None:
                rest.append(event)
                continue
            flags = event[1]
            if flags & _HANGUP:
                # No edge follows the peer's FIN or a reset, but a `recv` after a short
                # one still has that to find: the stream tries from now on.
                stream.edge = False
                self._poller.drop(event[0])
            if flags & _IN_OR_HANGUP:
                stream.readable = True
                task = stream.waiter
                if task is not None:
                    stream.waiter = None
                    _reschedule(task)
            if flags & _OUT_OR_HANGUP:  # room to write (or the error a send will meet)
                task = stream.writer
                if task is not None:
                    stream.writer = None
                    _reschedule(task)
        if rest:
            self._process(rest)


class ConnPoller:
    def __init__(self, runner: Any) -> None:
        self.streams: dict[int, Watched] = {}
        self.passes = 0  # passes of the run loop (each processes its I/O events once)
        self.busy = False  # the last pass's epoll_wait found events at once (did not sleep)
        self.epoll: select.epoll = runner.io_manager._epoll
        runner.io_manager = _EdgeIOManager(runner.io_manager, self)

    def add(self, fd: int, stream: Watched) -> bool:
        """Watch `fd` for `stream`; False if it cannot be (the stream then waits through
        Trio)."""
        try:
            self.epoll.register(fd, _EDGE)
        except (OSError, ValueError):
            return False
        self.streams[fd] = stream
        return True

    def remove(self, fd: int) -> None:
        """Stop watching `fd` for good (before it is closed or handed to a Trio stream). A
        reader or sender still parked on it is woken with `ClosedResourceError`, as by
        Trio's `notify_closing`."""
        stream = self.drop(fd)
        if stream is not None:
            for attr in ("waiter", "writer"):
                task = getattr(stream, attr)
                if task is not None:
                    setattr(stream, attr, None)
                    _reschedule(task, outcome.Error(trio.ClosedResourceError("socket closed")))

    def drop(self, fd: int) -> Watched | None:
        """Stop watching `fd`, leaving a parked reader or sender alone (its own caller, or
        about to be woken). The stream, or None if `fd` was not watched."""
        stream = self.streams.pop(fd, None)
        if stream is not None:
            try:
                self.epoll.unregister(fd)
            except (OSError, ValueError):  # closed already: the kernel dropped it
                pass
        return stream


def poller() -> ConnPoller | None:
    """The connection poller of the current Trio run (made on first use), or None where
    there is none to be had (see the module doc)."""
    try:
        return _POLLER.get()
    except LookupError:
        pass
    p: ConnPoller | None = None
    runner = getattr(GLOBAL_RUN_CONTEXT, "runner", None)
    manager = getattr(runner, "io_manager", None)
    if (
        isinstance(getattr(manager, "_epoll", None), getattr(select, "epoll", ()))
        and isinstance(getattr(manager, "_registered", None), dict)
        and hasattr(manager, "process_events")
        and hasattr(manager, "get_events")
    ):
        p = ConnPoller(runner)
    _POLLER.set(p)
    return p
