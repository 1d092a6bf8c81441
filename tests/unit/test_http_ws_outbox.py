"""The per-connection WebSocket send queue (mesh/runtime/http/ws_outbox.py) with a fake
connection: order, the close going out after what was queued, eviction on overflow, and
the cut when a close cannot finish in time."""

from __future__ import annotations

import trio
import trio.testing

from mesh.runtime.http import ws_outbox as W


class FakeWs:
    def __init__(self):
        self.sent: list = []
        self.gate = trio.Event()  # send_message blocks until set (a client not reading)
        self.gate.set()

    async def send_message(self, text):
        await self.gate.wait()
        self.sent.append(text)

    async def aclose(self, code, reason):
        await self.gate.wait()
        self.sent.append(("close", code, reason))


class FakeStream:
    def __init__(self):
        self.closed = False

    async def aclose(self):
        self.closed = True


def run(fn):
    trio.run(fn, clock=trio.testing.MockClock(autojump_threshold=0))


def test_messages_then_close_in_order():
    async def main():
        ws, stream = FakeWs(), FakeStream()
        out = W.Outbox(ws, stream)
        async with trio.open_nursery() as n:
            n.start_soon(out.run)
            assert out.put("a") and out.put("b")
            await out.close(1000, "")
            assert not out.put("late")
        assert ws.sent == ["a", "b", ("close", 1000, "")]
        assert not stream.closed

    run(main)


def test_overflow_evicts_and_cuts_a_stuck_writer(monkeypatch):
    monkeypatch.setattr(W, "MAX_MESSAGES", 3)

    async def main():
        ws, stream = FakeWs(), FakeStream()
        ws.gate = trio.Event()  # the client never reads
        out = W.Outbox(ws, stream)
        async with trio.open_nursery() as n:
            n.start_soon(out.run)
            assert out.put("m0")
            await trio.testing.wait_all_tasks_blocked()  # m0 is in flight
            assert all(out.put(f"m{i}") for i in range(1, 4))
            assert not out.put("m4")  # 4th queued: overflow
            assert out.evicted == (1008, "send queue full")
            assert out.count == 0 and out.size == 0  # the queue was dropped
            t0 = trio.current_time()
            await out.done.wait()
            assert trio.current_time() - t0 >= W.WRITE_TIMEOUT
        assert stream.closed, "a writer stuck past its close deadline must cut the transport"
        assert ws.sent == []

    run(main)


def test_a_slow_member_does_not_block_put():
    async def main():
        ws = FakeWs()
        ws.gate = trio.Event()
        out = W.Outbox(ws, FakeStream())
        async with trio.open_nursery() as n:
            n.start_soon(out.run)
            with trio.fail_after(1):  # mock clock: never advances here
                for i in range(100):
                    assert out.put(f"x{i}")
            n.cancel_scope.cancel()

    run(main)
