"""`RecordTable` (mesh/cluster/continuity/table.py): the store's records as a mapping whose
terminal records the cyclic GC stops tracking, with the same reads as the dict it replaced."""

import gc

from mesh.cluster.continuity import authority as A
from mesh.cluster.continuity.record import COMPLETED, ContinuityRecord, to_wire
from mesh.cluster.continuity.store import ContinuityStore
from mesh.cluster.continuity.table import RecordTable

P, B = "a@127.0.0.1:4370", "b@127.0.0.2:4370"


def completed_store(n: int) -> ContinuityStore:
    st = ContinuityStore(P)
    for i in range(n):
        d = st.submit(f"k{i}", f"h{i}", ingress=P, owner=P, replica=B, replication_count=2)
        st.acknowledge_replica(f"k{i}", d.record.attempt_id)
        st.mark_completed(f"k{i}", d.record.attempt_id, P)
    return st


def test_terminal_records_are_not_tracked_by_the_gc_after_a_collection():
    st = completed_store(50)
    d = st.submit("open", "h", ingress=P, owner=P, replica=B, replication_count=2)
    gc.collect()
    done = st.records._done
    assert len(done) == 50 and not any(gc.is_tracked(t) for t in done.values())
    # the pending record is an object, read as it was stored
    assert st.records["open"] is d.record and st.records.pending() == [d.record]


def test_reads_rebuild_equal_records_and_the_wire_form_is_unchanged():
    st = completed_store(3)
    r = st.records["k1"]
    assert type(r) is ContinuityRecord and r.phase == COMPLETED and r.execution_node == P
    assert st.records.get("k1") == r and st.records.get("nope") is None
    assert to_wire(r)[:3] == ["k1", "h1", r.attempt_id] and len(to_wire(r)) == 18
    assert sorted(st.records) == ["k0", "k1", "k2"] and len(st.records) == 3
    assert "k2" in st.records and "nope" not in st.records
    assert [x.request_key for x in st.listing()] == ["k0", "k1", "k2"]


def test_a_completed_record_moves_out_of_the_pending_set_and_deletes_cleanly():
    t = RecordTable()
    r = ContinuityRecord("k", "h", "attempt-0")
    t["k"] = r
    assert t.is_pending("k")
    t["k"] = r.with_(phase=COMPLETED)
    assert not t.is_pending("k") and t.pending() == [] and t["k"].phase == COMPLETED
    del t["k"]
    assert len(t) == 0 and "k" not in t


def test_fencing_restamps_terminal_and_pending_copies():
    st = completed_store(2)
    st.submit("open", "h", ingress=P, owner=P, replica=B, replication_count=2)
    st.set_authority(A.Authority(A.STANDBY, 3))
    assert {(r.cluster_role, r.promotion_epoch) for r in st.records.values()} == {(A.STANDBY, 3)}
    assert st.health() == "healthy"  # from the completed records' replication_health
