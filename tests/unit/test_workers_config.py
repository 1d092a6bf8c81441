"""The supervisor's sans-IO decisions (docs/internals/workers.md §1–§2, §5): worker count,
identities and roles, and the off-host replica preference of `@cluster` placement."""

from __future__ import annotations

import pytest

from mesh.cluster.work import place
from mesh.runtime.workers.config import WorkersConfigError, plan, with_port, worker_count


@pytest.mark.parametrize(
    "value,expected", [(None, 1), ("", 1), (" 1 ", 1), ("3", 3), ("auto", 6), ("AUTO", 6)]
)
def test_worker_count(value, expected):
    env = {} if value is None else {"MESH_WORKERS": value}
    assert worker_count(env, cpus=6) == expected


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5", "+3"])
def test_invalid_worker_count(value):
    with pytest.raises(WorkersConfigError, match="invalid MESH_WORKERS"):
        worker_count({"MESH_WORKERS": value})


CLUSTER = {
    "MESH_CLUSTER_COOKIE": "c00kie",
    "MESH_DISCOVERY_SEED": "db.internal",
    "MESH_NODE_NAME": "api@10.0.0.5:4370",
    "MESH_CONTINUITY_ROLE": "standby",
    "MESH_CONTINUITY_PROMOTION_EPOCH": "2",
}


def test_configured_group_keeps_the_node_name_for_worker_0():
    g = plan(CLUSTER, "box", "app", 3)
    assert g.configured and g.cookie == "c00kie"
    assert [(w.name, w.host, w.port, w.role, w.epoch) for w in g.workers] == [
        ("api@10.0.0.5:4370", "10.0.0.5", 4370, "standby", 2),
        ("api-w1@10.0.0.5:4371", "10.0.0.5", 4371, "standby", 2),
        ("api-w2@10.0.0.5:4372", "10.0.0.5", 4372, "standby", 2),
    ]
    assert "c00kie" not in repr(g)


def test_primary_host_ipv6_and_derived_identity():
    env = dict(
        CLUSTER,
        MESH_NODE_NAME="",
        MESH_NODE_HOST="fd00::7",
        MESH_CONTINUITY_ROLE="",
        MESH_CONTINUITY_PROMOTION_EPOCH="",
    )
    g = plan(env, "box", "app", 2)
    assert [(w.name, w.role) for w in g.workers] == [
        ("box@[fd00::7]:4370", "primary"),
        ("box-w1@[fd00::7]:4371", "standby"),
    ]


def test_private_group_without_a_cluster_configuration():
    for env in ({}, {"MESH_DISCOVERY_SEED": "x"}):  # standalone, or an Err for main to see
        g = plan(env, "box", "my shop", 2)
        assert not g.configured and len(g.cookie) == 64
        assert [(w.name, w.role) for w in g.workers] == [
            ("my-shop-w0@127.0.0.1:0", "primary"),
            ("my-shop-w1@127.0.0.1:0", "standby"),
        ]
    assert plan({}, "box", "a", 1).cookie != plan({}, "box", "a", 1).cookie
    assert with_port("my-shop-w1@127.0.0.1:0", 40123) == "my-shop-w1@127.0.0.1:40123"


def test_ports_beyond_65535_are_refused():
    with pytest.raises(WorkersConfigError, match="cluster ports"):
        plan(
            dict(CLUSTER, MESH_CLUSTER_PORT="65535", MESH_NODE_NAME="api@10.0.0.5:65535"),
            "box",
            "app",
            2,
        )


def test_replica_prefers_a_standby_of_another_host():
    roles = {"p-w1@a:2": "standby", "s@b:1": "standby", "s-w1@b:2": "standby"}
    members = sorted(["p@a:1", *roles])
    owner, replica = place("p@a:1", "primary", roles, members, "k", 2, frozenset({"p-w1@a:2"}))
    assert owner == "p@a:1" and replica in ("s@b:1", "s-w1@b:2")
    # one host only: a sibling is the replica
    owner, replica = place(
        "p@a:1",
        "primary",
        {"p-w1@a:2": "standby"},
        ["p-w1@a:2", "p@a:1"],
        "k",
        2,
        frozenset({"p-w1@a:2"}),
    )
    assert (owner, replica) == ("p@a:1", "p-w1@a:2")
