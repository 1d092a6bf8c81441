"""The node side of the Observatory (mesh/cluster/observe*.py) on a real actor node, in
process: hooks exist only while attached and come off completely, events and rings, the
process views, message shapes without values. (End to end: tests/cluster/test_observatory.py.)"""

from __future__ import annotations

import time

import pytest
import trio

from mesh.cluster import observe, observe_counts
from mesh.cluster.observe_trace import Ring
from mesh.cluster.operator import NodeView
from mesh.cluster.runtime import runtime_of
from mesh.runtime import actors as _a
from mesh.runtime.actors import mailbox
from mesh.runtime.actors.process import KILLED
from mesh.runtime.values import Atom, MeshPanic


def _attached(node):
    """The node's tracer with the Observatory attached (inside the node's run), as a
    connected `mesh observe` leaves it."""
    rt = runtime_of(node)
    rt.name = "t@127.0.0.1:1"
    t = observe.tracer_of(node, rt)
    t.touch()
    return t


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
        seen["events"] = [
            (e["event"], e["name"], e.get("reason"), e.get("abnormal")) for e in doc["events"]
        ]
        seen["snapshot"] = (
            doc["node"]["by_kind"],
            doc["membership"]["nodes"],
            [r["name"] for r in doc["processes"]],
            doc["continuity"],
        )
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
        _a.monitor(_a.spawn(_crash))
        with trio.fail_after(10):  # the crash's :down: it has exited, past the exit hooks
            await _a.receive_any()
        seen["after_detach"] = t.events.seq - before

    trio.run(node.run, main)
    assert ("spawn", "_idle", None, None) in seen["events"]
    assert ("exit", "_crash", "gave up", True) in seen["events"]
    assert seen["snapshot"] == (
        {"main": 1, "actor": 1},
        ["t@127.0.0.1:1"],
        ["main", "_idle"],
        {"records": 0, "diagnostics": 0},
    )
    assert seen["detail"] == ("receive", ["main"])
    assert seen["mailbox"] == ["(:parcel, String)"]
    assert seen["after_detach"] == 0


async def _counter(n_seen, done):
    """Receives `n_seen` messages, then reports to `done` (a light process: plain waits)."""
    for _ in range(n_seen):
        await _a.receive_any()
    _a.send(done, Atom("counted"))
    await _a.receive_any()


_counter._mesh_plain_waits = True


def test_counters_only_while_attached_exact_counts_and_no_hook_left(monkeypatch):
    monkeypatch.setattr(observe_counts, "SAMPLE_FOR", 60.0)  # the run-time window stays open
    node = _a.Node()
    seen = {}

    async def main():
        rt = runtime_of(node)
        rt.name = "t@127.0.0.1:1"
        send_code = mailbox.send.__code__
        me = _a.self_pid()
        before = _a.spawn(_counter, 2, me)
        _a.send(before, 1)  # sent before attach: not counted
        t = observe.tracer_of(node, rt)
        assert observe_counts.SEND_COUNTED  # `send` still fits the swap (see observe_counts)
        t.touch()
        assert observe_counts.send_hooked()
        assert {"deliver", "wake_light"} <= set(node.__dict__)
        light = node.procs[before.id]
        assert type(light.coro) is not observe_counts.TimedActivation  # parked: untouched
        counter = _a.spawn(_counter, 5, me)
        # its first activation (the spawn) is one of the timed ones (1, 17, 33, ...)
        assert type(node.procs[counter.id].coro) is observe_counts.TimedActivation
        for i in range(5):
            _a.send(counter, i)
        _a.send(before, 2)
        for _ in range(2):
            await _a.receive_any()
        doc = observe.snapshot(node, rt, NodeView(rt.name, [], rt.cont.store), {})
        rows = {r["id"]: r for r in doc["processes"]}
        seen["counter"] = (rows[counter.id]["msgs_in"], rows[counter.id]["msgs_out"])
        seen["before"] = (rows[before.id]["msgs_in"], rows[before.id]["msgs_out"])
        seen["main"] = (rows[me.id]["msgs_in"], rows[me.id]["msgs_out"])
        seen["run_ms"] = (rows[counter.id]["run_ms"], rows[me.id]["run_ms"])
        seen["sampled"] = (rows[counter.id]["run_sampled"], rows[me.id]["run_sampled"])
        seen["detail"] = observe.detail(node.procs[counter.id])["msgs_in"]

        t.detach()
        assert mailbox.send.__code__ is send_code and mailbox.send.__defaults__ is None
        assert not observe_counts.send_hooked()
        assert not {"deliver", "wake_light", "_new_proc"} & set(node.__dict__)
        assert all(type(p.coro) is not observe_counts.TimedActivation for p in node.procs.values())
        assert not observe_counts.COUNTS
        with pytest.raises(KeyError):  # the Trio instrument is gone too
            trio.lowlevel.remove_instrument(t.counters.instrument)
        _a.send(counter, "late")
        assert t.counters.get(node.procs[counter.id]) == (0, 0, 0.0, False)
        for pid in (before, counter):
            node.kill(node.procs[pid.id], KILLED)

    trio.run(node.run, main)
    assert seen["counter"] == (5, 1)
    assert seen["before"] == (1, 1)  # the message sent before attach is not counted
    assert seen["main"] == (2, 6)
    assert seen["run_ms"][0] > 0 and seen["run_ms"][1] > 0  # light step, Trio task step
    # the counter ran one activation (the 5 messages were queued before it first ran), and
    # that one was timed: exact; the Trio task's steps are sampled
    assert seen["sampled"] == (False, True)
    assert seen["detail"] == 5


