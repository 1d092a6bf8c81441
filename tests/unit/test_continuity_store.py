"""The per-node continuity store (spec 07 §11.3–§11.4, §11.8) driven as a state machine:
submit outcomes, durability, completion rules, node loss, fencing, automatic promotion and
recovery, eviction, and the diagnostics each step leaves."""

import pytest

from mesh.cluster.continuity import authority as A, store as S
from mesh.cluster.continuity.diagnostics import CAPACITY, Diagnostics
from mesh.cluster.continuity.store import ContinuityError, ContinuityStore

P, B = "a@127.0.0.1:4370", "b@[::1]:4370"  # primary, standby
C = "c@127.0.0.3:4370"
KEY, HASH = "startup::Work.add", "startup-payload::Work.add"


def transitions(st):
    return [e.transition for e in st.diagnostics.entries]


def submit(st, key=KEY, h=HASH, owner=P, replica=B, n=2, **kw):
    return st.submit(
        key,
        h,
        ingress=kw.pop("ingress", owner),
        owner=owner,
        replica=replica,
        replication_count=n,
        runtime_name="Work.add",
        **kw,
    )


def pair():
    """A primary that submitted KEY with a mirrored replica on the standby."""
    a, b = ContinuityStore(P), ContinuityStore(B, A.Authority(A.STANDBY, 0))
    d = submit(a)
    b.accept_prepare(d.record)
    r = a.acknowledge_replica(KEY, d.record.attempt_id)
    for u in a.drain_upserts():
        b.receive(u)
    return a, b, r


# ---------------------------------------------------------------- submit


def test_a_new_key_is_created_preparing_when_a_replica_is_chosen():
    st = ContinuityStore(P)
    d = submit(st)
    r = d.record
    assert (d.outcome, d.conflict_reason) == ("created", "")
    assert (r.attempt_id, r.phase, r.result, r.replica_status, r.replication_health) == (
        "attempt-0",
        "submitted",
        "pending",
        "preparing",
        "local_only",
    )
    assert (r.cluster_role, r.promotion_epoch, r.declared_handler_runtime_name) == (
        "primary",
        0,
        "Work.add",
    )
    assert st.drain_upserts() == [r] and st.drain_upserts() == []
    assert transitions(st) == ["submit"]


def test_without_replica_a_record_is_unassigned():
    d = submit(ContinuityStore(P), replica="", n=1)
    assert (d.outcome, d.record.replica_status) == ("created", "unassigned")


def test_attempt_ids_increase_per_submission():
    st = ContinuityStore(P)
    ids = [submit(st, key=f"k{i}", n=1, replica="").record.attempt_id for i in range(3)]
    assert ids == ["attempt-0", "attempt-1", "attempt-2"]


def test_same_key_same_hash_is_a_duplicate_and_changes_nothing():
    st = ContinuityStore(P)
    first = submit(st).record
    st.drain_upserts()
    d = submit(st, owner=B, replica=P)
    assert (d.outcome, d.record) == ("duplicate", first)
    assert st.drain_upserts() == []
    assert transitions(st)[-1] == "duplicate"


def test_same_key_other_hash_is_a_conflict():
    st = ContinuityStore(P)
    first = submit(st).record
    d = submit(st, h="other")
    assert (d.outcome, d.conflict_reason, d.record) == ("conflict", "request_key_conflict", first)
    e = st.diagnostics.entries[-1]
    assert (e.transition, e.reason) == ("conflict", "request_key_conflict")


@pytest.mark.parametrize("n", [3, 4, 17])
def test_three_or_more_replicas_are_durably_rejected(n):
    st = ContinuityStore(P)
    d = submit(st, n=n)
    r = d.record
    assert d.outcome == "rejected"
    assert (r.phase, r.result, r.replica_status, r.replication_health, r.error) == (
        "rejected",
        "rejected",
        "rejected",
        "unavailable",
        f"unsupported_replication_count:{n}",
    )
    assert st.status(KEY) == r  # durable: a retry is a duplicate of the rejection
    assert submit(st, n=n).outcome == "duplicate"
    assert transitions(st) == ["submit", "rejected", "duplicate"]


def test_a_required_replica_that_does_not_exist_rejects():
    d = submit(ContinuityStore(P), replica="", n=2)
    assert (d.outcome, d.record.error) == ("rejected", "replica_required_unavailable")


def test_startup_work_alone_relaxes_n2_to_no_required_replica():
    d = submit(ContinuityStore(P), replica="", n=2, required_replicas=0)
    assert (d.outcome, d.record.replica_node, d.record.replica_status) == (
        "created",
        "",
        "unassigned",
    )
    assert d.record.replication_count == 2


# ---------------------------------------------------------------- prepare / ack / complete


