"""`send`, `self()` and selective `receive` (spec 04 §6–§8, §21.2)."""

from __future__ import annotations

from itertools import islice

import trio
from trio.lowlevel import reschedule, wait_task_rescheduled

from . import context as _ctx
from .context import current_proc
from .light import PARKED, promote
from .process import Killed, Notice, kill_pending


class _Timeout:
    __slots__ = ()

    def __repr__(self):
        return "TIMEOUT"


TIMEOUT = _Timeout()
"""Returned by `receive` when its `after` deadline passed (compare with `is`)."""


def self_pid():
    """`self()`: the pid of the running process (main included)."""
    return current_proc.get().pid


def send(pid, msg) -> None:
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


def _scan(p, mb, matcher, start, notices):
    """First message (from index `start`) accepted by `matcher`: remove it, return the
    matcher's result; else remember where to resume and return None."""
    if notices:
        for i, m in enumerate(islice(mb, start, None), start):
            r = matcher(m)
            if r is not None:
                del mb[i]
                return r
    else:
        for i, m in enumerate(islice(mb, start, None), start):
            if type(m) is not Notice:
                r = matcher(m)
                if r is not None:
                    del mb[i]
                    return r
    p.scan_from = len(mb)
    return None


async def receive(matcher, timeout_ms=None, notices=False):
    """Selective receive.

    `matcher(msg)` returns `None` (no arm matches) or a tuple `(arm_index, *bindings)`; it
    must not suspend. Returns the matcher's tuple for the oldest accepted message (which is
    removed), or `TIMEOUT` once `timeout_ms` ms passed (`0`: check once; `None` or negative:
    wait forever). Runtime notifications (`Notice`, e.g. `(:down, ref, pid, reason)`) are
    only offered to the matcher when `notices=True`.
    """
    p = current_proc.get()
    mb = p.mailbox
    if mb:
        m = mb[0]
        if notices or type(m) is not Notice:
            r = matcher(m)
            if r is not None:
                mb.popleft()
                _ctx.red -= 1
                if _ctx.red <= 0:
                    await _ctx.yield_now()
                return r
        if len(mb) > 1:
            r = _scan(p, mb, matcher, 1, notices)
            if r is not None:
                _ctx.red -= 1
                if _ctx.red <= 0:
                    await _ctx.yield_now()
                return r
        else:
            p.scan_from = 1
    else:
        p.scan_from = 0
    if timeout_ms is None or timeout_ms < 0:
        if p.task is not p:
            return await _wait(p, matcher, notices, True)
        # A light process: `_wait` inlined (one coroutine frame less on every wake-up), with
        # a fast path for the common wake-up by exactly one new message.
        node = p.node
        while True:
            p.mbox_waiter = p
            p.idle = True
            node.idle += 1
            if node.main_done:
                node._check_quiet()
            await PARKED
            if p.exit_reason is not None and not p.exiting:  # kill_pending(p), inlined
                raise Killed
            i = p.scan_from
            if len(mb) == i + 1:
                m = mb[i]
                if notices or type(m) is not Notice:
                    r = matcher(m)
                    if r is not None:
                        del mb[i]
                        return r
                p.scan_from = i + 1
            else:
                r = _scan(p, mb, matcher, i, notices)
                if r is not None:
                    return r
    if timeout_ms == 0:
        return TIMEOUT
    await promote(p)  # the deadline is a Trio cancel scope
    with trio.CancelScope(deadline=trio.current_time() + timeout_ms / 1000):
        return await _wait(p, matcher, notices, False)
    return TIMEOUT


async def _wait(p, matcher, notices, idle):
    node = p.node
    while True:
        p.mbox_waiter = p.task
        if idle:
            p.idle = True
            node.idle += 1
            if node.main_done:
                node._check_quiet()
        await wait_task_rescheduled(p._abort)
        if p.cancel_scope is None and kill_pending(p):
            raise Killed
        mb = p.mailbox
        r = _scan(p, mb, matcher, p.scan_from, notices)
        if r is not None:
            return r


def _take_any(m):
    return (m,)


async def receive_any(timeout_ms=None):
    """Take the oldest message whatever it is (notices included): returns `(msg,)`, or
    `TIMEOUT`. Used by runtime loops (services, supervisors, test mocks)."""
    p = current_proc.get()
    mb = p.mailbox
    if mb:
        _ctx.red -= 1
        if _ctx.red <= 0:
            await _ctx.yield_now()
        return (mb.popleft(),)
    return await receive(_take_any, timeout_ms, True)


def mailbox_size(pid=None) -> int:
    """Number of queued messages of `pid` (default: the current process); 0 when dead."""
    p = current_proc.get() if pid is None else pid._proc
    if p is None or p.mailbox is None:
        return 0
    return len(p.mailbox)
