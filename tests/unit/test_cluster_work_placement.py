"""Placement of `@cluster` work (spec 07 §11.5 step 5, our choice): the primary owns, the
standby mirrors; the hash ring only when the roles do not name exactly one primary."""

from mesh.cluster import placement
from mesh.cluster.work import place

A, B, C = "a@127.0.0.1:1", "b@127.0.0.2:1", "c@127.0.0.3:1"
KEY = "startup::Work.add"


def test_alone_owns_without_replica():
    assert place(A, "primary", {}, [A], KEY, 2) == (A, "")


def test_primary_owns_standby_mirrors_whoever_submits():
    assert place(A, "primary", {B: "standby"}, [A, B], KEY, 2) == (A, B)
    assert place(B, "standby", {A: "primary"}, [A, B], KEY, 2) == (A, B)
    assert place(A, "primary", {B: "standby"}, [A, B], KEY, 1) == (A, "")


def test_a_peer_whose_role_is_not_known_yet_still_mirrors():
    assert place(A, "primary", {}, [A, B], KEY, 2) == (A, B)


def test_the_standby_is_preferred_as_replica():
    members = sorted([A, B, C])
    assert place(C, "primary", {A: "standby", B: "standby"}, members, KEY, 2) == (C, A)


def test_ambiguous_roles_fall_back_to_the_hash_ring():
    members = [A, B]
    want = placement.place(KEY, members, 2)
    assert place(A, "primary", {B: "primary"}, members, KEY, 2) == (want.owner, want.replica)
    assert place(A, "standby", {B: "standby"}, members, KEY, 2) == (want.owner, want.replica)
