"""Observatory operator queries (issue 18): what a node answers to `mesh observatory`.

They travel over the authenticated operator channel of spec 07 §11.9 (operator.py,
operator_client.py): the Observatory is a transient client like `mesh cluster`, never a
member, and no port beyond the cluster port is opened. Kinds:

Arguments are JSON objects sent as text.

* `observe` `{"since_event": n, "since_request": n, "limit": n}` — one snapshot: the node,
  membership and authority, the process table (computed now from the node's own process
  records, plus the counters of observe_counts.py), per-peer traffic (kernel TCP
  counters of the session sockets, plus frame counts while observed) and the spawn/exit
  events and HTTP timings recorded since the given sequence numbers (observe_trace.py).
* `observe_process` `{"id": n}` — one process: links, monitors, its supervisor tree and
  the types (never the values) of the messages waiting in its mailbox.
* `observe_kill` `{"id": n}` — kill one process (reason `killed`), logged on the node's
  stderr. The UI asks for an explicit confirmation first.

`observe` and `observe_process` carry per-process messages in / out and run time counted
since the Observatory attached (observe_counts.py; nothing is counted while none is).

Replies are JSON text, like the other operator queries. The cookie is never part of any.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import sys
import time

from ..runtime.actors.context import current_node
from ..runtime.actors.process import (
    KILLED,
    KIND_MAIN,
    KIND_SUPERVISOR,
    Notice,
    is_abnormal,
    reason_text,
)
from ..runtime.values import Atom
from .observe_trace import Tracer

KINDS = ("observe", "observe_process", "observe_kill")
PROCESS_LIMIT = 5000  # process rows per snapshot (the largest mailboxes first beyond it)
MAILBOX_TYPES = 20  # message types shown per process
TCP_INFO = struct.Struct("=120xQQII")  # tcpi_bytes_acked, bytes_received, segs_out, segs_in
TCP_RTT = struct.Struct("=68xI")  # tcpi_rtt (µs)


def answer(view, kind: str, arg) -> tuple[bool, str]:
    """(True, JSON text) or (False, reason); `view` is the operator's `NodeView`."""
    node = current_node.get()
    rt = getattr(node, "cluster", None) if node is not None else None
    if rt is None or rt.name != view.name:
        return False, "observatory_unavailable"
    try:  # the argument travels as JSON text (a msgpack map would decode to a Mesh Map)
        arg = json.loads(arg) if type(arg) is str else {}
    except ValueError:
        arg = {}
    if type(arg) is not dict:
        arg = {}
    if kind == "observe":
        return True, _dumps(snapshot(node, rt, view, arg))
    pid = arg.get("id")
    p = node.procs.get(pid) if type(pid) is int else None
    if p is None or not p.alive:
        return False, "process_not_found"
    if kind == "observe_process":
        return True, _dumps({"target": view.name, "process": detail(p)})
    if p.kind == KIND_MAIN:
        return False, "refused: the main process ends the program; stop the node instead"
    _log(f"mesh observatory: operator killed {p.pid._mesh_display()} ({p.name})")
    node.kill(p, KILLED)
    return True, _dumps({"target": view.name, "killed": p.pid._mesh_display()})


def _dumps(doc: dict) -> str:
    """Compact JSON: these replies are read by the Observatory, not printed (§11.9's
    indented, sorted form costs several times more for a large process table)."""
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


def tracer_of(node, rt) -> Tracer:
    t = getattr(node, "observatory", None)
    if t is None:
        t = node.observatory = Tracer(node, rt)
    return t


# ---------------------------------------------------------------- snapshot


