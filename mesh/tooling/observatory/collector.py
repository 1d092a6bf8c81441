"""The Observatory's view of a cluster: it polls every known node with the operator
queries of mesh/cluster/observe.py and folds the answers into one state document that
the web UI renders.

Nodes are found through the node named on the command line (its membership), then
through every node that answers; a node once seen stays listed, so one that dies shows as
unhealthy instead of vanishing. Each node is dialled on its own cluster port as a
transient operator client (spec 07 §11.9): the Observatory never joins the cluster.

The cookie lives in `Collector._cookie` only; no state, log line or error built here
contains it.
"""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass, field

import trio

from mesh.cluster import operator_client as oc

EVENTS_KEPT = 400  # merged spawn/exit events sent to the UI
CRASHES_KEPT = 100  # abnormal exits, kept apart: a busy node's spawns must not push them out
REQUESTS_KEPT = 300  # merged HTTP timings sent to the UI
LOG_KEPT = 100  # operator actions (kills) shown in the UI


class QueryFailed(Exception):
    """An operator query failed: `str(e)` is the §11.9-style message (never the cookie)."""


@dataclass
class NodeState:
    name: str
    health: str = "unknown"  # healthy | unhealthy | unknown
    error: str = ""
    last_ok: float = 0.0
    os_pid: int | None = None
    snap: dict = field(default_factory=dict)
    since_event: int = 0
    since_request: int = 0
    cpu_pct: float = 0.0
    rates: dict = field(default_factory=dict)  # peer -> {bytes_in/s, ...}
    _prev: tuple | None = None  # (time, cpu, {peer: counters})


