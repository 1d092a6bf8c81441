"""Session reads by the idle-time poller (mesh/cluster/session_poll.py): two `NodeRuntime`s
in one Trio run over real TLS on loopback. Remote request/reply goes through the poller,
while timers and other sockets of the same run stay live; under a mock clock sessions read
through Trio's `wait_readable` instead; the poller leaves no instrument behind."""

import socket

import trio
import trio.testing

from mesh.cluster import session_poll
from mesh.runtime import actors as _a
from mesh.runtime.actors.process import NODEDOWN
from mesh.runtime.stdlib import global_ as Global, node as Node


async def echo():
    while True:
        r = await _a.receive_any()
        _a.send(r[0][0], r[0][1])


echo._mesh_plain_waits = True  # a light process, as codegen marks it: runs in the poller


def run_pair(main_a, clock=None):
    """Node B serves a globally registered echo process; `main_a(echo_pid)` runs on A."""
    shared = {}
    ready = trio.Event()
    codes = {}

    async def b():
        assert Node.start("b@127.0.0.1:0", "k") == 0
        assert Global.register("poll-echo", _a.spawn(echo)) == 0
        shared["b"] = Node.self()
        shared["done"] = trio.Event()
        ready.set()
        await shared["done"].wait()

    async def a():
        await ready.wait()
        assert Node.start("a@127.0.0.1:0", "k") == 0
        assert await Node.connect(shared["b"]) == 0
        with trio.fail_after(10):
            while Global.whereis("poll-echo") is None:
                await trio.sleep(0.01)
        await main_a(Global.whereis("poll-echo"))
        shared["done"].set()

    async def run(tag, fn):
        codes[tag] = await _a.Node().run(fn)

    async def both():
        with trio.fail_after(30):
            async with trio.open_nursery() as n:
                n.start_soon(run, "b", b)
                n.start_soon(run, "a", a)
        return io_wait_hooks()

    left = trio.run(both, clock=clock)
    assert codes == {"a": 0, "b": 0}  # an assertion failing inside a node is a panic (101)
    return left


def io_wait_hooks():
    """The instruments the current run calls before sleeping: the poller while active."""
    return list(session_poll.GLOBAL_RUN_CONTEXT.runner.instruments.data.get("before_io_wait", ()))


async def round_trip(epid, i):
    _a.send(epid, (_a.self_pid(), i))
    r = await _a.receive_any(5000)
    assert r is not _a.TIMEOUT and r[0] == i, r


def test_request_reply_through_the_poller_keeps_timers_and_sockets_live():
    seen = {}

    async def main_a(epid):
        progress = {"sleeps": 0, "pings": 0}

        async def sleeper():  # deadlines must still fire while sessions are busy
            for _ in range(20):
                await trio.sleep(0.005)
                progress["sleeps"] += 1

        async def pinger():  # so must the I/O of other tasks
            x, y = trio.socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            with x, y:
                for i in range(20):
                    await x.send(bytes([i]))
                    assert await y.recv(1) == bytes([i])
                    progress["pings"] += 1

        rounds = 0
        async with trio.open_nursery() as n:
            n.start_soon(sleeper)
            n.start_soon(pinger)
            # traffic runs until both finished: a starved timer or socket never ends it
            while progress["sleeps"] < 20 or progress["pings"] < 20:
                await round_trip(epid, rounds)
                rounds += 1
                # both ends on the poller (at some round: a 50 ms stall on a loaded
                # machine lets it go dormant for a while)
                readers = len(session_poll.poller().readers)
                seen["readers"] = max(seen.get("readers", 0), readers)
        seen["rounds"] = rounds

    left = run_pair(main_a)
    assert seen["rounds"] >= 50
    assert seen["readers"] == 2  # both ends of the A-B session are read by the poller
    assert left == []  # the last session took the instrument away


def test_a_mock_clock_reads_through_trio():
    seen = {}

    async def main_a(epid):
        seen["poller"] = session_poll.poller()
        for i in range(50):
            await round_trip(epid, i)

    run_pair(main_a, clock=trio.testing.MockClock(rate=1))
    assert seen["poller"] is None


def test_a_broken_poller_ends_its_sessions_instead_of_leaving_them_unread(monkeypatch):
    seen = {}

    async def main_a(epid):
        await round_trip(epid, 0)
        b_name = Node.list()[0]
        assert Node.monitor(b_name) == 0

        def broken(self, timeout):
            raise RuntimeError("poller bug")

        monkeypatch.setattr(session_poll.SessionPoller, "_serve", broken)
        r = await _a.receive_any(5000)  # the session ends: node down, no hang
        monkeypatch.undo()
        seen["msg"] = r
        seen["nodes"] = Node.list()

    left = run_pair(main_a)
    assert seen["msg"] is not _a.TIMEOUT and seen["msg"][0][0] is NODEDOWN
    assert seen["nodes"] == []
    assert left == []


def test_sessions_are_read_while_trio_is_never_idle():
    seen = {}

    async def main_a(epid):
        stop = trio.Event()
        passes = [0]

        async def spinner():  # always runnable: Trio never sleeps, the poller never blocks
            while not stop.is_set():
                passes[0] += 1
                await trio.lowlevel.checkpoint()

        async with trio.open_nursery() as n:
            n.start_soon(spinner)
            for i in range(50):
                await round_trip(epid, i)
            stop.set()
        seen["passes"] = passes[0]

    run_pair(main_a)
    assert seen["passes"] > 50  # the replies came while the run loop was busy


def test_an_idle_poller_goes_dormant_and_traffic_brings_it_back():
    seen = {}

    async def main_a(epid):
        await round_trip(epid, 0)
        assert len(session_poll.poller().readers) == 2
        # No session data for DORMANT_AFTER: the instrument leaves the run loop...
        with trio.fail_after(5):
            while session_poll.poller().active:
                await trio.sleep(session_poll.DORMANT_AFTER)
        seen["dormant_instruments"] = io_wait_hooks()
        seen["dormant_readers"] = len(session_poll.poller().readers)
        # ...and the next message is read through Trio, which hands the sockets back (a
        # stall of DORMANT_AFTER on a loaded machine may release them again: look after
        # each round trip until both are back)
        seen["readers"] = 0
        for i in range(1, 200):
            await round_trip(epid, i)
            seen["readers"] = len(session_poll.poller().readers)
            if seen["readers"] == 2:
                break

    left = run_pair(main_a)
    assert seen["dormant_instruments"] == [] and seen["dormant_readers"] == 0
    assert seen["readers"] == 2
    assert left == []
