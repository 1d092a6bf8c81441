"""Roles, promotion epochs, fencing and the automatic promotion rule (spec 07 §11.3–§11.4),
as pure functions."""

import itertools

import pytest

from mesh.cluster.continuity import authority as A
from mesh.cluster.continuity.record import (
    COMPLETED,
    DEGRADED,
    DEGRADED_CONTINUING,
    HEALTHY,
    LOCAL_ONLY,
    MIRRORED,
    OWNER_LOST,
    PREPARING,
    UNASSIGNED,
    UNAVAILABLE,
    ContinuityRecord,
)

ME, PEER = "b@[::1]:4370", "a@127.0.0.1:4370"


def test_default_authority_is_primary_at_epoch_zero():
    assert A.Authority() == A.Authority(A.PRIMARY, 0)


@pytest.mark.parametrize(
    "role, epoch", [("leader", 0), ("", 0), (A.PRIMARY, -1), (A.STANDBY, True), (A.STANDBY, 1.0)]
)
def test_invalid_authorities_are_refused(role, epoch):
    with pytest.raises(ValueError):
        A.Authority(role, epoch)


@pytest.mark.parametrize("role", A.ROLES)
@pytest.mark.parametrize("mine, theirs", list(itertools.product(range(4), range(4))))
def test_epoch_check_fences_up_refuses_down_accepts_equal(role, mine, theirs):
    auth = A.Authority(role, mine)
    verdict, after = A.check_epoch(auth, theirs)
    if theirs > mine:
        assert (verdict, after) == (A.FENCE, A.Authority(A.STANDBY, theirs))
    elif theirs < mine:
        assert (verdict, after) == (A.STALE, auth)
    else:
        assert (verdict, after) == (A.ACCEPT, auth)


def test_promotion_raises_the_epoch_and_makes_a_primary():
    assert A.promoted(A.Authority(A.STANDBY, 3)) == A.Authority(A.PRIMARY, 4)


@pytest.mark.parametrize(
    "healths, expected",
    [
        ([], LOCAL_ONLY),
        ([LOCAL_ONLY, LOCAL_ONLY], LOCAL_ONLY),
        ([LOCAL_ONLY, HEALTHY], HEALTHY),
        ([HEALTHY, DEGRADED, LOCAL_ONLY], DEGRADED),
        ([HEALTHY, DEGRADED, UNAVAILABLE], UNAVAILABLE),
        ([UNAVAILABLE], UNAVAILABLE),
    ],
)
def test_aggregate_health_is_the_worst_seen(healths, expected):
    assert A.aggregate_health(healths) == expected


def mirrored(key="k1", **kw):
    base = dict(owner_node=PEER, replica_node=ME, replica_status=MIRRORED, cluster_role=A.STANDBY)
    base.update(kw)
    return ContinuityRecord(key, "h", "attempt-0", **base)


STANDBY0 = A.Authority(A.STANDBY, 0)


def decide(records, auth=STANDBY0, peers=0):
    return A.promotion_decision(auth, ME, PEER, peers, records)


def test_a_lone_standby_with_only_mirrored_work_of_the_lost_peer_promotes():
    recs = [
        mirrored("k1"),
        mirrored("k2", replica_status=PREPARING),
        mirrored("done", phase=COMPLETED),
    ]  # terminal records do not matter
    d = decide(recs)
    assert d.promote and d.reason == f"peer_lost:{PEER}"
    assert [r.request_key for r in d.candidates] == ["k1", "k2"]


@pytest.mark.parametrize(
    "auth, peers, records, why",
    [
        (A.Authority(A.PRIMARY, 0), 0, [mirrored()], "not_standby"),
        (STANDBY0, 1, [mirrored()], "peers_remaining"),
        (STANDBY0, 0, [], "no_mirrored_state"),
        (STANDBY0, 0, [mirrored(phase=COMPLETED)], "no_mirrored_state"),
        (STANDBY0, 0, [mirrored(cluster_role=A.PRIMARY)], "no_mirrored_state"),
        (STANDBY0, 0, [mirrored(owner_node="c@h:1")], "no_mirrored_state"),
        (STANDBY0, 0, [mirrored(replica_node="c@h:1")], "no_mirrored_state"),
        (STANDBY0, 0, [mirrored(replica_status=UNASSIGNED)], "no_mirrored_state"),
        (STANDBY0, 0, [mirrored(replica_status=OWNER_LOST)], "no_mirrored_state"),
        (STANDBY0, 0, [mirrored(replica_status=DEGRADED_CONTINUING)], "no_mirrored_state"),
        (
            STANDBY0,
            0,
            [mirrored("k1"), mirrored("k2", owner_node="c@h:1")],
            "ambiguous_pending_state",
        ),
        (
            STANDBY0,
            0,
            [mirrored("k1"), mirrored("k2", cluster_role=A.PRIMARY)],
            "ambiguous_pending_state",
        ),
    ],
)
def test_promotion_is_rejected_with_the_first_failing_reason(auth, peers, records, why):
    d = decide(records, auth, peers)
    assert not d.promote and d.candidates == ()
    assert d.reason == f"automatic_promotion_rejected:{why}"