def snapshot(node, rt, view, arg: dict) -> dict:
    tracer = tracer_of(node, rt)
    tracer.touch()
    limit = arg.get("limit")
    limit = limit if type(limit) is int and limit > 0 else PROCESS_LIMIT
    procs = list(node.procs.values())
    queued = set(map(id, node.runq))
    counts = tracer.counters.get
    rows = [row(p, queued, counts) for p in procs if p.alive]
    by_kind: dict[str, int] = {}
    by_state: dict[str, int] = {}
    for r in rows:
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + 1
        by_state[r["state"]] = by_state.get(r["state"], 0) + 1
    total = len(rows)
    if total > limit:
        rows.sort(key=lambda r: -r["mailbox"])
        rows = rows[:limit]
    rows.sort(key=lambda r: r["id"])
    a = view.store.authority
    cpu = os.times()
    return {
        "target": view.name,
        "time": time.time(),
        "node": {
            "os_pid": os.getpid(),
            "rss_bytes": _rss(),
            "cpu_seconds": cpu.user + cpu.system,
            "process_count": total,
            "by_kind": by_kind,
            "by_state": by_state,
            "mailbox_total": sum(r["mailbox"] for r in rows),
            "python": sys.version.split()[0],
        },
        "membership": {
            "nodes": sorted(set(view.peers) | {view.name}),
            "peer_nodes": sorted(set(view.peers)),
        },
        "authority": {
            "cluster_role": a.role,
            "promotion_epoch": a.epoch,
            "replication_health": view.store.health(),
        },
        "continuity": {
            "records": len(view.store.records),
            "diagnostics": view.store.diagnostics.total,
        },
        "processes": rows,
        "processes_truncated": total > len(rows),
        "traffic": traffic(rt, tracer),
        "events": [_event_json(e) for e in tracer.events.since(_int(arg.get("since_event")))],
        "events_lost": tracer.events.lost_since(_int(arg.get("since_event"))),
        "event_seq": tracer.events.seq,
        "requests": [
            _request_json(r) for r in tracer.requests.since(_int(arg.get("since_request")))
        ],
        "request_seq": tracer.requests.seq,
    }


def _event_json(e: dict) -> dict:
    """The hooks store raw values (cheapest); text and flags are made here."""
    e["name"] = str(e["name"])
    if e["event"] == "exit":
        reason = e["reason"]
        e["reason"], e["abnormal"] = reason_text(reason), is_abnormal(reason)
        del e["parent"]
    else:
        del e["reason"]
    return e


def _request_json(r: dict) -> dict:
    r["ms"] = round(r["ms"] * 1000, 3)
    if not r["clustered"]:
        del r["executed_on"]
    return r


def _int(v) -> int:
    return v if type(v) is int and v >= 0 else 0


def state_of(p, queued: set) -> str:
    """spec 04 process states as the runtime records them (no bookkeeping of its own)."""
    if p.exiting:
        return "exiting"
    if p.mbox_waiter is not None:
        return "receive"  # waiting in `receive`
    if p.waiter is not None:
        return "waiting"  # a service call, a job, another process's exit
    if p.task is p:
        return "runnable" if id(p) in queued else "running"
    return "io"  # its own Trio task: waiting on I/O or a timer, or runnable


def _no_counts(_p) -> tuple[int, int, float, bool]:
    return (0, 0, 0.0, False)


def row(p, queued: set, counts=_no_counts) -> dict:
    """`counts(id)`: the process's (messages in, out, run seconds, run time sampled) since
    the Observatory attached (observe_counts.py)."""
    mb = p.mailbox
    n_in, n_out, run, sampled = counts(p)
    return {
        "id": p.pid.id,
        "pid": p.pid._mesh_display(),
        "kind": p.kind,
        "name": str(p.name),
        "names": list(p.names or ()),
        "state": state_of(p, queued),
        "mailbox": len(mb) if mb is not None else 0,
        "links": len(p.links or ()),
        "monitors": len(p.monitors or ()),
        "supervisor": _supervisor_id(p),
        "msgs_in": n_in,
        "msgs_out": n_out,
        "run_ms": round(run * 1000, 3),
        "run_sampled": sampled,
    }


