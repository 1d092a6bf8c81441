"""Jobs: `Job.async/await/await_timeout/map` (spec 04 §18, §21.6)."""

from __future__ import annotations

import trio

from ..coro import CORO_TYPE
from ..values import Err
from .context import current_node, current_proc
from .process import KIND_JOB


async def _job_body(f, args):
    r = f(*args)
    if type(r) is CORO_TYPE:
        r = await r
    return r


def _start(cur, node, f, args):
    pid = node.spawn(_job_body, (f, args), "job", KIND_JOB)
    if cur is not None:
        j = pid._proc
        j.owner = cur
        if cur.jobs is None:
            cur.jobs = {j}
        else:
            cur.jobs.add(j)
    return pid


def job_async(f):
    """`Job.async(f)`: run `f()` (plain or async) in a new job process; returns its pid."""
    cur = current_proc.get()
    node = cur.node if cur is not None else current_node.get()
    return _start(cur, node, f, ())


_NOT_A_JOB = Err("not a job")
_TIMEOUT = Err("timeout")


async def job_await(pid):
    """`Job.await(job)`: `Ok(value)` or `Err(reason)`; `Err("not a job")` for other pids.
    Repeatable from any process (the result is kept)."""
    j = pid._proc
    if j is None or j.kind != KIND_JOB:
        return _NOT_A_JOB
    if j.result is None:
        cur = current_proc.get()
        await cur.node.wait_exit(cur, j, True)
    return j.result


async def job_await_timeout(pid, ms):
    """`Job.await_timeout(job, ms)`: as `job_await`, or `Err("timeout")` after `ms` ms (the
    job keeps running)."""
    j = pid._proc
    if j is None or j.kind != KIND_JOB:
        return _NOT_A_JOB
    if j.result is None:
        if ms <= 0:
            return _TIMEOUT
        cur = current_proc.get()
        with trio.move_on_after(ms / 1000):
            await cur.node.wait_exit(cur, j, False)
        if j.result is None:
            return _TIMEOUT
    return j.result


async def job_map(xs, f):
    """`Job.map(xs, f)`: one job per element, all concurrent; results in input order."""
    cur = current_proc.get()
    node = cur.node
    pids = [_start(cur, node, f, (x,)) for x in xs]
    out = []
    for pid in pids:
        out.append(await job_await(pid))
    return out
