"""Light processes: actor bodies driven by the node's own scheduler instead of a Trio task.

A process whose body can only suspend in `receive` (codegen marks it `_mesh_plain_waits`) is
a coroutine that never needs Trio: it parks in its mailbox, yields its reduction budget, and
is woken by `send`. Giving each one a Trio task cost about 10 µs per spawn and a full Trio
scheduler batch (an epoll poll included) per message hand-off. Instead one scheduler task
per node (`Node._light_loop`) keeps a run queue of such processes and steps their
coroutines itself (`coro.send(None)`); a process yields one of the sentinels below back to
it. Only the scheduler task talks to Trio, every `SLICE` steps or when the queue is empty.

A light process marks itself with `p.task is p` (a real Trio task otherwise). Anything
that needs Trio proper inside a process (a `receive ... after` deadline, a `park`, the
distribution back-pressure wait) first calls `await promote(p)`: the scheduler then moves
the coroutine into a Trio task of its own (`Node._adopt`), where it stays for the rest of
its life, exactly like a scope-less process before light processes existed.
"""

from __future__ import annotations

import types
from functools import partial

from .process import Killed, kill_pending

PARK = "park"  # wait until `wake_light` queues the process again
YIELD = "yield"  # reduction budget spent: go to the back of the run queue
PROMOTE = "promote"  # continue in a Trio task of its own


def _yields(word: str):
    """An object whose `await` yields `word` to the scheduler once. Its `__await__` is
    `iter((word,))` built from C callables only, so neither suspending nor resuming the
    process runs a Python frame below the one that awaited (this is the hot path of every
    message hand-off between light processes)."""
    return type(
        "Yields" + word.title(),
        (),
        {"__slots__": (), "__await__": staticmethod(partial(iter, (word,)))},
    )()


PARKED = _yields(PARK)
"""`await PARKED`: suspend the current light process until `Node.wake_light` queues it."""

TURN = _yields(YIELD)
"""`await TURN`: let the other runnable processes go first (a reduction yield)."""


@types.coroutine
def _promote():
    yield PROMOTE


async def promote(p) -> None:
    """Make sure the current process `p` runs in a Trio task of its own (no-op if it does)."""
    if p.task is p:
        await _promote()
        if kill_pending(p):
            raise Killed


@types.coroutine
def drive(coro, pending):
    """Continue a light coroutine that asked to be promoted, as part of the awaiting Trio
    task: what it yields goes to Trio, what Trio sends or throws goes back to it. (A
    suspended coroutine cannot simply be awaited a second time: Python refuses.)
    `pending` is what it yielded last: `PROMOTE`, or a Trio trap to hand on first."""
    value = error = None
    if pending is not PROMOTE:
        try:
            value = yield pending
        except BaseException as e:
            error = e
    while True:
        try:
            y = coro.send(value) if error is None else coro.throw(error)
        except StopIteration as stop:
            return stop.value
        value = error = None
        try:
            value = yield y
        except BaseException as e:  # Cancelled, Killed from `kill`: the body handles them
            error = e
