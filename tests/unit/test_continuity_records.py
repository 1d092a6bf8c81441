"""One continuity record (spec 07 §11.4): fields, attempt ids, the merge order of two
copies, and the wire form."""

import pytest

from mesh.cluster.continuity.record import (
    COMPLETED,
    FIELDS,
    HEALTH_RANK,
    REJECTED,
    STATUS_RANK,
    ContinuityRecord,
    attempt_id,
    attempt_token,
    from_wire,
    merge_pick,
    to_wire,
)


def rec(**kw):
    return ContinuityRecord(
        "startup::Work.add", "startup-payload::Work.add", **{"attempt_id": "attempt-1", **kw}
    )


def test_the_record_has_exactly_the_eighteen_fields_of_the_spec():
    assert FIELDS == (
        "request_key",
        "payload_hash",
        "attempt_id",
        "phase",
        "result",
        "ingress_node",
        "owner_node",
        "replica_node",
        "replication_count",
        "replica_status",
        "cluster_role",
        "promotion_epoch",
        "replication_health",
        "execution_node",
        "routed_remotely",
        "fell_back_locally",
        "error",
        "declared_handler_runtime_name",
    )


def test_a_new_record_is_submitted_pending_unassigned_local_only():
    r = rec()
    assert (r.phase, r.result, r.replica_status, r.replication_health, r.error) == (
        "submitted",
        "pending",
        "unassigned",
        "local_only",
        "",
    )
    assert r.pending


def test_attempt_ids_and_tokens():
    assert attempt_id(0) == "attempt-0" and attempt_token("attempt-12") == 12
    for bad in ("attempt-", "attempt-x", "try-3", "", "attempt--1"):
        assert attempt_token(bad) == -1


def test_ranks_follow_the_spec_order():
    assert sorted(STATUS_RANK, key=STATUS_RANK.get) == [
        "unassigned",
        "preparing",
        "mirrored",
        "owner_lost",
        "degraded_continuing",
        "rejected",
    ]
    assert sorted(HEALTH_RANK, key=HEALTH_RANK.get) == [
        "local_only",
        "unavailable",
        "degraded",
        "healthy",
    ]


# (losing value, winning value) per criterion, in the spec's order of precedence
CRITERIA = [
    (dict(promotion_epoch=0), dict(promotion_epoch=1)),
    (dict(attempt_id="attempt-9"), dict(attempt_id="attempt-10")),  # numeric, not textual
    (dict(phase="submitted", result="pending"), dict(phase=COMPLETED, result="succeeded")),
    (dict(replica_status="unassigned"), dict(replica_status="rejected")),
    (dict(replication_health="local_only"), dict(replication_health="healthy")),
]


@pytest.mark.parametrize("i", range(len(CRITERIA)))
@pytest.mark.parametrize("winner_is_incoming", [True, False])
def test_merge_order(i, winner_is_incoming):
    """Criterion i decides when the earlier ones tie, even though the other copy wins on
    every later criterion."""
    win, lose = {}, {}
    for lo, hi in CRITERIA[i + 1 :]:
        win.update(lo)
        lose.update(hi)
    win.update(CRITERIA[i][1])
    lose.update(CRITERIA[i][0])
    w, lo_copy = rec(**win), rec(**lose)
    local, incoming = (lo_copy, w) if winner_is_incoming else (w, lo_copy)
    assert merge_pick(local, incoming) is w


def test_merge_ties_prefer_the_incoming_copy():
    a, b = rec(error="x"), rec(error="y")
    assert merge_pick(a, b) is b and merge_pick(b, a) is a


def test_rejected_counts_as_terminal():
    pending = rec(replica_status="mirrored", replication_health="healthy")
    rejected = rec(phase=REJECTED, result=REJECTED, replica_status="unassigned")
    assert merge_pick(pending, rejected) is rejected


def test_wire_round_trip_and_validation():
    r = rec(owner_node="a@h:1", replication_count=2, promotion_epoch=3, routed_remotely=True)
    assert from_wire(to_wire(r)) == r
    w = to_wire(r)
    with pytest.raises(ValueError, match="18 fields"):
        from_wire(w[:-1])
    with pytest.raises(ValueError, match="18 fields"):
        from_wire(tuple(w))
    for i, bad in [(8, "2"), (11, True), (14, 1), (0, 5)]:
        v = list(w)
        v[i] = bad
        with pytest.raises(ValueError, match=FIELDS[i]):
            from_wire(v)
    v = list(w)
    v[0] = ""
    with pytest.raises(ValueError, match="request_key"):
        from_wire(v)
