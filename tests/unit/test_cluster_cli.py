"""`mesh cluster` argument rules and the node's operator answers, without sockets
(spec 07 §11.9)."""

import json

import pytest

from mesh.cli import UsageError
from mesh.cluster import operator as op
from mesh.cluster.continuity.store import ContinuityStore
from mesh.tooling import cluster as C

N = "a@127.0.0.1:4370"


def test_parse_positionals_and_flags_anywhere():
    a = C.parse(["continuity", "--json", N, "k1", "--cookie=c", "--timeout-ms", "250"])
    assert (a.sub, a.node, a.key, a.json, a.cookie, a.timeout_ms, a.limit, a.kind) == (
        "continuity",
        N,
        "k1",
        True,
        "c",
        250,
        None,
        "continuity_lookup",
    )
    assert C.parse(["continuity", N, "--limit", "3"]).kind == "continuity_list"
    assert C.parse(["diagnostics", N]).timeout_ms == 5000


@pytest.mark.parametrize(
    "argv, text",
    [
        ([], "a subcommand is required"),
        (["stat", N], "unrecognized subcommand 'stat'"),
        (["status"], "the <node> argument of 'cluster status' is required"),
        (["status", N, "extra"], "unexpected argument 'extra'"),
        (["diagnostics", N, "k"], "unexpected argument 'k'"),
        (["status", N, "--limit", "2"], "unexpected argument '--limit'"),
        (["status", N, "--jsn"], "unexpected argument '--jsn'"),
        (["status", N, "--cookie"], "a value is required for '--cookie <VALUE>'"),
        (["diagnostics", N, "--limit", "0"], "invalid value '0' for '--limit'"),
        (["diagnostics", N, "--limit", "x"], "invalid value 'x' for '--limit'"),
        (["status", N, "--timeout-ms", "-5"], "invalid value '-5' for '--timeout-ms'"),
    ],
)
def test_usage_errors(argv, text):
    with pytest.raises(UsageError, match=text.replace("(", r"\(").replace("<", "<")):
        C.parse(argv)


@pytest.mark.parametrize(
    "argv, env, text",
    [
        (
            ["status", N],
            {},
            "meshc cluster: MESH_CLUSTER_COOKIE is required unless --cookie is provided",
        ),
        (
            ["status", N],
            {"MESH_CLUSTER_COOKIE": " \t"},
            "meshc cluster: MESH_CLUSTER_COOKIE must not be blank",
        ),
        (
            ["status", N, "--cookie", ""],
            {"MESH_CLUSTER_COOKIE": "x"},
            "meshc cluster: --cookie must not be blank",
        ),
        (
            ["continuity", N, "k", "--limit", "1"],
            {"MESH_CLUSTER_COOKIE": "x"},
            "meshc cluster continuity does not accept --limit when request_key is provided",
        ),
        (
            ["continuity", N, ""],
            {"MESH_CLUSTER_COOKIE": "x"},
            "operator query continuity_lookup invalid: request_key_missing",
        ),
    ],
)
def test_cli_level_failures(argv, env, text):
    with pytest.raises(C.Failure) as e:
        C.check(C.parse(argv), env, "meshc")
    assert str(e.value) == text


def test_cookie_sources():
    assert (
        C.check(C.parse(["status", N, "--cookie", " c1 "]), {"MESH_CLUSTER_COOKIE": "e"}, "mesh")
        == "c1"
    )
    assert C.check(C.parse(["status", N]), {"MESH_CLUSTER_COOKIE": "e"}, "mesh") == "e"


def view(**kw):
    st = ContinuityStore(N)
    return op.NodeView(N, kw.get("peers", []), st), st


def test_status_answer_is_the_spec_document():
    v, _st = view(peers=["b@[::1]:4370"])
    ok, text = op.answer(v, "status", None)
    assert ok and text == json.dumps(
        {
            "authority": {
                "cluster_role": "primary",
                "promotion_epoch": 0,
                "replication_health": "local_only",
            },
            "membership": {
                "local_node": N,
                "nodes": [N, "b@[::1]:4370"],
                "peer_nodes": ["b@[::1]:4370"],
            },
            "target": N,
        },
        indent=2,
        sort_keys=True,
    )


def test_lookup_list_and_diagnostics_answers():
    v, st = view()
    for k in ("k3", "k1", "k2"):
        st.submit(k, "h", ingress=N, owner=N, replica="", replication_count=1)
    assert op.answer(v, "continuity_lookup", "nope") == (False, "request_key_not_found")
    assert op.answer(v, "continuity_lookup", " ") == (False, "request_key_missing")
    ok, text = op.answer(v, "continuity_lookup", "k2")
    assert ok and json.loads(text)["record"]["attempt_id"] == "attempt-2"
    doc = json.loads(op.answer(v, "continuity_list", 2)[1])
    assert [r["request_key"] for r in doc["records"]] == ["k1", "k2"]
    assert (doc["total_records"], doc["truncated"]) == (3, True)
    doc = json.loads(op.answer(v, "continuity_list", None)[1])
    assert (len(doc["records"]), doc["truncated"]) == (3, False)
    doc = json.loads(op.answer(v, "diagnostics", 1)[1])
    assert [e["sequence"] for e in doc["entries"]] == [3] and doc["truncated"] is True
    for _ in range(130):
        st.submit("k1", "h", ingress=N, owner=N, replica="", replication_count=1)
    doc = json.loads(op.answer(v, "diagnostics", None)[1])
    assert (doc["total_entries"], doc["dropped_entries"], doc["truncated"]) == (128, 5, True)
    assert op.answer(v, "reboot", None) == (False, "unknown_query_kind:reboot")


def test_only_the_operator_name_with_creation_zero_is_transient():
    assert op.is_operator(op.OPERATOR_NAME, 0)
    assert not op.is_operator(op.OPERATOR_NAME, 7)
    assert not op.is_operator("alpha@127.0.0.1:1", 0)
    assert op.is_reserved("mesh-http-route@h:1") and not op.is_reserved("app@h:1")


def test_human_rendering_of_empty_lists():
    doc = {"target": N, "total_records": 0, "truncated": False, "records": []}
    assert C.render_human("continuity_list", doc) == (
        f"target: {N}\ntotal_records: 0\ntruncated: false\nrecords: (none)\n"
    )
    st = {
        "target": N,
        "membership": {"local_node": N, "nodes": [N], "peer_nodes": []},
        "authority": {
            "cluster_role": "primary",
            "promotion_epoch": 0,
            "replication_health": "local_only",
        },
    }
    assert "peer_nodes:\n  - (none)\nnodes:\n  - " + N in C.render_human("status", st)
    d = {
        "target": N,
        "total_entries": 1,
        "dropped_entries": 0,
        "buffer_capacity": 128,
        "truncated": False,
        "entries": [
            {
                "sequence": 1,
                "transition": "automatic_promotion",
                "reason": "peer_lost:b@h:1",
                "metadata": [{"key": "previous_epoch", "value": "0"}],
            }
        ],
    }
    out = C.render_human("diagnostics", d).splitlines()
    assert out[-2].startswith("- seq=1 transition=automatic_promotion request_key= ")
    assert out[-2].endswith(" reason=peer_lost:b@h:1")
    assert out[-1] == "    previous_epoch=0"