def test_counts_exact_light_activations_sampled_between_task_windows(monkeypatch):
    monkeypatch.setattr(observe_counts, "SAMPLE_FOR", 60.0)  # the window is moved by hand
    node = _a.Node()
    seen = {}

    async def main():
        me = _a.self_pid()
        t = _attached(node)
        c = t.counters
        early = _a.spawn(_counter, 3, me)
        _a.send(early, 1)
        await trio.sleep(0.01)
        c._close_window()
        with pytest.raises(KeyError):  # no Trio instrument between windows
            trio.lowlevel.remove_instrument(c.instrument)
        main_rec = observe_counts.COUNTS[node.procs[me.id]]
        task_run, light_run = main_rec[observe_counts.TASK_RUN], c.get(node.procs[early.id])[2]
        late = _a.spawn(_counter, 2, me)
        _a.send(early, 2)
        _a.send(late, 1)
        _a.send(late, 2)
        await _a.receive_any()  # `late` is done
        _a.send(early, 3)
        await _a.receive_any()
        seen["task_untimed"] = main_rec[observe_counts.TASK_RUN] == task_run
        seen["light_timed"] = c.get(node.procs[early.id])[2] > light_run
        gone = node.procs[late.id]
        node.kill(gone, KILLED)
        with trio.fail_after(5):
            while late.id in node.procs:
                await trio.sleep(0.001)
        _a.send(late, "to the dead")  # an exited process: dropped, not counted
        seen["early"] = c.get(node.procs[early.id])
        seen["unwrapped"] = type(node.procs[early.id].coro) is not observe_counts.TimedActivation
        seen["late"] = c.get(gone)
        seen["main"] = c.get(node.procs[me.id])
        t.detach()
        node.kill(node.procs[early.id], KILLED)

    trio.run(node.run, main)
    assert seen["task_untimed"] and seen["light_timed"]
    n_in, n_out, run, sampled = seen["early"]
    assert (n_in, n_out, sampled) == (3, 1, True) and run > 0  # its first activation timed
    assert seen["unwrapped"]  # a timed activation puts the coroutine back when it parks
    assert seen["late"] == (0, 0, 0.0, False)  # forgotten at its exit
    n_in, n_out, run, sampled = seen["main"]
    assert (n_in, n_out, sampled) == (2, 6, True)  # its send to the exited one counts as sent


