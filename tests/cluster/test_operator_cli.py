"""`mesh cluster ...` against real node processes (spec 07 §11.9, §13; 08 §13): golden
JSON and human output, every error text, the operator never becoming a member, and the
cookie never appearing in any output."""

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

COOKIE = "op-cookie-71c9e0"
KEY = "startup::Demo.work"
MESH = [str(Path(sys.executable).with_name("mesh"))]  # the console script of this venv
ROOT = Path(__file__).resolve().parents[2]


def mesh_cluster(*args, env_cookie=COOKIE, timeout=30):
    env = {k: v for k, v in os.environ.items() if k != "MESH_CLUSTER_COOKIE"}
    env["PYTHONPATH"] = str(ROOT)
    if env_cookie is not None:
        env["MESH_CLUSTER_COOKIE"] = env_cookie
    r = subprocess.run(
        [*MESH, "cluster", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )
    assert COOKIE not in r.stdout + r.stderr
    return r.returncode, r.stdout, r.stderr


def pair(nodes):
    a, b = nodes(), nodes()
    an, bn = a.start("alpha", COOKIE), b.start("beta", COOKIE)
    assert b.cmd("set_authority standby 0") == "ok"
    assert a.cmd(f"connect {bn}") == "0"
    assert a.cmd(f"cont_submit {KEY} {an} {bn} 2").split()[2] == "mirrored"
    return a, b, an, bn


def test_status_json_and_human(nodes):
    a, b, an, bn = pair(nodes)
    rc, out, err = mesh_cluster("status", an, "--json")
    assert (rc, err) == (0, "")
    assert out == textwrap.dedent(f"""\
        {{
          "authority": {{
            "cluster_role": "primary",
            "promotion_epoch": 0,
            "replication_health": "healthy"
          }},
          "membership": {{
            "local_node": "{an}",
            "nodes": [
              "{an}",
              "{bn}"
            ],
            "peer_nodes": [
              "{bn}"
            ]
          }},
          "target": "{an}"
        }}
        """)
    rc, out, _ = mesh_cluster("status", bn, "--cookie", COOKIE, env_cookie=None)
    assert rc == 0 and out == textwrap.dedent(f"""\
        target: {bn}
        local_node: {bn}
        peer_nodes:
          - {an}
        nodes:
          - {an}
          - {bn}
        cluster_role: standby
        promotion_epoch: 0
        replication_health: healthy
        """)
    # the operator was served and closed: never a member, no nodedown noise
    assert a.cmd("list") == bn and b.cmd("list") == an


@pytest.mark.slow
def test_continuity_list_record_and_diagnostics(nodes):
    a, b, an, bn = pair(nodes)
    attempt = "attempt-0"
    rc, out, _ = mesh_cluster("continuity", bn)
    assert rc == 0 and out == textwrap.dedent(f"""\
        target: {bn}
        total_records: 1
        truncated: false
        records:
        - request_key={KEY} attempt_id={attempt} phase=submitted result=pending owner={an} replica={bn} replication_count=2 execution= declared_handler_runtime_name=Demo.work replica_status=mirrored cluster_role=standby promotion_epoch=0 replication_health=healthy error=
        """)  # noqa: E501
    rc, out, _ = mesh_cluster("continuity", an, KEY)
    assert rc == 0 and out.splitlines() == [
        f"request_key: {KEY}",
        f"attempt_id: {attempt}",
        "phase: submitted",
        "result: pending",
        f"ingress_node: {an}",
        f"owner_node: {an}",
        f"replica_node: {bn}",
        "replication_count: 2",
        "execution_node: ",
        "declared_handler_runtime_name: Demo.work",
        "replica_status: mirrored",
        "cluster_role: primary",
        "promotion_epoch: 0",
        "replication_health: healthy",
        "routed_remotely: false",
        "fell_back_locally: false",
        "error: ",
    ]
    rc, out, _ = mesh_cluster("continuity", an, KEY, "--json")
    doc = json.loads(out)
    assert sorted(doc) == ["record", "target"] and len(doc["record"]) == 18
    assert out == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert a.cmd(f"cont_submit k2 {an} - 1").startswith("created")
    rc, out, _ = mesh_cluster("continuity", an, "--json", "--limit", "1")
    doc = json.loads(out)
    assert (doc["total_records"], doc["truncated"], [r["request_key"] for r in doc["records"]]) == (
        2,
        True,
        ["k2"],
    )  # sorted by request_key: "k2" < "startup::..."
    rc, out, _ = mesh_cluster("diagnostics", an, "--json", "--limit", "2")
    doc = json.loads(out)
    assert sorted(doc) == [
        "buffer_capacity",
        "dropped_entries",
        "entries",
        "target",
        "total_entries",
        "truncated",
    ]
    assert (
        doc["buffer_capacity"],
        doc["dropped_entries"],
        doc["total_entries"],
        doc["truncated"],
    ) == (128, 0, 3, True)
    assert [(e["sequence"], e["transition"]) for e in doc["entries"]] == [
        (2, "replica_ack"),
        (3, "submit"),
    ]  # the newest two, oldest first
    assert doc["entries"][1]["replica_node"] is None  # absent values are null
    rc, out, _ = mesh_cluster("diagnostics", bn)
    lines = out.splitlines()
    assert lines[:6] == [
        f"target: {bn}",
        "total_entries: 1",
        "dropped_entries: 0",
        "buffer_capacity: 128",
        "truncated: false",
        "entries:",
    ]
    assert lines[6].startswith(f"- seq=1 transition=replica_prepare request_key={KEY} ")


@pytest.mark.slow
def test_error_texts(nodes):
    a, b, an, bn = pair(nodes)
    assert mesh_cluster("status", an, "--cookie", "wrong-cookie") == (
        1,
        "",
        f"error: operator query status target {an} unavailable: handshake failed: "
        f"cookie mismatch: authentication failed from {an}\n",
    )
    assert mesh_cluster("continuity", an, "no-such-key") == (
        1,
        "",
        f"error: operator query continuity_lookup target {an} rejected: request_key_not_found\n",
    )
    cli = "mesh"
    assert mesh_cluster("status", an, env_cookie=None) == (
        1,
        "",
        f"error: {cli} cluster: MESH_CLUSTER_COOKIE is required unless --cookie is provided\n",
    )
    assert mesh_cluster("status", an, env_cookie="  ") == (
        1,
        "",
        f"error: {cli} cluster: MESH_CLUSTER_COOKIE must not be blank\n",
    )
    assert mesh_cluster("status", an, "--cookie", " ") == (
        1,
        "",
        f"error: {cli} cluster: --cookie must not be blank\n",
    )
    assert mesh_cluster("continuity", an, KEY, "--limit", "2") == (
        1,
        "",
        f"error: {cli} cluster continuity does not accept --limit when request_key is provided\n",
    )
    assert mesh_cluster("continuity", an, " ") == (
        1,
        "",
        "error: operator query continuity_lookup invalid: request_key_missing\n",
    )
    # nothing listens: connect failed
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    rc, out, err = mesh_cluster("diagnostics", f"x@127.0.0.1:{free}")
    assert rc == 1 and err.startswith(
        f"error: operator query diagnostics target x@127.0.0.1:{free} unavailable: connect failed: "
    )
    # a listener that never answers: the timeout
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert mesh_cluster("status", f"x@127.0.0.1:{port}", "--timeout-ms", "300") == (
            1,
            "",
            f"error: operator query status target x@127.0.0.1:{port} timed out after 300ms\n",
        )
    # usage errors exit 2
    rc, _out, err = mesh_cluster("stats", an)
    assert rc == 2 and "unrecognized subcommand 'stats'" in err and "'status'" in err
    rc, _out, err = mesh_cluster("status", an, "--limit", "3")
    assert rc == 2 and "unexpected argument '--limit'" in err
    rc, _out, err = mesh_cluster("status", an, "--timeout-ms", "0")
    assert rc == 2 and "invalid value '0' for '--timeout-ms'" in err
    for n in (a, b):
        assert not any(COOKIE in ln for ln in n.stderr_lines)
    # the refused operator is logged by the node under the reserved name, never joined
    assert a.wait_stderr("authentication failed from mesh-operator-query@127.0.0.1:1")
    assert a.cmd("list") == bn


def test_members_may_not_use_the_reserved_basenames(nodes):
    a = nodes()
    an = a.start("alpha", COOKIE)
    # a would-be member (non-zero creation) under a transient client's name is refused
    for claimed in ("mesh-operator-query@127.0.0.1:1", "mesh-http-route@127.0.0.1:9"):
        assert a.cmd(f"impostor {an} {claimed} {COOKIE}") == "failed rejected: reserved node name"
    assert a.cmd("list") == "-"
