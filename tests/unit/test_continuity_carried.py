"""Upserts skipped for a peer that gets the record in a frame of its own (spec 07 §11.4,
§11.6; mesh/cluster/replication.py `carried`), and the replica mirroring its own copy as
it acks a prepare (`ContinuityStore.mirror_acked`). Sans-IO: the sessions record the
frames they are given, decoded with the node codec."""

from mesh.cluster.codec import Codec
from mesh.cluster.continuity import authority as A
from mesh.cluster.continuity.record import from_wire
from mesh.cluster.continuity.store import ContinuityStore
from mesh.cluster.frames import T_CONT_UPSERT
from mesh.cluster.pids import PidTable
from mesh.cluster.replication import Replication

P, B, C = "a@127.0.0.1:1", "b@127.0.0.2:1", "c@127.0.0.3:1"
KEY = "http-route::Main.h::0123456789abcdef-1"


class RecordingSession:
    def __init__(self, codec):
        self.codec, self.alive, self.frames = codec, True, []

    def send(self, tag, body):
        self.frames.append((tag, self.codec.decode(body)))

    def upserts(self):
        """(status, phase) of every record upserted since the last call, in order; a
        frame holds one record, or several (`[record, watermark, [record, ...]]`)."""
        out = []
        for tag, fields in self.frames:
            if tag == T_CONT_UPSERT:
                out += [fields[0], *(fields[2] if len(fields) > 2 else ())]
        self.frames.clear()
        return [(r.replica_status, r.phase) for r in map(from_wire, out)]

    def frame_count(self):
        return sum(1 for tag, _ in self.frames if tag == T_CONT_UPSERT)


class ThreeNodes:
    """What `Replication` reads from a `NodeRuntime`: node a with peers b and c."""

    def __init__(self):
        self.name, self.started = P, True
        self.codec = Codec(PidTable(self))
        self.sessions = {B: RecordingSession(self.codec), C: RecordingSession(self.codec)}
        self.worker_siblings = frozenset()


def submitted(cont):
    d = cont.store.submit(
        KEY, "h", ingress=P, owner=P, replica=B, replication_count=2, runtime_name="Main.h"
    )
    assert d.outcome == "created"
    return d.record


def test_a_carried_record_is_upserted_to_the_other_peers_only():
    rt = ThreeNodes()
    cont = Replication(rt)
    cont.store.node = P
    b, c = rt.sessions[B], rt.sessions[C]
    r = submitted(cont)
    cont.carried(B, r)  # the prepare carries the submit to the replica b
    cont.flush()
    assert (b.upserts(), c.upserts()) == ([], [("preparing", "submitted")])
    acked = cont.store.acknowledge_replica(KEY, r.attempt_id)
    cont.carried(B, acked)  # b mirrored its copy as it acked
    cont.flush()
    assert (b.upserts(), c.upserts()) == ([], [("mirrored", "submitted")])
    cont.store.mark_completed(KEY, r.attempt_id, P)
    cont.flush()  # nothing carries the completion: every peer gets it
    assert b.upserts() == c.upserts() == [("mirrored", "completed")]


def test_carried_skips_only_up_to_the_carried_copy_and_only_unflushed_ones():
    rt = ThreeNodes()
    cont = Replication(rt)
    b, c = rt.sessions[B], rt.sessions[C]
    r = submitted(cont)
    acked = cont.store.acknowledge_replica(KEY, r.attempt_id)
    cont.carried(B, r)  # the submit only: the ack behind it still goes to b
    cont.flush()
    assert b.frame_count() == c.frame_count() == 1  # one frame per peer and flush
    assert b.upserts() == [("mirrored", "submitted")]
    assert c.upserts() == [("preparing", "submitted"), ("mirrored", "submitted")]
    cont.carried(B, acked)  # flushed already: nothing to skip, nothing sent again
    cont.flush()
    assert b.upserts() == c.upserts() == []


def test_the_replica_mirrors_its_copy_as_it_acks_without_broadcasting():
    a, b = ContinuityStore(P), ContinuityStore(B, A.Authority(A.STANDBY, 0))
    r = a.submit(KEY, "h", ingress=P, owner=P, replica=B, replication_count=2).record
    b.accept_prepare(r)
    before = [e.transition for e in b.diagnostics.newest()]
    m = b.mirror_acked(KEY, r.attempt_id)
    assert (m.replica_status, m.replication_health, m.cluster_role) == (
        "mirrored",
        "healthy",
        "standby",
    )
    assert b.drain_upserts() == []
    assert [e.transition for e in b.diagnostics.newest()] == before
    # the owner's transition is the same copy (each holder stamps its own authority)
    acked = a.acknowledge_replica(KEY, r.attempt_id)
    assert b.status(KEY).with_(cluster_role="primary") == acked
    # later or other attempts are left alone
    done = a.mark_completed(KEY, r.attempt_id, P)
    b.receive(done)
    assert b.mirror_acked(KEY, r.attempt_id).phase == "completed"
    assert b.mirror_acked(KEY, "attempt-9").phase == "completed"
    assert b.mirror_acked("nope", "attempt-0") is None


def test_flush_soon_sends_at_once_nothing_when_every_peer_has_the_copy():
    rt = ThreeNodes()
    cont = Replication(rt)
    r = submitted(cont)
    cont.carried(B, r)
    cont.carried(C, r)
    cont.flush_soon()  # no flusher pass is waited for (this runtime has no node at all)
    assert cont.store.upserts == [] and cont._carried == {}
    assert rt.sessions[B].frames == rt.sessions[C].frames == []