def _supervisor_id(p) -> int | None:
    """A supervisor links to the children it starts, which it always starts after itself:
    the supervisor of `p` is the linked supervisor process with a smaller id."""
    best = None
    for q in p.links or ():
        if q.kind == KIND_SUPERVISOR and q.pid.id < p.pid.id and (best is None or q.pid.id > best):
            best = q.pid.id
    return best


# ---------------------------------------------------------------- one process


def detail(p) -> dict:
    node = p.node
    tracer = getattr(node, "observatory", None)
    d = row(p, set(map(id, node.runq)), tracer.counters.get if tracer is not None else _no_counts)
    d["links_detail"] = [_brief(q) for q in sorted(p.links or (), key=lambda q: q.pid.id)]
    d["monitored_by"] = [dict(_brief(q), ref=ref) for ref, q in (p.monitors or {}).items()]
    d["monitoring"] = [dict(_brief(q), ref=ref) for ref, q in (p.monitoring or {}).items()]
    d["trap_exit"] = bool(p.trap_exit)
    d["mailbox_types"] = [message_type(m) for m in list(p.mailbox or ())[:MAILBOX_TYPES]]
    root = p
    while True:
        up = _supervisor_id(root)
        if up is None or up not in node.procs:
            break
        root = node.procs[up]
    d["supervision"] = (
        _tree(root, p.pid.id) if root.kind == KIND_SUPERVISOR or root is not p else None
    )
    return d


def _brief(q) -> dict:
    return {
        "id": q.pid.id,
        "pid": q.pid._mesh_display(),
        "kind": q.kind,
        "name": str(q.name),
        "alive": bool(q.alive),
    }


def _tree(sup, focus: int, depth: int = 0) -> dict:
    t = _brief(sup)
    t["focus"] = sup.pid.id == focus
    if sup.kind == KIND_SUPERVISOR and depth < 8:
        kids = sorted((q for q in sup.links or () if q.pid.id > sup.pid.id), key=lambda q: q.pid.id)
        t["children"] = [_tree(q, focus, depth + 1) for q in kids]
    return t


_TYPE_NAMES = {
    str: "String",
    int: "Int",
    float: "Float",
    bool: "Bool",
    type(None): "()",
    list: "List",
    dict: "Map",
    bytes: "Bytes",
}


def message_type(m, depth: int = 0) -> str:
    """The shape of a message — its type, never its value (a mailbox may hold secrets)."""
    t = type(m)
    name = _TYPE_NAMES.get(t)
    if name is not None:
        return name
    if t is Atom:
        return ":" + m.name
    if isinstance(m, tuple):
        prefix = "Notice" if t is Notice else ""
        if depth > 2:
            return prefix + "(…)"
        return prefix + "(" + ", ".join(message_type(x, depth + 1) for x in m) + ")"
    if t.__name__ == "Pid":
        return "Pid"
    return getattr(m, "_mesh_type_name", None) or t.__name__


# ---------------------------------------------------------------- traffic


def traffic(rt, tracer: Tracer) -> list[dict]:
    """Per peer session: kernel byte counters of its socket (no counting of ours) and,
    while observed, frames in and out."""
    out = []
    for name, s in sorted(rt.sessions.items()):
        entry = {
            "peer": name,
            "alive": bool(s.alive),
            "outgoing": bool(s.outgoing),
            "queued_bytes": s.out_bytes,
            "frames_in": tracer.frames_in.get(name, 0),
            "frames_out": tracer.frames_out.get(name, 0),
        }
        entry.update(_tcp_info(s))
        out.append(entry)
    return out


def _tcp_info(s) -> dict:
    try:
        raw = s.stream.tcp.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
    except (AttributeError, OSError):
        return {}
    if len(raw) < TCP_INFO.size:
        return {}
    sent, received, segs_out, segs_in = TCP_INFO.unpack_from(raw)
    (rtt,) = TCP_RTT.unpack_from(raw)
    return {
        "bytes_out": sent,
        "bytes_in": received,
        "segments_out": segs_out,
        "segments_in": segs_in,
        "rtt_us": rtt,
    }


def _rss() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _log(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
