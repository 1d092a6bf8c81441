"""Automatic startup work (spec 07 §11.5): every `@cluster` function runs once per cluster.

1. Trigger — our choice: right after `Node.start_from_env()` returns `Ok` (`boot`), else
   after `main` returns (`with_startup_work`). In cluster mode a keep-alive actor then keeps the
   process running: a cluster member serves its peers after `main` is done.
2. A `standby` skips it (`startup_skipped`).
3. Convergence: poll the membership every 50 ms, at most 40 times; once a peer was seen,
   3 identical consecutive observations are required. No peer ever seen → run alone with 0
   required replicas; peers seen but never stable → rejected `startup_convergence_timeout`.
4. Placement and submission (`work.submit_work`: the primary owns, the standby mirrors);
   when a replica was prepared, a pending window of `MESH_STARTUP_WORK_DELAY_MS` (2500 ms)
   keeps the mirrored pending record observable before the work runs (our reading of the
   spec's order: the record can only be mirrored once it was submitted).
5. Dispatch on the owner (`work.dispatch`). A duplicate key — e.g. a node that rejoins —
   never re-runs anything. A node fenced to standby meanwhile stops (`startup_fenced`).

Diagnostics `startup_registered|trigger|dispatch_window|completed|rejected|fenced|skipped`
go to the ring (§11.8) and to stderr as `[mesh-rt startup] transition=... runtime_name=...`.
"""

from __future__ import annotations

import functools
import os
import weakref

import trio

from ..runtime.actors.context import current_node
from ..runtime.coro import CORO_TYPE
from .continuity.authority import STANDBY
from .runtime import runtime_of
from .work import (
    DeclaredWork,
    declare,
    declared,
    dispatch,
    log_transition,
    recover,
    submit_work,
)

POLL_INTERVAL = 0.05
MAX_POLLS = 40
STABLE_OBSERVATIONS = 3
DEFAULT_WINDOW_MS = 2500

_booted: weakref.WeakSet = weakref.WeakSet()  # runtimes whose startup work was triggered


def boot(rt, cluster_mode: bool) -> None:
    """`Node.start_from_env()` returned `Ok`: recovery hook, keep-alive (cluster mode) and
    the startup work."""
    if cluster_mode:
        rt.node.spawn(_keep_alive, (), name="mesh-cluster-keepalive")
    _trigger(rt)


def with_startup_work(main_fn, table):
    """The program's `main` for `run_main` when it declares `@cluster` work: `declare` the
    work, and trigger it once `main` returned unless `Node.start_from_env()` did."""
    declare(table)

    async def main():
        value = main_fn()
        if type(value) is CORO_TYPE:
            await value
        _trigger(runtime_of(current_node.get()))

    return main


def _trigger(rt) -> None:
    if rt in _booted:
        return
    _booted.add(rt)
    rt.cont.recover_hooks.append(functools.partial(recover, rt))
    if declared:
        rt.node.spawn(functools.partial(_startup, rt), (), name="mesh-startup-work")


async def _keep_alive() -> None:
    await trio.sleep_forever()


def _window_seconds() -> float:
    v = os.environ.get("MESH_STARTUP_WORK_DELAY_MS", "").strip()
    return (int(v) if v.isascii() and v.isdigit() else DEFAULT_WINDOW_MS) / 1000


def _key(w: DeclaredWork) -> str:
    return "startup::" + w.runtime_name


def _note(
    rt,
    transition: str,
    w: DeclaredWork,
    reason: str | None = None,
    metadata: tuple = (),
    record=None,
) -> None:
    rt.cont.store.note(
        transition, record, reason, metadata, None if record is not None else _key(w)
    )
    log_transition(
        rt,
        transition,
        w.runtime_name,
        request_key=_key(w),
        attempt_id=record.attempt_id if record is not None else None,
        reason=reason,
    )


async def _converge(rt) -> str:
    """`alone`, `converged` or `timeout` (step 3)."""
    if not rt.started:  # standalone: a cluster of one
        return "alone"
    seen = False
    last, stable = None, 0
    for _ in range(MAX_POLLS):
        now = tuple(rt.list()) if rt.started else ()
        seen = seen or bool(now)
        if seen:
            stable = stable + 1 if now == last else 1
            last = now
            if stable >= STABLE_OBSERVATIONS:
                return "converged"
        await trio.sleep(POLL_INTERVAL)
    return "timeout" if seen else "alone"


async def _startup(rt) -> None:
    works = [declared[k] for k in sorted(declared)]
    for w in works:
        _note(rt, "startup_registered", w, None, (("replication_count", str(w.count)),))
    for w in works:
        _note(rt, "startup_trigger", w)
    if rt.role == STANDBY:
        for w in works:
            _note(rt, "startup_skipped", w, "standby")
        return
    outcome = await _converge(rt)
    submitted = []
    for w in works:
        if rt.role == STANDBY:  # fenced by a peer's records while converging
            _note(rt, "startup_fenced", w, "fenced_to_standby")
            continue
        if outcome == "timeout":
            _reject_unsubmitted(rt, w, "startup_convergence_timeout")
            continue
        d = await submit_work(
            rt, w, _key(w), "startup-payload::" + w.runtime_name, 0 if outcome == "alone" else None
        )
        if d.outcome == "duplicate":
            continue  # already submitted (a rejoining node): nothing re-runs
        if d.outcome != "created" or not d.record.pending:
            _note(rt, "startup_rejected", w, d.record.error or d.conflict_reason, record=d.record)
            continue
        submitted.append((w, d.record))
    if any(r.replica_node for _w, r in submitted):
        for w, r in submitted:
            _note(
                rt,
                "startup_dispatch_window",
                w,
                None,
                (("delay_ms", str(int(_window_seconds() * 1000))),),
                record=r,
            )
        await trio.sleep(_window_seconds())
    for w, r in submitted:
        if rt.role == STANDBY:
            _note(rt, "startup_fenced", w, "fenced_to_standby", record=r)
            continue
        current = rt.cont.store.records.get(r.request_key)
        if current is None or current.attempt_id != r.attempt_id or not current.pending:
            continue  # completed, rejected or rolled over meanwhile
        await dispatch(rt, w, current)


def _reject_unsubmitted(rt, w: DeclaredWork, reason: str) -> None:
    """Step 3's timeout: the work gets a durable rejected record (nothing placed)."""
    store = rt.cont.store
    d = store.submit(
        _key(w),
        "startup-payload::" + w.runtime_name,
        ingress=rt.name,
        owner=rt.name,
        replica="",
        replication_count=w.count,
        required_replicas=0,
        fell_back_locally=True,
        runtime_name=w.runtime_name,
    )
    if d.outcome == "created" and d.record.pending:
        r = store.reject(d.record.request_key, d.record.attempt_id, reason)
        _note(rt, "startup_rejected", w, reason, record=r)
    rt.cont.flush()
