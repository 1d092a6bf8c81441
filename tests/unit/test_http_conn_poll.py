"""The plain-HTTP connection poller (mesh/runtime/http/conn_poll.py) with real sockets in a
real Trio run: a stream whose `recv` comes up empty moves to an edge-triggered registration
and parks, the edge wakes it; a blocked send waits through Trio and hands the socket back;
closing or cancelling a parked reader cleans up; readers woken at once go back to trying.
It also pins the Trio internals the poller wraps (run `pytest tests/unit/test_http_conn_poll.py`
after any Trio upgrade)."""

import socket

import pytest
import trio

from mesh.runtime.http import conn_poll
from mesh.runtime.http.server import QUICK_WAKES_TO_TRY, SockStream

pytestmark = pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="Linux epoll only")


def pair():
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    return a, b


def run(fn):
    trio.run(lambda: _bounded(fn))


async def _bounded(fn):
    with trio.fail_after(10):
        await fn()


def watched(sock):
    s = SockStream(sock)
    s.watch()
    return s


async def read_one(stream, got):
    got.append(await stream.receive_some())


async def read_exactly(sock, size):
    """What the peer reads of `size` bytes, waiting through Trio."""
    received = bytearray()
    while len(received) < size:
        await trio.lowlevel.wait_readable(sock)
        try:
            received.extend(sock.recv(1 << 20))
        except BlockingIOError:
            pass
    return bytes(received)


def test_trio_internals_the_poller_wraps_are_there():
    async def main():
        p = conn_poll.poller()
        assert p is not None, "Trio's epoll I/O manager changed: conn_poll falls back"
        assert conn_poll.poller() is p  # one per run
        runner = conn_poll.GLOBAL_RUN_CONTEXT.runner
        assert isinstance(runner.io_manager, conn_poll._EdgeIOManager)
        # everything else is Trio's own: a plain Trio socket still works beside it
        a, b = trio.socket.socketpair()
        await a.send(b"x")
        assert await b.recv(1) == b"x"

    run(main)


def test_empty_recv_parks_on_an_edge_and_the_edge_wakes_it():
    a, b = pair()

    async def main():
        s = watched(a)
        got = []
        async with trio.open_nursery() as n:
            n.start_soon(read_one, s, got)
            await trio.testing.wait_all_tasks_blocked()
            assert s.edge and s.waiter is not None  # registered once, parked
            b.send(b"GET / HTTP/1.1\r\n\r\n")
        assert got == [b"GET / HTTP/1.1\r\n\r\n"]
        assert not s.readable  # drained: the next read parks without trying
        b.send(b"more")
        assert await s.receive_some() == b"more"
        await s.aclose()
        assert a.fileno() == -1 and not conn_poll.poller().streams

    run(main)
    b.close()


def test_a_parked_reader_is_woken_while_a_send_is_blocked():
    """The peer sends before it reads anything of our answer: the reader must get that
    while the writer waits for buffer space (the write wait must not take the edge
    registration away)."""
    a, b = pair()

    async def main():
        s = watched(a)
        got = []
        big = b"x" * (8 << 20)  # more than the socket buffers hold: the send blocks
        async with trio.open_nursery() as n:
            n.start_soon(read_one, s, got)
            await trio.testing.wait_all_tasks_blocked()
            assert s.edge  # parked on the edge
            n.start_soon(s.send_all, big)
            await trio.testing.wait_all_tasks_blocked()
            b.send(b"request")
            while not got:  # woken although the writer is still blocked
                await trio.sleep(0.001)
            assert got == [b"request"]
            received = await read_exactly(b, len(big))  # now the peer reads the answer
        assert received == big
        assert s.edge and a.fileno() in conn_poll.poller().streams
        b.send(b"after")
        assert await s.receive_some() == b"after"
        s.unwatch()

    run(main)
    a.close()
    b.close()


def test_cancelled_or_closed_parked_reader():
    a, b = pair()

    async def main():
        s = watched(a)
        async with trio.open_nursery() as n:
            n.start_soon(s.receive_some)
            await trio.testing.wait_all_tasks_blocked()
            assert s.waiter is not None  # parked
            n.cancel_scope.cancel()
        assert s.waiter is None and s.edge
        b.send(b"x")
        assert await s.receive_some() == b"x"  # still watched after the cancel

        caught = []

        async def reader():
            try:
                await s.receive_some()
            except trio.ClosedResourceError:
                caught.append(True)

        async with trio.open_nursery() as n:
            n.start_soon(reader)
            await trio.testing.wait_all_tasks_blocked()
            s.unwatch()  # as `aclose` does: a parked reader is told the socket is gone
        assert caught == [True]

    run(main)
    a.close()
    b.close()


def test_a_reader_woken_at_once_goes_back_to_trying():
    """Data that is already there by the next pass of the run loop would be found by the
    yield-then-`recv` order: after a few such wakes the stream leaves the poller."""
    a, b = pair()

    async def main():
        s = watched(a)
        b.send(b"?")
        await s.receive_some()
        got = []
        async with trio.open_nursery() as n:
            n.start_soon(read_one, s, got)
            await trio.testing.wait_all_tasks_blocked()
            assert s.edge  # came up empty: onto the poller
            b.send(b"ping")
        assert got == [b"ping"]
        for _ in range(200):  # a loaded machine may make some wakes slow; a few suffice
            b.send(b"ping")  # there before the reader's next pass
            assert await s.receive_some() == b"ping"
            if not s.edge:
                break
        assert not s.edge and a.fileno() not in conn_poll.poller().streams
        assert QUICK_WAKES_TO_TRY > 1

    run(main)
    a.close()
    b.close()


def test_data_and_eof_in_one_edge_still_reach_the_reader():
    """A request cut off by the client's FIN: the FIN comes with the data's edge, and no
    edge follows it, so the stream must find the EOF after its short read."""
    a, b = pair()

    async def main():
        s = watched(a)
        got = []

        async def reader():
            while True:
                data = await s.receive_some()
                got.append(data)
                if not data:
                    return

        async with trio.open_nursery() as n:
            n.start_soon(reader)
            await trio.testing.wait_all_tasks_blocked()
            assert s.edge  # parked on the edge
            b.send(b"GET /te")
            b.shutdown(socket.SHUT_WR)
        assert got == [b"GET /te", b""]
        assert not s.edge and a.fileno() not in conn_poll.poller().streams

    run(main)
    a.close()
    b.close()


def test_a_blocked_send_and_a_parked_reader_share_the_registration():
    """A send blocks first (the socket goes onto the poller for room to write), then a
    reader (another task, as a WebSocket's) finds nothing and parks: each is woken by its
    own readiness."""
    a, b = pair()

    async def main():
        s = watched(a)
        got = []
        big = b"y" * (8 << 20)
        async with trio.open_nursery() as n:
            n.start_soon(s.send_all, big)
            await trio.testing.wait_all_tasks_blocked()
            assert s.edge and s.writer is not None  # the send waits on the poller
            n.start_soon(read_one, s, got)
            await trio.testing.wait_all_tasks_blocked()
            assert s.waiter is not None  # the reader came up empty and parked too
            received = await read_exactly(b, len(big))  # the peer reads: the send must finish
            b.send(b"next")
        assert received == big and got == [b"next"]
        s.unwatch()

    run(main)
    a.close()
    b.close()
