"""The node side of the Observatory (mesh/cluster/observe*.py) on a real actor node, in
process: hooks exist only while attached and come off completely, events and rings, the
process views, message shapes without values. (End to end: tests/cluster/test_observatory.py.)"""

from __future__ import annotations

import time

import trio

from mesh.cluster import observe
from mesh.cluster.observe_trace import Ring
from mesh.cluster.operator import NodeView
from mesh.cluster.runtime import runtime_of
from mesh.runtime import actors as _a
from mesh.runtime.actors.process import KILLED
from mesh.runtime.values import Atom, MeshPanic


def test_ring_numbers_entries_and_counts_what_was_evicted():
    r = Ring(3, ("i",))
    for i in range(5):  # as the hooks record: a tuple (seq, perf_counter time, fields...)
        r.seq += 1
        r.items.append((r.seq, time.perf_counter(), i))
    got = r.since(0)
    assert [(e["seq"], e["i"]) for e in got] == [(3, 2), (4, 3), (5, 4)]
    assert abs(got[0]["t"] - time.time()) < 5  # wall-clock time in the JSON
    assert r.lost_since(0) == 2 and r.lost_since(2) == 0
    assert [e["i"] for e in r.since(4)] == [4]
    assert r.since(5) == []


def test_message_shapes_show_types_never_values():
    assert observe.message_type("secret") == "String"
    assert observe.message_type((Atom("job"), 1, 2.5, None)) == "(:job, Int, Float, ())"
    assert observe.message_type([1, 2]) == "List"
    assert observe.message_type((((((1,),),),),)) == "((((…))))"


async def _idle():
    while True:
        await _a.receive_any()


async def _sleeper():
    await _a.sleep(3_600_000)


async def _crash():
    raise MeshPanic("gave up")


def test_hooks_only_while_attached_and_views():
    node = _a.Node()
    seen = {}

    async def main():
        rt = runtime_of(node)
        rt.name = "t@127.0.0.1:1"
        hook, frames = node.exit_hook, dict(rt.frames.handlers)
        assert "_new_proc" not in node.__dict__

        t = observe.tracer_of(node, rt)
        t.touch()
        assert "_new_proc" in node.__dict__ and node.exit_hook is not hook
        worker = _a.spawn(_idle)
        _a.link(worker)
        _a.spawn(_crash)
        with trio.fail_after(5):
            while not any(e["event"] == "exit" for e in t.events.since(0)):
                await trio.sleep(0.001)

        doc = observe.snapshot(node, rt, NodeView(rt.name, [], rt.cont.store), {})
        seen["events"] = [(e["event"], e["name"], e.get("reason"), e.get("abnormal"))
                          for e in doc["events"]]
        seen["snapshot"] = (doc["node"]["by_kind"], doc["membership"]["nodes"],
                            [r["name"] for r in doc["processes"]], doc["continuity"])
        p = node.procs[worker.id]
        d = observe.detail(p)
        seen["detail"] = (d["state"], [q["name"] for q in d["links_detail"]])
        sleeper = _a.spawn(_sleeper)
        _a.send(sleeper, (Atom("parcel"), "secret"))
        seen["mailbox"] = observe.detail(node.procs[sleeper.id])["mailbox_types"]
        node.kill(node.procs[sleeper.id], KILLED)

        t.detach()
        assert "_new_proc" not in node.__dict__
        assert node.exit_hook is hook and rt.frames.handlers == frames
        before = t.events.seq
        _a.spawn(_crash)
        await trio.sleep(0.01)
        seen["after_detach"] = t.events.seq - before

    trio.run(node.run, main)
    assert ("spawn", "_idle", None, None) in seen["events"]
    assert ("exit", "_crash", "gave up", True) in seen["events"]
    assert seen["snapshot"] == ({"main": 1, "actor": 1}, ["t@127.0.0.1:1"], ["main", "_idle"],
                                {"records": 0, "diagnostics": 0})
    assert seen["detail"] == ("receive", ["main"])
    assert seen["mailbox"] == ["(:parcel, String)"]
    assert seen["after_detach"] == 0
