"""One continuity record (spec 07 §11.4): its fields, the ranks used by the merge order,
the merge rule itself and the wire form (a msgpack array of the 18 fields in `FIELDS`
order, inside `CONT_*` frames)."""

from __future__ import annotations

from sys import intern
from typing import NamedTuple, get_type_hints

# phase / result
SUBMITTED, COMPLETED, REJECTED = "submitted", "completed", "rejected"
PENDING, SUCCEEDED = "pending", "succeeded"
TERMINAL_PHASES = (COMPLETED, REJECTED)

# replica_status, in merge rank order
UNASSIGNED, PREPARING, MIRRORED = "unassigned", "preparing", "mirrored"
OWNER_LOST, DEGRADED_CONTINUING, STATUS_REJECTED = "owner_lost", "degraded_continuing", "rejected"
STATUS_RANK = {
    s: i
    for i, s in enumerate(
        (UNASSIGNED, PREPARING, MIRRORED, OWNER_LOST, DEGRADED_CONTINUING, STATUS_REJECTED)
    )
}

# replication_health, in merge rank order (note: not the order of `aggregate_health`)
LOCAL_ONLY, UNAVAILABLE, DEGRADED, HEALTHY = "local_only", "unavailable", "degraded", "healthy"
HEALTH_RANK = {h: i for i, h in enumerate((LOCAL_ONLY, UNAVAILABLE, DEGRADED, HEALTHY))}


class ContinuityRecord(NamedTuple):
    """Immutable: every transition builds a new copy (`with_`), so a copy handed to the
    wire layer or to Mesh code can never change under it. A named tuple, not a frozen
    dataclass: a clustered request builds several records on each node, and a frozen
    dataclass's `__init__` (one `object.__setattr__` per field) cost ~8x a tuple's."""

    request_key: str
    payload_hash: str
    attempt_id: str
    phase: str = SUBMITTED
    result: str = PENDING
    ingress_node: str = ""
    owner_node: str = ""
    replica_node: str = ""
    replication_count: int = 1
    replica_status: str = UNASSIGNED
    cluster_role: str = "primary"
    promotion_epoch: int = 0
    replication_health: str = LOCAL_ONLY
    execution_node: str = ""
    routed_remotely: bool = False
    fell_back_locally: bool = False
    error: str = ""
    declared_handler_runtime_name: str = ""

    @property
    def pending(self) -> bool:
        return self.phase not in TERMINAL_PHASES

    @property
    def attempt_token(self) -> int:
        return attempt_token(self.attempt_id)

    def with_(self, **changes) -> ContinuityRecord:
        v = list(self)
        for name, x in changes.items():
            v[_INDEX[name]] = x
        return _tuple_new(ContinuityRecord, v)


FIELDS = ContinuityRecord._fields
_INDEX = {name: i for i, name in enumerate(FIELDS)}
_tuple_new = tuple.__new__
_INTERNED = tuple(
    FIELDS.index(f)
    for f in (
        "phase",
        "result",
        "ingress_node",
        "owner_node",
        "replica_node",
        "replica_status",
        "cluster_role",
        "replication_health",
        "execution_node",
        "declared_handler_runtime_name",
    )
)
_TYPES = tuple(get_type_hints(ContinuityRecord)[f] for f in FIELDS)


_TYPE_LIST = list(_TYPES)


def attempt_id(token: int) -> str:
    return f"attempt-{token}"


def attempt_token(attempt: str) -> int:
    """The N of `attempt-<N>`; -1 for anything else (sorts before every real attempt)."""
    head, _, n = attempt.partition("-")
    return int(n) if head == "attempt" and n.isdigit() else -1


def merge_pick(local: ContinuityRecord, incoming: ContinuityRecord) -> ContinuityRecord:
    """Which of two copies of one key (same payload hash) wins (§11.4): higher epoch;
    higher attempt token; terminal phase; higher replica-status rank; higher health rank;
    else the incoming copy."""
    for rank in (_epoch, _token, _terminal, _status, _health):
        a, b = rank(local), rank(incoming)
        if a != b:
            return local if a > b else incoming
    return incoming


def _epoch(r):
    return r.promotion_epoch


def _token(r):
    return r.attempt_token


def _terminal(r):
    return 0 if r.pending else 1


def _status(r):
    return STATUS_RANK.get(r.replica_status, -1)


def _health(r):
    return HEALTH_RANK.get(r.replication_health, -1)


def field_values(r: ContinuityRecord) -> tuple:
    """The exact tuple of the field values, in `FIELDS` order (what `RecordTable` keeps)."""
    return tuple(r)


def from_values(values) -> ContinuityRecord:
    """The record of `FIELDS`-ordered values already checked (no arity check either)."""
    return _tuple_new(ContinuityRecord, values)


def to_wire(r: ContinuityRecord) -> list:
    return list(r)


def from_wire(v) -> ContinuityRecord:
    """A record from its wire array; ValueError when the shape or a field type is wrong
    (the frame table then drops the frame and logs it)."""
    if type(v) is not list or len(v) != len(FIELDS):
        raise ValueError(f"continuity record must be an array of {len(FIELDS)} fields")
    if list(map(type, v)) != _TYPE_LIST:
        for name, t, x in zip(FIELDS, _TYPES, v):
            if type(x) is not t:
                raise ValueError(f"continuity record field {name} must be {t.__name__}")
    # names, roles and states repeat across records: share one string object each
    for i in _INTERNED:
        v[i] = intern(v[i])
    r = _tuple_new(ContinuityRecord, v)
    if not r.request_key:
        raise ValueError("continuity record without request_key")
    return r
