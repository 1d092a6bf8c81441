"""Roles and promotion epochs (spec 07 §11.3), as pure functions over `Authority`.

Supported topology: one primary plus one standby. An epoch only grows: a node seeing a
record of a higher epoch is fenced to `standby` at that epoch; a record of a lower epoch is
stale and rejected. The only promotion is automatic (§11.4): a standby that lost its last
peer while holding mirrored pending work of that peer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .record import (
    DEGRADED,
    HEALTHY,
    LOCAL_ONLY,
    MIRRORED,
    PREPARING,
    UNAVAILABLE,
    ContinuityRecord,
)

PRIMARY, STANDBY = "primary", "standby"
ROLES = (PRIMARY, STANDBY)
STALE_EPOCH_ERROR = "stale_promotion_epoch_rejected"

ACCEPT, FENCE, STALE = "accept", "fence", "stale"


@dataclass(frozen=True)
class Authority:
    role: str = PRIMARY
    epoch: int = 0

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown cluster role {self.role!r}")
        if type(self.epoch) is not int or self.epoch < 0:
            raise ValueError("promotion epoch must be a non-negative integer")


def check_epoch(auth: Authority, incoming_epoch: int) -> tuple[str, Authority]:
    """How a node at `auth` treats a record (upsert or sync) stamped `incoming_epoch`:
    `ACCEPT` (same epoch), `FENCE` (higher: the node becomes standby at that epoch, the
    returned authority) or `STALE` (lower: the record is rejected)."""
    if incoming_epoch > auth.epoch:
        return FENCE, Authority(STANDBY, incoming_epoch)
    if incoming_epoch < auth.epoch:
        return STALE, auth
    return ACCEPT, auth


def promoted(auth: Authority) -> Authority:
    return Authority(PRIMARY, auth.epoch + 1)


def aggregate_health(healths: Iterable[str]) -> str:
    """Authority `replication_health`: unavailable if any record is, else degraded if any
    is, else healthy if any is, else local_only (also for no records)."""
    seen = set(healths)
    for h in (UNAVAILABLE, DEGRADED, HEALTHY):
        if h in seen:
            return h
    return LOCAL_ONLY


@dataclass(frozen=True)
class PromotionDecision:
    promote: bool
    reason: str  # `peer_lost:<node>` or `automatic_promotion_rejected:<why>`
    candidates: tuple = ()  # the pending records to recover (when promoting)


def _rejected(why: str) -> PromotionDecision:
    return PromotionDecision(False, f"automatic_promotion_rejected:{why}")


def promotion_decision(
    auth: Authority,
    self_name: str,
    lost: str,
    peers_remaining: int,
    records: Iterable[ContinuityRecord],
) -> PromotionDecision:
    """Checked on every disconnect (§11.4). A standby with no remaining peers promotes when
    it holds at least one pending record that was written as standby, is owned by the lost
    node, names this node as replica and is `preparing|mirrored` — and every pending record
    it holds is such a record.

    The spec lists the reasons but not their precedence; ours is the order of the checks:
    `not_standby`, `peers_remaining`, then `no_mirrored_state` when no pending record
    qualifies, `ambiguous_pending_state` when some qualify and others do not (promoting
    would then silently drop or duplicate the others' work)."""
    if auth.role != STANDBY:
        return _rejected("not_standby")
    if peers_remaining > 0:
        return _rejected("peers_remaining")
    pending = [r for r in records if r.pending]
    candidates = tuple(r for r in pending if _recoverable(r, self_name, lost))
    if not candidates:
        return _rejected("no_mirrored_state")
    if len(candidates) != len(pending):
        return _rejected("ambiguous_pending_state")
    return PromotionDecision(True, f"peer_lost:{lost}", candidates)


def _recoverable(r: ContinuityRecord, self_name: str, lost: str) -> bool:
    return (
        r.cluster_role == STANDBY
        and r.owner_node == lost
        and r.replica_node == self_name
        and r.replica_status in (PREPARING, MIRRORED)
    )
