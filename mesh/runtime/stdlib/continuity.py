"""Mesh `Continuity` module (spec 07 §11.7): the low-level API over this node's continuity
store (mesh/cluster/continuity). Tests use it; apps normally rely on `@cluster` and
`HTTP.clustered`. `Continuity.promote` does not exist: promotion is automatic (E0046).

Transitions made here are broadcast to every peer like the runtime's own (`flush`). On a
node that never started (standalone) the store is local to the process.
"""

from __future__ import annotations

from ...cluster import work
from ...cluster.continuity.record import FIELDS
from ...cluster.continuity.store import ContinuityError
from ...cluster.runtime import runtime_of
from ..actors.context import current_node, current_proc
from ..values import Err, Ok, Struct

_RECORD_FIELDS = tuple(f for f in FIELDS if f != "declared_handler_runtime_name")


class ContinuityRecord(Struct):
    """One record as Mesh sees it (§11.4 fields, without the CLI-only handler name)."""

    __slots__ = _RECORD_FIELDS
    _mesh_name = "ContinuityRecord"
    _mesh_fields = _RECORD_FIELDS
    _mesh_derives = frozenset({"Eq", "Debug"})

    def __init__(self, *values):
        for f, v in zip(_RECORD_FIELDS, values):
            setattr(self, f, v)


class ContinuityAuthorityStatus(Struct):
    __slots__ = ("cluster_role", "promotion_epoch", "replication_health")
    _mesh_name = "ContinuityAuthorityStatus"
    _mesh_fields = __slots__
    _mesh_derives = frozenset({"Eq", "Debug"})

    def __init__(self, cluster_role, promotion_epoch, replication_health):
        self.cluster_role = cluster_role
        self.promotion_epoch = promotion_epoch
        self.replication_health = replication_health


class ContinuitySubmitDecision(Struct):
    __slots__ = ("outcome", "conflict_reason", "record")
    _mesh_name = "ContinuitySubmitDecision"
    _mesh_fields = __slots__
    _mesh_derives = frozenset({"Eq", "Debug"})

    def __init__(self, outcome, conflict_reason, record):
        self.outcome = outcome
        self.conflict_reason = conflict_reason
        self.record = record


def _rt():
    p = current_proc.get()
    return runtime_of(p.node if p is not None else current_node.get())


def _record(r) -> ContinuityRecord:
    return ContinuityRecord(*(getattr(r, f) for f in _RECORD_FIELDS))


def _decision(d) -> ContinuitySubmitDecision:
    return ContinuitySubmitDecision(d.outcome, d.conflict_reason, _record(d.record))


def _identity_error(key, payload_hash) -> str | None:
    if not key:
        return "request_key_missing"
    if not payload_hash:
        return "payload_hash_missing"
    return None


def submit(
    key,
    payload_hash,
    ingress,
    owner,
    replica,
    required_replicas,
    routed_remotely,
    fell_back_locally,
):
    """`Continuity.submit(...)`: a record with N = required + 1 (§11.4 submit rules)."""
    why = _identity_error(key, payload_hash)
    if why is None and required_replicas < 0:
        why = "required_replicas_negative"
    if why is not None:
        return Err(why)
    rt = _rt()
    d = rt.cont.store.submit(
        key,
        payload_hash,
        ingress=ingress,
        owner=owner,
        replica=replica,
        replication_count=required_replicas + 1,
        required_replicas=required_replicas,
        routed_remotely=routed_remotely,
        fell_back_locally=fell_back_locally,
    )
    rt.cont.flush()
    return Ok(_decision(d))


async def submit_declared_work(runtime_name, key, payload_hash, required):
    """`Continuity.submit_declared_work(name, key, hash, required)`: place, submit and
    prepare a unit of the declared `@cluster` function `name`, then run it on its owner
    (§11.5). The decision carries the record as it is once the replica acked."""
    why = _identity_error(key, payload_hash)
    w = work.declared.get(runtime_name)
    if why is None and w is None:
        why = f"declared_handler_not_registered:{runtime_name}"
    if why is None and required < 0:
        why = "required_replicas_negative"
    if why is not None:
        return Err(why)
    rt = _rt()
    d = await work.submit_work(rt, w, key, payload_hash, min(required, w.count - 1))
    if d.outcome == "created" and d.record.pending:
        await work.dispatch(rt, w, d.record)
    return Ok(_decision(d))


def status(key):
    """`Continuity.status(key)`: the record, or `Err("request_key_not_found")`."""
    try:
        return Ok(_record(_rt().cont.store.status(key)))
    except ContinuityError as e:
        return Err(e.reason)


def authority_status():
    rt = _rt()
    return Ok(ContinuityAuthorityStatus(rt.role, rt.epoch, rt.cont.store.health()))


def mark_completed(key, attempt, execution_node):
    """Complete the current attempt (`attempt_id_mismatch`,
    `transition_rejected:already_completed`, `request_key_not_found` otherwise)."""
    rt = _rt()
    try:
        r = rt.cont.store.mark_completed(key, attempt, execution_node)
    except ContinuityError as e:
        return Err(e.reason)
    rt.cont.flush()
    return Ok(_record(r))


def acknowledge_replica(key, attempt):
    """The replica stored the record: `mirrored`/`healthy`."""
    rt = _rt()
    try:
        r = rt.cont.store.acknowledge_replica(key, attempt)
    except ContinuityError as e:
        return Err(e.reason)
    rt.cont.flush()
    return Ok(_record(r))
