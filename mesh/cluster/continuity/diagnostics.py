"""The diagnostics ring buffer (spec 07 §11.8): the last 128 entries of a node, sequence
numbers from 1, evictions counted in `dropped`. An entry snapshots the record (if any) at
the moment of the transition; absent values are None (`null` in `mesh cluster --json`)."""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from .record import ContinuityRecord

CAPACITY = 128

TRANSITIONS = frozenset(
    (
        "submit",
        "duplicate",
        "conflict",
        "replica_prepare",
        "replica_ack",
        "completed",
        "completion_rejected",
        "rejected",
        "owner_lost",
        "degraded",
        "replication_degraded",
        "recovery_rollover",
        "promote",
        "fenced_rejoin",
        "stale_epoch_rejected",
        "prepare_timeout",
        "prepare_disconnected",
        "prepare_write_failed",
        "automatic_promotion",
        "automatic_promotion_rejected",
        "automatic_recovery",
        "automatic_recovery_rejected",
        # startup work (§11.5)
        "startup_registered",
        "startup_trigger",
        "startup_dispatch_window",
        "startup_completed",
        "startup_rejected",
        "startup_fenced",
        "startup_skipped",
    )
)


class DiagnosticEntry(NamedTuple):
    """A named tuple, not a frozen dataclass: several are made per clustered request, and
    a tuple is built ~8x faster."""

    sequence: int
    transition: str
    cluster_role: str | None
    promotion_epoch: int | None
    request_key: str | None = None
    attempt_id: str | None = None
    owner_node: str | None = None
    replica_node: str | None = None
    execution_node: str | None = None
    replica_status: str | None = None
    replication_health: str | None = None
    reason: str | None = None
    metadata: tuple = ()  # ((key, value), ...) in insertion order

    def to_json(self) -> dict:
        """The object of `mesh cluster diagnostics --json` (§11.9)."""
        return {
            "attempt_id": self.attempt_id,
            "cluster_role": self.cluster_role,
            "execution_node": self.execution_node,
            "metadata": [{"key": k, "value": v} for k, v in self.metadata],
            "owner_node": self.owner_node,
            "promotion_epoch": self.promotion_epoch,
            "reason": self.reason,
            "replica_node": self.replica_node,
            "replica_status": self.replica_status,
            "replication_health": self.replication_health,
            "request_key": self.request_key,
            "sequence": self.sequence,
            "transition": self.transition,
        }


class Diagnostics:
    def __init__(self, capacity: int = CAPACITY):
        self.capacity = capacity
        self.entries: deque[DiagnosticEntry] = deque(maxlen=capacity)
        self.dropped = 0
        self._seq = 0

    def add(
        self,
        transition: str,
        role: str,
        epoch: int,
        record: ContinuityRecord | None = None,
        reason: str | None = None,
        metadata: tuple = (),
        request_key: str | None = None,
    ) -> DiagnosticEntry:
        """`request_key` names the work of an entry that has no record (yet), e.g.
        `startup_skipped`."""
        if transition not in TRANSITIONS:
            raise ValueError(f"unknown diagnostic transition {transition!r}")
        self._seq += 1
        if record is None:
            e = DiagnosticEntry(
                self._seq,
                transition,
                role,
                epoch,
                request_key,
                reason=reason,
                metadata=tuple(metadata),
            )
        else:
            e = DiagnosticEntry(
                self._seq,
                transition,
                role,
                epoch,
                record.request_key,
                record.attempt_id,
                record.owner_node or None,
                record.replica_node or None,
                record.execution_node or None,
                record.replica_status,
                record.replication_health,
                reason,
                tuple(metadata),
            )
        if len(self.entries) == self.capacity:
            self.dropped += 1
        self.entries.append(e)
        return e

    @property
    def total(self) -> int:
        return len(self.entries)

    def newest(self, limit: int | None = None) -> list[DiagnosticEntry]:
        """The newest `limit` entries (all when None), oldest first."""
        items = list(self.entries)
        return items if limit is None else items[max(0, len(items) - limit) :]
