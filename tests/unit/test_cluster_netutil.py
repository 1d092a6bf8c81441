"""`mesh.runtime.netutil.AcceptBackoff`: one log line per episode, growing bounded delays."""

import errno

import trio
import trio.testing

from mesh.runtime.netutil import AcceptBackoff, is_exhaustion


def test_logs_once_per_episode_and_backs_off_exponentially():
    lines = []
    b = AcceptBackoff("mesh node: listener", lines.append, initial=0.01, maximum=0.04)
    slept = []

    async def main():
        clock = trio.lowlevel.current_clock()
        for _ in range(4):
            t = clock.current_time()
            await b.failed(OSError(errno.EMFILE, "Too many open files"))
            slept.append(round(clock.current_time() - t, 3))
        b.succeeded()
        b.succeeded()  # a good accept outside an episode says nothing
        await b.failed(OSError(errno.ECONNABORTED, "aborted"))

    trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0))
    assert slept == [0.01, 0.02, 0.04, 0.04]
    assert lines == [
        "mesh node: listener out of resources (EMFILE); backing off until connections close",
        "mesh node: listener recovered after 4 failed accepts",
        "mesh node: listener accept failed (ECONNABORTED); retrying with back-off",
    ]


def test_exhaustion_errnos():
    for e in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
        assert is_exhaustion(OSError(e, "x"))
    assert not is_exhaustion(OSError(errno.ECONNABORTED, "x"))
