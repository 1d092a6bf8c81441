"""Continuity records on the wire (spec 07 §11.3–§11.4): the component that connects the
sans-IO `continuity.store.ContinuityStore` to the sessions.

Every local transition is broadcast as `CONT_UPSERT` to all peers (`flush`, called after
each store call), except to a peer that gets the same copy in a frame of its own (a
prepare, a route query or reply: `carried`) or makes the transition itself (the replica
mirrors its copy as it acks a prepare); a new session gets a `CONT_SYNC` snapshot; a record received from a peer
goes through the store's fencing and merge; `prepare` asks the named replica to store a
record (`CONT_PREPARE`, ≤ 5 s); the disconnect procedure runs `node_lost`.

The authority (role, epoch) lives in the store: `NodeRuntime.role`/`epoch` read and write
it. `NODE_INFO` carries it to each new peer, and again to every peer whenever fencing or
promotion changes it; the peers' announced authorities (`peer_roles`) drive the placement
of `@cluster` work (owner = the primary, §11.5). `NODE_INFO` itself never fences: §11.3
fences on records only, so a node whose env claims a higher epoch but holds no records
demotes nobody.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import trio

from .continuity import wire
from .continuity.authority import ROLES, STANDBY, Authority
from .continuity.record import ContinuityRecord, from_wire
from .continuity.store import ContinuityError, ContinuityStore
from .frames import (
    T_CONT_PREPARE,
    T_CONT_PREPARE_ACK,
    T_CONT_SYNC,
    T_CONT_UPSERT,
    T_NODE_INFO,
    FrameTable,
)
from .session import log

PREPARE_TIMEOUT = 5.0


RecoverHook = Callable[[list[ContinuityRecord]], list[ContinuityRecord]]


class Replication:
    def __init__(self, rt):
        self.rt = rt
        self.store = ContinuityStore("")
        self.peer_roles: dict[str, str] = {}  # peer name -> role announced in NODE_INFO
        # The executors' seam (`@cluster` work, clustered routes): each hook gets the records
        # this node must now execute after a promotion or recovery and returns those it
        # does not run. What no hook runs stays pending for the low-level API
        # (`Continuity.mark_completed`, §11.7).
        self.recover_hooks: list[RecoverHook] = []
        self._req = itertools.count(1)
        self._prepares: dict[int, list] = {}  # request id -> [trio.Event, error | None]
        # id of an unflushed upsert (held in `store.upserts`) -> peers it is not sent to
        self._carried: dict[int, set[str]] = {}
        self._due: trio.Event | None = None  # set: `_flusher` flushes at its next pass

    def register_frames(self, table: FrameTable) -> None:
        table.register(T_CONT_UPSERT, self._on_upsert)
        table.register(T_CONT_SYNC, self._on_sync)
        table.register(T_CONT_PREPARE, self._on_prepare)
        table.register(T_CONT_PREPARE_ACK, self._on_prepare_ack)

    @property
    def authority(self) -> Authority:
        return self.store.authority

    def set_authority(self, role: str, epoch: int) -> None:
        prev = self.store.authority
        self.store.set_authority(Authority(role, epoch))
        self._announce_if_changed(prev)

    def _announce_if_changed(self, prev: Authority) -> None:
        if self.store.authority != prev and self.rt.sessions:
            self.rt.broadcast(T_NODE_INFO, self.rt.node_info())

    def observe_peer(self, name: str, role, epoch) -> None:
        """A peer's `NODE_INFO` (its authority at greeting time or after a change)."""
        if role in ROLES and type(epoch) is int:
            self.peer_roles[name] = role

    def flush(self) -> None:
        """Broadcast what the store changed since the last flush, except to a peer that
        already got a copy in another frame (`carried`): one `CONT_UPSERT` per peer with
        its records in order (the same frame for peers that get the same ones)."""
        ups = self.store.drain_upserts()
        carried, self._carried = self._carried, {}
        sessions = self.rt.sessions
        if not ups or not sessions:
            return
        if not carried:
            groups = {tuple(range(len(ups))): list(sessions.values())}
        else:
            groups = {}
            for name, s in sessions.items():
                mine = tuple(
                    i
                    for i, r in enumerate(ups)
                    if (skip := carried.get(id(r))) is None or name not in skip
                )
                if mine:
                    groups.setdefault(mine, []).append(s)
        w = self.store.watermark
        for mine, peers in groups.items():
            body = self.rt.codec.encode(wire.upserts([ups[i] for i in mine], w))
            for s in peers:
                s.send(T_CONT_UPSERT, body)

    def flush_soon(self) -> None:
        """`flush` at the next scheduler pass, for transitions nothing waits on (the
        completion of a clustered request, §11.4 asks no acknowledgement of an upsert):
        the requests completing in one pass leave in one frame per peer."""
        ups, carried, sessions = self.store.upserts, self._carried, self.rt.sessions
        if all((skip := carried.get(id(r))) is not None and skip.issuperset(sessions) for r in ups):
            self.flush()  # nothing to send (e.g. a route reply carried it): no pass to wait
            return
        due = self._due
        if due is not None:
            due.set()
            return
        self.flush()
        if self.rt.started and self.rt.node.sys_nursery is not None:
            self._due = trio.Event()
            self.rt.node.sys_nursery.start_soon(self._flusher, name="mesh-continuity-flush")

    async def _flusher(self) -> None:
        while (due := self._due) is not None:
            await due.wait()
            self._due = trio.Event()
            try:
                self.flush()
            except Exception as e:  # in the system nursery an escaping error ends the node
                log(f"mesh continuity: upsert flush failed: {type(e).__name__}: {e}")

    def carried(self, peer: str, record: ContinuityRecord) -> None:
        """`peer` gets `record` in a frame of its own (a `CONT_PREPARE`, a route query or
        reply), or made the same transition itself (a replica acking a prepare): the
        unflushed upserts of its key up to `record` are not broadcast to `peer`. Every
        peer still holds every transition's outcome, one frame fewer per hop (§11.4: the
        copy it would have received is the one it has)."""
        ups = self.store.upserts
        for i in range(len(ups) - 1, -1, -1):
            if ups[i] is record:
                break
        else:
            return  # flushed already (or never a local transition): nothing to skip
        key = record.request_key
        marks = self._carried
        for r in ups[: i + 1]:
            if r.request_key == key:
                marks.setdefault(id(r), set()).add(peer)

    def send_to(self, peer: str, record: ContinuityRecord) -> None:
        """Upsert `record` to `peer` alone: the frame that was to carry it failed."""
        s = self.rt.sessions.get(peer)
        if s is not None:
            s.send(T_CONT_UPSERT, self.rt.codec.encode(wire.upsert(record, self.store.watermark)))

    # ---------------------------------------------------------------- lifecycle

    def session_up(self, s) -> None:
        st = self.store
        s.send(T_CONT_SYNC, self.rt.codec.encode(wire.sync(st.listing(), st.watermark)))

    def node_down(self, name: str) -> None:
        for ev in self._prepares.values():  # a prepare to the lost replica fails at once
            if ev[2] == name:
                ev[1] = "prepare_disconnected"
                ev[0].set()
        self.peer_roles.pop(name, None)
        prev = self.store.authority
        out = self.store.node_lost(name, self._takeover_peers())
        for hook in self.recover_hooks:
            if out:
                out = hook(out)
        self.flush()
        self._announce_if_changed(prev)

    def _takeover_peers(self) -> int:
        """The "remaining peers" of the promotion rule (§11.4). For a worker
        (docs/internals/workers.md §5) only peers that could own the work count: neither its
        own host's workers nor announced standbys, so losing the primary host — or only
        its worker 0 — lets the replica worker promote itself."""
        siblings = self.rt.worker_siblings
        if not siblings:
            return len(self.rt.sessions)
        roles = self.peer_roles
        return sum(1 for n in self.rt.sessions if n not in siblings and roles.get(n) != STANDBY)

    # ---------------------------------------------------------------- prepare (owner side)

    async def prepare(self, r: ContinuityRecord) -> str:
        """Mirror `r` on its replica: `""` once acked, else the reason (the record is then
        rejected with it): `replica_prepare_timeout`, `prepare_disconnected`, or the
        replica's refusal. When this node is the named replica (it accepted work that the
        placement gave to another owner), its own store already holds the copy."""
        s = self.rt.sessions.get(r.replica_node)
        if r.replica_node == self.rt.name and self.rt.started:
            reason = ""
        elif s is None or not s.alive:
            reason = "replica_required_unavailable"
        else:
            req = next(self._req)
            slot = self._prepares[req] = [trio.Event(), None, r.replica_node]
            s.send(T_CONT_PREPARE, self.rt.codec.encode(wire.prepare(req, r)))
            # the prepare carries the submit of `r` to the replica; other peers' upserts go
            # out behind it: only one frame of a burst is written at once, so the
            # replica's ack comes sooner
            self.carried(r.replica_node, r)
            self.flush()
            with trio.move_on_after(PREPARE_TIMEOUT):
                await slot[0].wait()
            del self._prepares[req]
            reason = "replica_prepare_timeout" if slot[1] is None else slot[1]
        try:
            if reason:
                transition = {
                    "replica_prepare_timeout": "prepare_timeout",
                    "prepare_disconnected": "prepare_disconnected",
                }.get(reason)
                self.store.reject(r.request_key, r.attempt_id, reason, transition)
            else:
                acked = self.store.acknowledge_replica(r.request_key, r.attempt_id)
                if r.replica_node != self.rt.name:
                    self.carried(r.replica_node, acked)  # mirrored its copy as it acked
        except ContinuityError as e:  # completed or rolled over meanwhile
            reason = reason or e.reason
        self.flush()
        return reason

    # ---------------------------------------------------------------- incoming frames

    def _receive(self, s, recs: list[ContinuityRecord], watermark: int) -> None:
        prev = self.store.authority
        self.store.observe_watermark(watermark)
        for r in recs:
            try:
                self.store.receive(r)
            except ContinuityError as e:
                log(
                    f"mesh continuity: record {r.request_key} from {s.peer_name} "
                    f"rejected: {e.reason}"
                )
        self._announce_if_changed(prev)  # fenced by one of them

    def _on_upsert(self, s, record, watermark, more=None):
        recs = [from_wire(record)]
        if more is not None:
            recs += wire.records(more)
        self._receive(s, recs, wire.watermark(watermark))

    def _on_sync(self, s, records, watermark):
        self._receive(s, wire.records(records), wire.watermark(watermark))

    def _on_prepare(self, s, req, record):
        try:
            r = self.store.accept_prepare(from_wire(record))
            error = ""
        except ContinuityError as e:
            error = e.reason
        s.send(T_CONT_PREPARE_ACK, self.rt.codec.encode(wire.prepare_ack(req, error)))
        if not error:
            # the owner's copy becomes mirrored when this ack arrives; ours does now, and
            # the owner does not upsert that transition back to us (`carried`)
            self.store.mirror_acked(r.request_key, r.attempt_id)

    def _on_prepare_ack(self, s, req, error):
        slot = self._prepares.get(req)
        if slot is not None and slot[2] == s.peer_name and type(error) is str:
            slot[1] = error
            slot[0].set()