def test_the_replica_must_be_the_named_one():
    a = ContinuityStore(P)
    r = submit(a, replica=C).record
    b = ContinuityStore(B, A.Authority(A.STANDBY, 0))
    with pytest.raises(ContinuityError, match="^replica_prepare_target_mismatch$"):
        b.accept_prepare(r)
    assert KEY not in b.records


def test_prepare_ack_mirrors_and_both_copies_agree_except_the_stamp():
    a, b, r = pair()
    assert (r.replica_status, r.replication_health) == ("mirrored", "healthy")
    rb = b.status(KEY)
    assert rb.with_(cluster_role="primary") == r  # each copy carries its holder's authority
    assert rb.cluster_role == "standby"
    assert "replica_prepare" in transitions(b) and "replica_ack" in transitions(a)
    assert a.health() == b.health() == "healthy"


def test_completion_only_for_the_current_attempt_and_only_once():
    a, b, r = pair()
    with pytest.raises(ContinuityError, match="^attempt_id_mismatch$"):
        a.mark_completed(KEY, "attempt-7", P)
    done = a.mark_completed(KEY, r.attempt_id, P)
    assert (done.phase, done.result, done.execution_node, done.error) == (
        "completed",
        "succeeded",
        P,
        "",
    )
    with pytest.raises(ContinuityError, match="^transition_rejected:already_completed$"):
        a.mark_completed(KEY, r.attempt_id, B)
    with pytest.raises(ContinuityError, match="^request_key_not_found$"):
        a.mark_completed("nope", "attempt-0", P)
    assert transitions(a)[-4:] == [
        "completion_rejected",
        "completed",
        "completion_rejected",
        "completion_rejected",
    ]
    # the reference fact of §11.6 for two nodes with N = 2
    for u in a.drain_upserts():
        b.receive(u)
    rb = b.status(KEY)
    assert rb.owner_node != rb.replica_node and rb.execution_node == rb.owner_node
    assert (rb.replica_status, rb.phase, rb.result) == ("mirrored", "completed", "succeeded")


def test_prepare_timeout_rejects_with_its_own_diagnostic_first():
    a = ContinuityStore(P)
    r = submit(a).record
    out = a.reject(KEY, r.attempt_id, "replica_prepare_timeout", transition="prepare_timeout")
    assert (out.phase, out.error) == ("rejected", "replica_prepare_timeout")
    assert transitions(a)[-2:] == ["prepare_timeout", "rejected"]
    with pytest.raises(ContinuityError, match="already_rejected"):
        a.mark_completed(KEY, r.attempt_id, P)


# ---------------------------------------------------------------- node loss


def test_primary_losing_the_owner_marks_owner_lost():
    a = ContinuityStore(P)
    submit(a, owner=B, replica=C, ingress=P)
    assert a.node_lost(B, peers_remaining=1) == []  # not the replica: nothing to resume
    r = a.status(KEY)
    assert (r.replica_status, r.replication_health, r.error) == (
        "owner_lost",
        "unavailable",
        f"owner_lost:{B}",
    )
    assert a.health() == "unavailable"
    assert transitions(a)[-2:] == ["owner_lost", "automatic_promotion_rejected"]


def test_primary_resumes_owner_lost_work_it_mirrored():
    """Our choice (§11.4): the primary replica of a lost owner resubmits the work."""
    a = ContinuityStore(P)
    old = submit(a, owner=B, replica=P).record
    out = a.node_lost(B, peers_remaining=0)
    assert [r.request_key for r in out] == [KEY]
    r = out[0]
    assert r.attempt_id != old.attempt_id
    assert (r.owner_node, r.replica_node, r.replica_status, r.error) == (P, "", "unassigned", "")
    assert transitions(a)[-3:] == [
        "owner_lost",
        "automatic_promotion_rejected",
        "automatic_recovery",
    ]
    assert a.diagnostics.entries[-2].reason == "automatic_promotion_rejected:not_standby"
    assert a.mark_completed(KEY, r.attempt_id, P).execution_node == P


def test_primary_losing_the_replica_continues_degraded():
    a, _b, _r = pair()
    assert a.node_lost(B, peers_remaining=0) == []
    r = a.status(KEY)
    assert (r.replica_status, r.replication_health, r.error) == (
        "degraded_continuing",
        "degraded",
        f"replica_lost:{B}",
    )
    assert a.health() == "degraded"
    assert transitions(a)[-2:] == ["degraded", "automatic_promotion_rejected"]


def test_node_loss_leaves_terminal_records_alone():
    a, _b, r = pair()
    done = a.mark_completed(KEY, r.attempt_id, P)
    a.node_lost(B, peers_remaining=0)
    assert a.status(KEY) == done