def test_the_counting_send_inlines_the_current_send():
    # observe_counts keeps a copy of mailbox.send inlined in its counting code while the
    # two match; if this fails, mailbox.send changed: copy its new body into both
    # `_send_reference` and `_counting_send_inlined` (until then the counting code calls
    # `send`, correct but ~1 % slower while an Observatory is attached).
    assert observe_counts.SEND_INLINED


async def _echo():
    """Sends every message `(from, n)` back to `from` (a light process)."""
    while True:
        (frm, n), *_ = await _a.receive_any()
        _a.send(frm, n)


_echo._mesh_plain_waits = True


@pytest.mark.parametrize("inlined", [True, False])
def test_light_run_time_sampled_one_activation_in_sixteen(monkeypatch, inlined):
    if not inlined:  # the counting code used when mailbox.send no longer matches its copy
        code = observe_counts._counting_send.__code__
        monkeypatch.setattr(observe_counts, "_COUNTING_CODE", code)
    node = _a.Node()
    seen = {}

    async def main():
        me = _a.self_pid()
        t = _attached(node)
        chosen = observe_counts._counting_send_inlined if inlined else observe_counts._counting_send
        assert mailbox.send.__code__ is chosen.__code__
        echo = _a.spawn(_echo)
        p = node.procs[echo.id]
        wrapped = []
        for i in range(40):  # each send wakes the parked echo: one activation each
            _a.send(echo, (me, i))
            wrapped.append(type(p.coro) is observe_counts.TimedActivation)
            await _a.receive_any()
            assert type(p.coro) is not observe_counts.TimedActivation  # put back on park
        seen["wrapped"] = [i for i, w in enumerate(wrapped) if w]
        seen["wakes"] = observe_counts.COUNTS[p][observe_counts.WAKES]
        seen["counts"] = t.counters.get(p)
        t.detach()
        node.kill(p, KILLED)

    trio.run(node.run, main)
    # activation 1 is the spawn (it has not run when the first message arrives); the other
    # 39 sends start activations 2..40, of which 17 and 33 are timed
    assert seen["wrapped"] == [0, 16, 32] and seen["wakes"] == 40
    n_in, n_out, run, sampled = seen["counts"]
    assert (n_in, n_out, sampled) == (40, 40, True) and run > 0


async def _promoted(done):
    """Light until its `receive ... after` promotes it to a Trio task of its own."""
    await _a.receive_any()
    r = await _a.receive(lambda m: (m,), 5000)
    _a.send(done, r[0])
    await _a.receive_any()


_promoted._mesh_plain_waits = True


def test_counted_processes_still_promote_and_die_while_attached():
    node = _a.Node()
    seen = {}

    async def main():
        me = _a.self_pid()
        t = _attached(node)
        p = _a.spawn(_promoted, me)
        victim = _a.spawn(_counter, 3, me)
        proc = node.procs[p.id]
        _a.send(p, "first")
        with trio.fail_after(5):  # until it waits in `receive ... after`, in a Trio task
            while proc.task is proc or proc.mbox_waiter is None:
                await trio.sleep(0.001)
        _a.send(p, "second")
        seen["reply"] = (await _a.receive_any())[0]
        seen["promoted"] = proc.task is not proc
        node.kill(node.procs[victim.id], KILLED)  # a counted light process, killed
        with trio.fail_after(5):
            while victim.id in node.procs:
                await trio.sleep(0.001)
        seen["counts"] = t.counters.get(proc)[:2]
        seen["victim_forgotten"] = all(
            q is None or q.pid.id != victim.id for q in observe_counts.COUNTS
        )
        t.detach()
        node.kill(proc, KILLED)

    trio.run(node.run, main)
    assert seen["reply"] == "second" and seen["promoted"]
    assert seen["counts"] == (2, 1)
    assert seen["victim_forgotten"]


def test_a_node_that_ends_while_observed_leaves_no_hook():
    node = _a.Node()

    async def main():
        _attached(node)
        assert observe_counts.send_hooked()

    trio.run(node.run, main)
    assert not observe_counts.send_hooked()
    assert not [p for p in observe_counts.COUNTS if p.node is node]