class Collector:
    def __init__(self, seed: str, cookie: str, interval: float, timeout: float):
        self.seed = seed
        self._cookie = cookie
        self.interval = interval
        self.timeout = timeout
        self.nodes: dict[str, NodeState] = {seed: NodeState(seed)}
        self.events: deque = deque(maxlen=EVENTS_KEPT)
        self.crashes: deque = deque(maxlen=CRASHES_KEPT)
        self.events_lost = 0  # evicted from a node's ring between two polls
        self.requests: deque = deque(maxlen=REQUESTS_KEPT)
        self.log: deque = deque(maxlen=LOG_KEPT)
        self.rounds = 0
        self.changed = trio.Event()

    async def query(self, node: str, kind: str, arg: dict) -> dict:
        where = f"operator query {kind} target {node}"
        try:
            with trio.fail_after(self.timeout):
                ok, text = await oc.query(node, self._cookie, kind, json.dumps(arg))
        except trio.TooSlowError:
            raise QueryFailed(f"{where} timed out after {int(self.timeout * 1000)}ms") from None
        except oc.Unavailable as e:
            raise QueryFailed(f"{where} unavailable: {e}") from None
        except oc.ReplyDecodeError as e:
            raise QueryFailed(f"{where} decode failed: {e}") from None
        if not ok:
            raise QueryFailed(f"{where} rejected: {text}")
        try:
            doc = json.loads(text)
        except ValueError as e:
            raise QueryFailed(f"{where} decode failed: {e}") from None
        return doc

    # ---------------------------------------------------------------- polling

    async def run(self) -> None:
        while True:
            await self.poll_once()
            await trio.sleep(self.interval)

    async def poll_once(self) -> None:
        async with trio.open_nursery() as n:
            for st in list(self.nodes.values()):
                n.start_soon(self._poll_node, st)
        self.rounds += 1
        self.changed.set()
        self.changed = trio.Event()

    async def _poll_node(self, st: NodeState) -> None:
        arg = {"since_event": st.since_event, "since_request": st.since_request}
        try:
            snap = await self.query(st.name, "observe", arg)
        except QueryFailed as e:
            st.health, st.error = "unhealthy", str(e)
            return
        now = time.time()
        node = snap.get("node", {})
        if node.get("os_pid") != st.os_pid:  # first answer, or the node was restarted
            st.os_pid, st._prev = node.get("os_pid"), None
        st.health, st.error, st.last_ok, st.snap = "healthy", "", now, snap
        st.since_event, st.since_request = snap.get("event_seq", 0), snap.get("request_seq", 0)
        for e in snap.get("events", ()):
            e = dict(e, node=st.name)
            self.events.append(e)
            if e.get("abnormal"):
                self.crashes.append(e)
        if arg["since_event"]:  # not on the first answer: older history is not "lost"
            self.events_lost += snap.get("events_lost", 0)
        for r in snap.get("requests", ()):
            self.requests.append(dict(r, node=st.name))
        self._rates(st, now, node.get("cpu_seconds", 0.0), snap.get("traffic", ()))
        for name in snap.get("membership", {}).get("nodes", ()):
            if name not in self.nodes:
                self.nodes[name] = NodeState(name)

    def _rates(self, st: NodeState, now: float, cpu: float, traffic) -> None:
        counters = {t["peer"]: t for t in traffic}
        prev, st._prev = st._prev, (now, cpu, counters)
        if prev is None:
            return
        dt = max(now - prev[0], 1e-6)
        st.cpu_pct = round(max(0.0, cpu - prev[1]) / dt * 100, 1)
        rates = {}
        for peer, t in counters.items():
            p = prev[2].get(peer)
            if p is None:
                continue
            rates[peer] = {
                k + "_per_s": round(max(0, t.get(k, 0) - p.get(k, 0)) / dt, 1)
                for k in ("bytes_in", "bytes_out", "frames_in", "frames_out")
            }
        st.rates = rates

    # ---------------------------------------------------------------- actions

    async def detail(self, node: str, pid_id: int) -> dict:
        if node not in self.nodes:
            raise QueryFailed(f"unknown node {node}")
        return await self.query(node, "observe_process", {"id": pid_id})

    async def kill(self, node: str, pid_id: int, pid_text: str, name: str) -> dict:
        """Kill one process (the UI confirmed); logged here and on the node."""
        entry = {"t": time.time(), "action": "kill", "node": node, "pid": pid_text, "name": name}
        try:
            if node not in self.nodes:
                raise QueryFailed(f"unknown node {node}")
            await self.query(node, "observe_kill", {"id": pid_id})
            entry["outcome"] = "killed"
        except QueryFailed as e:
            entry["outcome"] = f"failed: {e}"
        self.log.append(entry)
        print(f"observatory: kill {pid_text} ({name}) on {node}: {entry['outcome']}", flush=True)
        return entry

    # ---------------------------------------------------------------- the UI document

    def state(self) -> dict:
        now = time.time()
        nodes = []
        for name in sorted(self.nodes):
            st = self.nodes[name]
            s = st.snap
            node = s.get("node", {})
            traffic = [dict(t, **st.rates.get(t["peer"], {})) for t in s.get("traffic", ())]
            nodes.append(
                {
                    "name": name,
                    "health": st.health,
                    "error": st.error,
                    "seed": name == self.seed,
                    "last_ok_age": round(now - st.last_ok, 1) if st.last_ok else None,
                    "os_pid": node.get("os_pid"),
                    "rss_bytes": node.get("rss_bytes"),
                    "cpu_pct": st.cpu_pct,
                    "process_count": node.get("process_count", 0),
                    "by_kind": node.get("by_kind", {}),
                    "by_state": node.get("by_state", {}),
                    "mailbox_total": node.get("mailbox_total", 0),
                    "authority": s.get("authority", {}),
                    "continuity": s.get("continuity", {}),
                    "membership": s.get("membership", {}).get("nodes", []),
                    "processes": s.get("processes", []) if st.health == "healthy" else [],
                    "processes_truncated": s.get("processes_truncated", False),
                    "traffic": traffic,
                }
            )
        return {
            "type": "state",
            "seed": self.seed,
            "time": now,
            "round": self.rounds,
            "interval_ms": int(self.interval * 1000),
            "nodes": nodes,
            "events": list(self.events),
            "crashes": list(self.crashes),
            "events_lost": self.events_lost,
            "requests": list(self.requests),
            "log": list(self.log),
        }