def test_standby_with_peers_remaining_only_degrades():
    _a, b, _r = pair()
    assert b.node_lost(P, peers_remaining=1) == []
    r = b.status(KEY)
    assert (r.replication_health, r.error, r.replica_status) == (
        "degraded",
        f"replication_source_lost:{P}",
        "mirrored",
    )
    assert b.authority == A.Authority(A.STANDBY, 0)
    assert b.diagnostics.entries[-1].reason == "automatic_promotion_rejected:peers_remaining"


def test_lone_standby_promotes_and_recovers_the_mirrored_work():
    _a, b, r = pair()
    out = b.node_lost(P, peers_remaining=0)
    assert b.authority == A.Authority(A.PRIMARY, 1)
    [rec] = out
    assert rec.attempt_id not in ("", r.attempt_id)
    assert (rec.owner_node, rec.replica_node, rec.cluster_role, rec.promotion_epoch) == (
        B,
        "",
        "primary",
        1,
    )
    assert transitions(b)[-4:] == [
        "replication_degraded",
        "automatic_promotion",
        "owner_lost",
        "automatic_recovery",
    ]
    promo = b.diagnostics.entries[-3]
    assert promo.reason == f"peer_lost:{P}"
    assert promo.metadata == (("previous_epoch", "0"), ("disconnected_node", P))
    recov = b.diagnostics.entries[-1]
    assert recov.metadata == (("previous_attempt_id", r.attempt_id), ("runtime_name", "Work.add"))
    done = b.mark_completed(KEY, rec.attempt_id, B)
    assert (done.owner_node, done.execution_node, done.replica_node) == (B, B, "")
    with pytest.raises(ContinuityError, match="attempt_id_mismatch|already_completed"):
        b.mark_completed(KEY, r.attempt_id, P)  # the dead owner's attempt cannot complete


def test_returning_old_primary_is_fenced_and_its_stale_records_refused():
    a, b, r = pair()
    out = b.node_lost(P, peers_remaining=0)
    done = b.mark_completed(KEY, out[0].attempt_id, B)
    # the old primary restarts with its original env (primary/0) and the same record
    old = ContinuityStore(P)
    stale = submit(old).record
    with pytest.raises(ContinuityError, match="^stale_promotion_epoch_rejected$"):
        b.receive(stale)
    assert b.status(KEY) == done and transitions(b)[-1] == "stale_epoch_rejected"
    for u in b.listing():  # CONT_SYNC from the promoted node
        old.receive(u)
    assert old.authority == A.Authority(A.STANDBY, 1)
    e = old.diagnostics.entries[-1]
    assert e.transition == "fenced_rejoin"
    assert e.metadata == (("previous_role", "primary"), ("previous_epoch", "0"))
    got = old.status(KEY)
    assert got.with_(cluster_role="primary") == done and got.cluster_role == "standby"


def test_fencing_restamps_every_local_record():
    st = ContinuityStore(P)
    submit(st, key="k1", replica="", n=1)
    remote = ContinuityStore(B, A.Authority(A.PRIMARY, 5))
    st.receive(submit(remote, key="k2", replica="", n=1).record)
    assert {(r.cluster_role, r.promotion_epoch) for r in st.records.values()} == {("standby", 5)}


def test_receive_merges_and_keeps_the_better_copy():
    a, b, r = pair()
    older = r.with_(replica_status="preparing", replication_health="local_only")
    kept = b.receive(older)
    assert kept.replica_status == "mirrored"  # higher status rank stays
    assert b.drain_upserts() == []  # nothing received is re-broadcast


def test_receive_does_not_overwrite_a_conflicting_key():
    st = ContinuityStore(P)
    mine = submit(st, replica="", n=1).record
    theirs = mine.with_(payload_hash="other", attempt_id="attempt-5")
    assert st.receive(theirs) == mine
    assert transitions(st)[-1] == "conflict"


def test_watermark_makes_attempt_ids_cluster_wide_increasing():
    a, b = ContinuityStore(P), ContinuityStore(B)
    for i in range(4):
        b.receive(submit(a, key=f"k{i}", replica="", n=1).record)
    assert submit(b, key="mine", replica="", n=1).record.attempt_id == "attempt-4"
    b.observe_watermark(41)
    assert submit(b, key="mine2", replica="", n=1).record.attempt_id == "attempt-42"


# ---------------------------------------------------------------- retry rollover


def test_retry_rollover_on_an_owner_lost_record():
    a = ContinuityStore(P)
    first = submit(a, owner=B, replica=C, ingress=P).record
    a.node_lost(B, peers_remaining=1)
    assert a.status(KEY).replica_status == "owner_lost"
    d = submit(a, owner=P, replica=C)
    assert d.outcome == "created" and d.record.attempt_id != first.attempt_id
    assert (d.record.owner_node, d.record.replica_status, d.record.error) == (P, "preparing", "")
    e = a.diagnostics.entries[-1]
    assert e.transition == "recovery_rollover"
    assert ("previous_attempt_id", first.attempt_id) in e.metadata


