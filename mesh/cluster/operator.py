"""Operator queries (spec 07 §11.9): what a node answers to `mesh cluster ...`.

A transient client authenticates with the cookie under the reserved name
`mesh-operator-query@127.0.0.1:1` and creation 0, sends one `OPERATOR_QUERY
[kind, argument]`, gets one `OPERATOR_REPLY [ok, text]` and is closed; it is never
registered, so it never appears in membership, monitors or `Node.list()` (§5).
`text` is the JSON document of §11.9 when `ok`, else the rejection reason
(`request_key_not_found`, ...). JSON travels as text so the CLI prints exactly what the
node built, and `None` needs no codec extension.

`answer` is pure over a `NodeView` (no sockets), which the tests drive directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .continuity.diagnostics import CAPACITY
from .continuity.record import FIELDS, ContinuityRecord, to_wire
from .continuity.store import ContinuityStore

OPERATOR_BASENAME = "mesh-operator-query"
OPERATOR_NAME = f"{OPERATOR_BASENAME}@127.0.0.1:1"
RESERVED_BASENAMES = (OPERATOR_BASENAME, "mesh-http-route")
KINDS = ("status", "continuity_lookup", "continuity_list", "diagnostics")
OBSERVATORY_KINDS = ("observe", "observe_process", "observe_kill")  # observe.py
QUERY_LIMIT = 65536  # bytes of the one query frame a transient client may send


def is_operator(name: str, creation: int) -> bool:
    return creation == 0 and name.partition("@")[0] == OPERATOR_BASENAME


def is_reserved(name: str) -> bool:
    return name.partition("@")[0] in RESERVED_BASENAMES


def dumps(doc) -> str:
    """§11.9: 2-space indent, keys sorted at every level, non-ASCII unescaped."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)


def record_json(r: ContinuityRecord) -> dict:
    return dict(zip(FIELDS, to_wire(r)))


@dataclass(frozen=True)
class NodeView:
    name: str
    peers: list[str]
    store: ContinuityStore


def answer(view: NodeView, kind, arg) -> tuple[bool, str]:
    """(True, JSON text) or (False, reason) for one query."""
    if kind in OBSERVATORY_KINDS:  # imported on first use: unobserved nodes never load it
        from . import observe

        return observe.answer(view, kind, arg)
    st = view.store
    target = view.name
    if kind == "status":
        a = st.authority
        return True, dumps(
            {
                "authority": {
                    "cluster_role": a.role,
                    "promotion_epoch": a.epoch,
                    "replication_health": st.health(),
                },
                "membership": {
                    "local_node": target,
                    "nodes": sorted(set(view.peers) | {target}),
                    "peer_nodes": sorted(set(view.peers)),
                },
                "target": target,
            }
        )
    if kind == "continuity_lookup":
        if type(arg) is not str or not arg.strip():
            return False, "request_key_missing"
        r = st.records.get(arg)
        if r is None:
            return False, "request_key_not_found"
        return True, dumps({"record": record_json(r), "target": target})
    limit = arg if type(arg) is int and arg > 0 else None
    if kind == "continuity_list":
        recs = st.listing()
        shown = recs if limit is None else recs[:limit]
        return True, dumps(
            {
                "records": [record_json(r) for r in shown],
                "target": target,
                "total_records": len(recs),
                "truncated": len(shown) < len(recs),
            }
        )
    if kind == "diagnostics":
        d = st.diagnostics
        shown = d.newest(limit)
        return True, dumps(
            {
                "buffer_capacity": CAPACITY,
                "dropped_entries": d.dropped,
                "entries": [e.to_json() for e in shown],
                "target": target,
                "total_entries": d.total,
                "truncated": d.dropped > 0 or len(shown) < d.total,
            }
        )
    return False, f"unknown_query_kind:{kind}"
