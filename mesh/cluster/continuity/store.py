"""The continuity record store of one node (spec 07 §11.3–§11.4): a sans-IO state machine.

Inputs are method calls (local submissions and transitions, records received in
`CONT_UPSERT`/`CONT_SYNC`/`CONT_PREPARE`, the loss of a node); outputs are the return
values, the `diagnostics` ring and `upserts` — the records this node changed, which the
wire layer drains (`drain_upserts`) and broadcasts to every peer. Records received from a
peer are never re-broadcast: the mesh is full, the writer told everyone.

Every copy is stamped with the authority of the node holding it (§11.4 table), so after
a fence or a promotion all copies are re-stamped. Failures raise `ContinuityError(reason)`
with the spec's reason text.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import authority as A
from .diagnostics import Diagnostics
from .record import (
    COMPLETED,
    DEGRADED,
    DEGRADED_CONTINUING,
    HEALTHY,
    LOCAL_ONLY,
    MIRRORED,
    OWNER_LOST,
    PREPARING,
    REJECTED,
    STATUS_REJECTED,
    SUCCEEDED,
    UNASSIGNED,
    UNAVAILABLE,
    ContinuityRecord,
    attempt_id,
    merge_pick,
)
from .table import RecordTable

RETAIN_NEWEST = 10_000  # our choice (§11.4): never evict below this many records,
EVICT_AGE = 3600.0  # nor a record touched within the last hour, nor a pending one
MAX_REPLICATION = 2  # N ≥ 3 is durably rejected


class ContinuityError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SubmitDecision:
    outcome: str  # created | duplicate | conflict | rejected
    conflict_reason: str  # request_key_conflict for a conflict, else ""
    record: ContinuityRecord


class ContinuityStore:
    def __init__(
        self,
        node_name: str,
        auth: A.Authority | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.node = node_name
        self.authority = auth or A.Authority()
        self.records = RecordTable()  # key -> record; terminal ones untracked by the GC
        self.diagnostics = Diagnostics()
        self.watermark = -1  # highest attempt token seen cluster-wide
        self.upserts: list[ContinuityRecord] = []
        self._touched: dict[str, float] = {}  # key -> last transition time, oldest first
        self._next_evict = float("-inf")
        self._clock = clock

    # ---------------------------------------------------------------- queries

    def health(self) -> str:
        return A.aggregate_health(self.records.field("replication_health"))

    def status(self, key: str) -> ContinuityRecord:
        r = self.records.get(key)
        if r is None:
            raise ContinuityError("request_key_not_found")
        return r

    def listing(self) -> list[ContinuityRecord]:
        """Every record, sorted by request key then attempt id (`mesh cluster continuity`)."""
        return sorted(self.records.values(), key=lambda r: (r.request_key, r.attempt_id))

    def drain_upserts(self) -> list[ContinuityRecord]:
        out, self.upserts = self.upserts, []
        return out

    # ---------------------------------------------------------------- internals

    def _stamp(self, r: ContinuityRecord) -> ContinuityRecord:
        a = self.authority
        if r.cluster_role == a.role and r.promotion_epoch == a.epoch:
            return r
        return r.with_(cluster_role=a.role, promotion_epoch=a.epoch)

    def _put(self, r: ContinuityRecord, broadcast: bool = True) -> ContinuityRecord:
        r = self._stamp(r)
        self.records[r.request_key] = r
        self._touched.pop(r.request_key, None)  # insertion order = least recently touched first
        self._touched[r.request_key] = self._clock()
        if broadcast:
            self.upserts.append(r)
        self._evict()
        return r

    def _diag(
        self,
        transition: str,
        record: ContinuityRecord | None = None,
        reason: str | None = None,
        metadata: tuple = (),
        request_key: str | None = None,
    ) -> None:
        a = self.authority
        self.diagnostics.add(transition, a.role, a.epoch, record, reason, metadata, request_key)

    note = _diag  # diagnostics of the executors (startup work, §11.5), stamped like ours

    def _next_attempt(self) -> str:
        self.watermark += 1
        return attempt_id(self.watermark)

    def observe_watermark(self, token: int) -> None:
        if token > self.watermark:
            self.watermark = token

    def set_authority(self, auth: A.Authority) -> None:
        self.authority = auth
        self.records.restamp(auth.role, auth.epoch)

    def _evict(self) -> None:
        """Look at the records beyond the newest `RETAIN_NEWEST` (the oldest-touched ones,
        first in `_touched`). When some of them must stay (pending or recent), the next look
        waits a second, so a busy node does not rescan them on every transition. The look
        ends at the first recent record (every later one was touched later): a node
        keeping 60,000 records of the last hour does not walk them all every second."""
        excess = len(self.records) - RETAIN_NEWEST
        if excess <= 0:
            return
        now = self._clock()
        if now < self._next_evict:
            return
        old = []
        for k, t in itertools.islice(self._touched.items(), excess):
            if now - t <= EVICT_AGE:
                break
            if not self.records.is_pending(k):
                old.append(k)
        for k in old:
            del self.records[k]
            del self._touched[k]
        if len(self.records) > RETAIN_NEWEST:
            self._next_evict = now + 1.0

    # ---------------------------------------------------------------- submit

    def submit(
        self,
        key: str,
        payload_hash: str,
        *,
        ingress: str,
        owner: str,
        replica: str,
        replication_count: int,
        required_replicas: int | None = None,
        routed_remotely: bool = False,
        fell_back_locally: bool = False,
        runtime_name: str = "",
        submitter: A.Authority | None = None,
    ) -> SubmitDecision:
        """§11.4 submit: created / duplicate / conflict / rejected (durability). With
        `required_replicas` None it is N − 1 (startup work alone passes 0)."""
        sub = submitter or self.authority
        existing = self.records.get(key)
        if existing is not None:
            if existing.payload_hash != payload_hash:
                self._diag("conflict", existing, "request_key_conflict")
                return SubmitDecision("conflict", "request_key_conflict", existing)
            if not _rollover(existing, sub, owner):
                self._diag("duplicate", existing)
                return SubmitDecision("duplicate", "", existing)
        required = replication_count - 1 if required_replicas is None else required_replicas
        r = ContinuityRecord(
            key,
            payload_hash,
            self._next_attempt(),
            ingress_node=ingress,
            owner_node=owner,
            replica_node=replica,
            replication_count=replication_count,
            replica_status=PREPARING if replica else UNASSIGNED,
            replication_health=LOCAL_ONLY,
            routed_remotely=routed_remotely,
            fell_back_locally=fell_back_locally,
            declared_handler_runtime_name=runtime_name
            or (existing.declared_handler_runtime_name if existing else ""),
        )
        r = self._put(r)
        if existing is not None:
            self._diag(
                "recovery_rollover", r, None, (("previous_attempt_id", existing.attempt_id),)
            )
        else:
            self._diag("submit", r)
        if replication_count > MAX_REPLICATION:
            return SubmitDecision(
                "rejected",
                "",
                self._reject(r, f"unsupported_replication_count:{replication_count}"),
            )
        if required > 0 and not replica:
            return SubmitDecision("rejected", "", self._reject(r, "replica_required_unavailable"))
        return SubmitDecision("created", "", r)

    # ---------------------------------------------------------------- transitions

    def acknowledge_replica(self, key: str, attempt: str) -> ContinuityRecord:
        """The replica stored the prepared record: `mirrored`/`healthy` (owner side)."""
        r = self._current(key, attempt)
        if r.replica_status == MIRRORED:
            return r
        if r.replica_status != PREPARING:
            raise ContinuityError(f"transition_rejected:{r.replica_status}")
        r = self._put(r.with_(replica_status=MIRRORED, replication_health=HEALTHY))
        self._diag("replica_ack", r)
        return r

    def mark_completed(self, key: str, attempt: str, execution_node: str) -> ContinuityRecord:
        """Only the current attempt completes a record, and only once."""
        r = self.records.get(key)
        try:
            r = self._current(key, attempt)
        except ContinuityError as e:
            self._diag("completion_rejected", r, e.reason)
            raise
        r = self._put(
            r.with_(phase=COMPLETED, result=SUCCEEDED, execution_node=execution_node, error="")
        )
        self._diag("completed", r)
        return r

    def reject(
        self, key: str, attempt: str, reason: str, transition: str | None = None
    ) -> ContinuityRecord:
        """Durably reject the current attempt; `transition` is an extra diagnostic naming the
        cause first (`prepare_timeout`, `prepare_disconnected`, `prepare_write_failed`)."""
        r = self._current(key, attempt)
        if transition is not None:
            self._diag(transition, r, reason)
        return self._reject(r, reason)

    def _reject(self, r: ContinuityRecord, reason: str) -> ContinuityRecord:
        r = self._put(
            r.with_(
                phase=REJECTED,
                result=REJECTED,
                replica_status=STATUS_REJECTED,
                replication_health=UNAVAILABLE,
                error=reason,
            )
        )
        self._diag("rejected", r, reason)
        return r

    def reassign(
        self, key: str, attempt: str, owner: str, replica: str, reason: str
    ) -> ContinuityRecord:
        """Our choice (§11.6): the ingress re-places a request once when its remote owner
        could not be reached before the request was sent (`reason`): the same key under a
        new attempt with a new owner and replica (`recovery_rollover`)."""
        r = self._current(key, attempt)
        new = self._put(
            r.with_(
                attempt_id=self._next_attempt(),
                owner_node=owner,
                replica_node=replica,
                replica_status=PREPARING if replica else UNASSIGNED,
                replication_health=LOCAL_ONLY,
                routed_remotely=owner != r.ingress_node,
                fell_back_locally=owner == r.ingress_node,
                error="",
            )
        )
        self._diag("recovery_rollover", new, reason, (("previous_attempt_id", r.attempt_id),))
        return new

    def _current(self, key: str, attempt: str) -> ContinuityRecord:
        r = self.status(key)
        if not r.pending:
            raise ContinuityError(f"transition_rejected:already_{r.phase}")
        if r.attempt_id != attempt:
            raise ContinuityError("attempt_id_mismatch")
        return r

    # ---------------------------------------------------------------- from peers

    def receive(self, incoming: ContinuityRecord) -> ContinuityRecord:
        """A record from `CONT_UPSERT`/`CONT_SYNC`: fence on a higher epoch, refuse a lower
        one (`stale_promotion_epoch_rejected`), then merge with the local copy."""
        verdict, auth = A.check_epoch(self.authority, incoming.promotion_epoch)
        if verdict == A.STALE:
            self._diag("stale_epoch_rejected", incoming, A.STALE_EPOCH_ERROR)
            raise ContinuityError(A.STALE_EPOCH_ERROR)
        if verdict == A.FENCE:
            prev = self.authority
            self.set_authority(auth)
            self._diag(
                "fenced_rejoin",
                None,
                None,
                (("previous_role", prev.role), ("previous_epoch", str(prev.epoch))),
            )
        self.observe_watermark(incoming.attempt_token)
        local = self.records.get(incoming.request_key)
        if local is None:
            return self._put(incoming, broadcast=False)
        if local.payload_hash != incoming.payload_hash:
            self._diag("conflict", local, "request_key_conflict")
            return local
        # compare the incoming copy with ours as it was stamped (a fence re-stamped it)
        if merge_pick(local, incoming) is local:
            return local
        return self._put(incoming, broadcast=False)

    def accept_prepare(self, incoming: ContinuityRecord) -> ContinuityRecord:
        """`CONT_PREPARE` on the replica: it must be the named replica, then it stores the
        record (the caller acks)."""
        if incoming.replica_node != self.node:
            self._diag("replica_prepare", incoming, "replica_prepare_target_mismatch")
            raise ContinuityError("replica_prepare_target_mismatch")
        r = self.receive(incoming)
        self._diag("replica_prepare", r)
        return r

    def mirror_acked(self, key: str, attempt: str) -> ContinuityRecord | None:
        """The replica acked the prepare of `attempt`: its copy takes the owner's
        `acknowledge_replica` transition itself (mirrored/healthy, not broadcast), so the
        owner need not send it back. Nothing changes unless that attempt is pending and
        still preparing here."""
        r = self.records.get(key)
        if r is None or not r.pending or r.attempt_id != attempt or r.replica_status != PREPARING:
            return r
        return self._put(r.with_(replica_status=MIRRORED, replication_health=HEALTHY), False)

    # ---------------------------------------------------------------- node loss (§10)

    def node_lost(self, lost: str, peers_remaining: int) -> list[ContinuityRecord]:
        """Owner/replica-loss transitions of the pending records, then the automatic
        promotion check. Returns the records resubmitted under a new attempt with this node
        as owner, which the runtime must execute and complete."""
        primary = self.authority.role == A.PRIMARY
        for r in self.records.pending():
            if (
                primary
                and r.owner_node == lost
                and r.replica_node
                and r.replica_status in (PREPARING, MIRRORED)
            ):
                r = self._put(
                    r.with_(
                        replica_status=OWNER_LOST,
                        replication_health=UNAVAILABLE,
                        error=f"owner_lost:{lost}",
                    )
                )
                self._diag("owner_lost", r, r.error)
            elif primary and r.replica_status == MIRRORED and r.replica_node == lost:
                r = self._put(
                    r.with_(
                        replica_status=DEGRADED_CONTINUING,
                        replication_health=DEGRADED,
                        error=f"replica_lost:{lost}",
                    )
                )
                self._diag("degraded", r, r.error)
            elif not primary and lost in (r.owner_node, r.replica_node):
                r = self._put(
                    r.with_(replication_health=DEGRADED, error=f"replication_source_lost:{lost}")
                )
                self._diag("replication_degraded", r, r.error)
        d = A.promotion_decision(
            self.authority, self.node, lost, peers_remaining, self.records.pending()
        )
        if not d.promote:
            self._diag("automatic_promotion_rejected", None, d.reason)
            if not primary:
                return []
            # our choice (§11.4): a primary resumes the owner_lost work it mirrored
            lost_work = [
                r
                for r in self.records.pending()
                if r.replica_status == OWNER_LOST and r.replica_node == self.node
            ]
            return [self._recover(r) for r in lost_work]
        prev = self.authority
        self.set_authority(A.promoted(prev))
        self._diag(
            "automatic_promotion",
            None,
            d.reason,
            (("previous_epoch", str(prev.epoch)), ("disconnected_node", lost)),
        )
        out = []
        for c in d.candidates:
            r = self._put(
                self.records[c.request_key].with_(
                    replica_status=OWNER_LOST,
                    replication_health=UNAVAILABLE,
                    error=f"owner_lost:{lost}",
                )
            )
            self._diag("owner_lost", r, r.error)
            out.append(self._recover(r))
        return out

    def _recover(self, r: ContinuityRecord) -> ContinuityRecord:
        new = self._put(
            r.with_(
                attempt_id=self._next_attempt(),
                owner_node=self.node,
                replica_node="",
                replica_status=UNASSIGNED,
                replication_health=LOCAL_ONLY,
                error="",
            )
        )
        self._diag(
            "automatic_recovery",
            new,
            None,
            (
                ("previous_attempt_id", r.attempt_id),
                ("runtime_name", r.declared_handler_runtime_name),
            ),
        )
        return new


def _rollover(existing: ContinuityRecord, sub: A.Authority, owner: str) -> bool:
    """§11.4 retry rollover: the existing pending record lost its owner, was written as
    primary, and the new submission comes from a primary of an epoch at least the
    record's, placing it on a different owner."""
    return (
        existing.pending
        and existing.replica_status == OWNER_LOST
        and existing.cluster_role == A.PRIMARY
        and sub.role == A.PRIMARY
        and sub.epoch >= existing.promotion_epoch
        and owner != existing.owner_node
    )
