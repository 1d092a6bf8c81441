"""`@cluster` work at run time (spec 07 §11.5): the declared functions, one unit of work
from submission to completion, and its recovery after a promotion (§11.3–§11.4).

The generated `__main__` hands the program's declarations to `declare` (runtime name,
replication count, function). Each declaration gets a wrapper in the function registry,
`<RuntimeName>@cluster`, which is what an owner runs — locally or by remote spawn: it calls
the body and then completes the record under the attempt it was given, so a body that a
dead owner had started and a promoted standby re-runs is completed only once (§11.4).

The life of one unit (`submit_work` then `dispatch`):

    placement (owner = the primary, replica = the standby) → store.submit →
    CONT_PREPARE to the replica (≤ 5 s ack, record `mirrored`) → run on the owner →
    mark_completed → CONT_UPSERT to every peer

Startup work (`mesh/cluster/startup.py`) and `Continuity.submit_declared_work` both use it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from ..runtime.actors.context import current_node
from ..runtime.coro import CORO_TYPE
from . import placement
from .continuity.authority import PRIMARY, STANDBY
from .continuity.record import ContinuityRecord
from .continuity.store import ContinuityError, SubmitDecision
from .runtime import runtime_of
from .session import log

WRAPPER_SUFFIX = "@cluster"


@dataclass(frozen=True)
class DeclaredWork:
    runtime_name: str  # `<Module>.<fn>`, e.g. `Work.add`
    count: int  # declared replication count N
    fn: Callable
    arity: int  # 0, or 2 for the legacy `(request_key, attempt_id)` form


declared: dict[str, DeclaredWork] = {}


def declare(table) -> None:
    """Register `(runtime_name, count, fn, arity)` declarations and their wrappers."""
    from . import program

    for name, count, fn, arity in table:
        declared[name] = DeclaredWork(name, count, fn, arity)
        program.register_functions({name + WRAPPER_SUFFIX: functools.partial(run_work, name)})


def log_transition(rt, transition: str, runtime_name: str, **fields) -> None:
    """The `[mesh-rt startup] transition=<t> runtime_name=<Name> ...` stderr line, on a
    started node only (a standalone program keeps its stderr for itself)."""
    if not rt.started:
        return
    extra = "".join(f" {k}={v}" for k, v in fields.items() if v not in (None, ""))
    log(f"[mesh-rt startup] transition={transition} runtime_name={runtime_name}{extra}")


# ---------------------------------------------------------------- placement


def place(
    self_name: str,
    self_role: str,
    peer_roles: dict[str, str],
    members: list[str],
    key: str,
    count: int,
    siblings: frozenset = frozenset(),
) -> tuple[str, str]:
    """(owner, replica) for `key` among `members` (this node included).

    Our choice (§11.5 step 5): the primary owns the work and the standby mirrors it, as
    "primary executes the work" promises; the reference's hash ring (membership sorted by
    the first 8 bytes of SHA-256 of the name, owner = hash of `request::<key>` mod size,
    replica = next member) only when the roles do not name exactly one primary. A standby
    that is not one of this node's `siblings` (workers of its host) is preferred as the
    replica, so losing a host never loses both copies (docs/internals/workers.md §5)."""
    if len(members) <= 1:
        return self_name, ""
    roles = dict(peer_roles)
    roles[self_name] = self_role
    primaries = [m for m in members if roles.get(m) == PRIMARY]
    if len(primaries) == 1:
        owner = primaries[0]
        others = [m for m in members if m != owner]
        standbys = sorted(
            (m for m in others if roles.get(m) == STANDBY), key=lambda m: m in siblings
        )
        return owner, (standbys or others)[0] if count >= 2 else ""
    p = placement.place(key, members, count)
    return p.owner, p.replica


def members_of(rt) -> list[str]:
    """This node and its live peers, sorted ([""] for a node that never started)."""
    return sorted({rt.name, *rt.list()}) if rt.started else [rt.name]


# ---------------------------------------------------------------- one unit of work


async def submit_work(
    rt, w: DeclaredWork, key: str, payload_hash: str, required: int | None
) -> SubmitDecision:
    """Place, submit and (when a replica is named) prepare one unit. `required` None means
    N − 1 replicas; startup work alone passes 0 (§11.5 step 3). The decision's record is
    the one after the prepare (`mirrored`, or `rejected` with the reason)."""
    cont = rt.cont
    count = w.count
    owner, replica = place(
        rt.name, rt.role, cont.peer_roles, members_of(rt), key, count, rt.worker_siblings
    )
    if required == 0:
        replica = ""
    d = cont.store.submit(
        key,
        payload_hash,
        ingress=rt.name,
        owner=owner,
        replica=replica,
        replication_count=count,
        required_replicas=required,
        routed_remotely=owner != rt.name,
        fell_back_locally=owner == rt.name,
        runtime_name=w.runtime_name,
    )
    cont.flush()
    if d.outcome == "created" and d.record.replica_node and d.record.pending:
        await cont.prepare(d.record)
        return SubmitDecision(d.outcome, d.conflict_reason, cont.store.status(key))
    return d


async def dispatch(rt, w: DeclaredWork, r: ContinuityRecord) -> bool:
    """Run `r` on its owner: a local process, or a remote spawn of the wrapper. False (and
    the record rejected) when the owner could not start it."""
    args = (r.request_key, r.attempt_id)
    if r.owner_node == rt.name or not rt.started:
        rt.node.spawn(functools.partial(run_work, w.runtime_name), args, name=w.runtime_name)
        return True
    from ..runtime.actors.context import current_proc

    pid = await rt.spawn(
        current_proc.get(), r.owner_node, w.runtime_name + WRAPPER_SUFFIX, args, False
    )
    if pid.node is not rt.pids.stale:
        return True
    try:
        rt.cont.store.reject(
            r.request_key, r.attempt_id, f"declared_work_dispatch_failed:{r.owner_node}"
        )
    except ContinuityError:
        pass  # completed or rolled over meanwhile
    rt.cont.flush()
    return False


async def run_work(runtime_name: str, key: str, attempt: str):
    """The wrapper `<RuntimeName>@cluster`: run the body on this node, then complete the
    record of `attempt` (a stale attempt is refused by the store, §11.4). A body that
    fails rejects its attempt and the process crashes as any other would."""
    rt = runtime_of(current_node.get())
    w = declared[runtime_name]
    store = rt.cont.store
    try:
        value = w.fn(key, attempt) if w.arity == 2 else w.fn()
        if type(value) is CORO_TYPE:
            await value
    except Exception:
        try:
            store.reject(key, attempt, "declared_work_crashed")
        except ContinuityError:
            pass
        rt.cont.flush()
        raise
    try:
        r = store.mark_completed(key, attempt, rt.name)
    except ContinuityError as e:
        transition = "startup_rejected" if key.startswith("startup::") else "completion_rejected"
        log_transition(
            rt, transition, runtime_name, request_key=key, attempt_id=attempt, reason=e.reason
        )
    else:
        if key.startswith("startup::"):
            store.note("startup_completed", r)
            log_transition(
                rt,
                "startup_completed",
                runtime_name,
                request_key=key,
                attempt_id=attempt,
                execution_node=rt.name,
            )
    rt.cont.flush()


# ---------------------------------------------------------------- recovery


def recover(rt, records: list[ContinuityRecord]) -> list[ContinuityRecord]:
    """`Replication.recover_hooks` entry: after a promotion (or our primary-side resume of
    `owner_lost` work), run each resubmitted record of declared work here under its new
    attempt; return the records of other executors."""
    others = []
    for r in records:
        w = declared.get(r.declared_handler_runtime_name)
        if w is None:
            others.append(r)
            continue
        log_transition(
            rt,
            "automatic_recovery",
            w.runtime_name,
            request_key=r.request_key,
            attempt_id=r.attempt_id,
        )
        try:
            rt.node.spawn(
                functools.partial(run_work, w.runtime_name),
                (r.request_key, r.attempt_id),
                name=w.runtime_name,
            )
        except RuntimeError:  # the program is stopping: nothing runs any more
            pass
    return others