@pytest.mark.parametrize("why", ["same_owner", "standby_submitter", "lower_epoch"])
def test_no_rollover_without_all_conditions(why):
    a = ContinuityStore(P, A.Authority(A.PRIMARY, 2))
    submit(a, owner=B, replica=C, ingress=P)
    a.node_lost(B, peers_remaining=1)
    owner = B if why == "same_owner" else P
    sub = {
        "standby_submitter": A.Authority(A.STANDBY, 2),
        "lower_epoch": A.Authority(A.PRIMARY, 1),
    }.get(why)
    assert submit(a, owner=owner, submitter=sub).outcome == "duplicate"


# ---------------------------------------------------------------- eviction, diagnostics


def test_eviction_keeps_the_newest_and_pending_and_recent(monkeypatch):
    monkeypatch.setattr(S, "RETAIN_NEWEST", 3)
    now = [0.0]
    st = ContinuityStore(P, clock=lambda: now[0])
    for i in range(3):
        r = submit(st, key=f"old{i}", replica="", n=1).record
        st.mark_completed(r.request_key, r.attempt_id, P)
    submit(st, key="old-pending", replica="", n=1)
    now[0] = 3601.0
    for i in range(3):
        submit(st, key=f"new{i}", replica="", n=1)
    assert sorted(st.records) == ["new0", "new1", "new2", "old-pending"]


def test_nothing_is_evicted_within_the_hour(monkeypatch):
    monkeypatch.setattr(S, "RETAIN_NEWEST", 2)
    st = ContinuityStore(P, clock=lambda: 100.0)
    for i in range(5):
        r = submit(st, key=f"k{i}", replica="", n=1).record
        st.mark_completed(r.request_key, r.attempt_id, P)
    assert len(st.records) == 5


def test_diagnostics_ring_keeps_the_last_128():
    d = Diagnostics()
    for _ in range(CAPACITY + 5):
        d.add("submit", "primary", 0)
    assert d.total == CAPACITY and d.dropped == 5
    assert [e.sequence for e in d.newest(2)] == [132, 133]
    assert d.newest()[0].sequence == 6
    with pytest.raises(ValueError):
        d.add("nonsense", "primary", 0)


def test_diagnostic_entries_have_the_cli_shape():
    st = ContinuityStore(P)
    submit(st, replica="", n=1)
    j = st.diagnostics.entries[0].to_json()
    assert sorted(j) == [
        "attempt_id",
        "cluster_role",
        "execution_node",
        "metadata",
        "owner_node",
        "promotion_epoch",
        "reason",
        "replica_node",
        "replica_status",
        "replication_health",
        "request_key",
        "sequence",
        "transition",
    ]
    assert (j["sequence"], j["replica_node"], j["execution_node"], j["reason"]) == (
        1,
        None,
        None,
        None,
    )


def test_an_unproductive_eviction_scan_is_not_repeated_within_a_second(monkeypatch):
    monkeypatch.setattr(S, "RETAIN_NEWEST", 1)
    now = [0.0]
    st = ContinuityStore(P, clock=lambda: now[0])

    def done(key):
        r = submit(st, key=key, replica="", n=1).record
        st.mark_completed(key, r.attempt_id, P)

    submit(st, key="pending", replica="", n=1)
    done("d1")
    now[0] = 3599.5
    done("d2")
    now[0] = 7199.0
    submit(st, key="n1", replica="", n=1)  # scans: d1 goes, the pending record stays,
    assert sorted(st.records) == ["d2", "n1", "pending"]  # d2 is not an hour old yet
    now[0] = 7199.8
    submit(st, key="n2", replica="", n=1)  # d2 is old now, but not looked at before 7200
    assert "d2" in st.records
    now[0] = 7200.0
    submit(st, key="n3", replica="", n=1)
    assert sorted(st.records) == ["n1", "n2", "n3", "pending"]


def test_the_eviction_scan_stops_at_the_first_recent_record(monkeypatch):
    monkeypatch.setattr(S, "RETAIN_NEWEST", 2)
    now = [0.0]
    st = ContinuityStore(P, clock=lambda: now[0])
    for i in range(3):
        r = submit(st, key=f"old{i}", replica="", n=1).record
        st.mark_completed(r.request_key, r.attempt_id, P)
    now[0] = 3601.0
    for i in range(20):
        submit(st, key=f"new{i}", replica="", n=1)  # the scan at new0 evicts old0..old2

    class Counted(dict):
        read = 0

        def items(self):
            for kv in super().items():
                Counted.read += 1
                yield kv

    st._touched = Counted(st._touched)
    st._next_evict = 0.0
    submit(st, key="one-more", replica="", n=1)  # 19 over the limit, all recent
    assert Counted.read == 1 and len(st.records) == 21
