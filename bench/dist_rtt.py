"""Remote request/reply alone, on two fresh node processes, with CPU time per round trip.

    .venv/bin/python bench/dist_rtt.py [ROUNDS]     (default 20000)

The same loop as bench/dist.py's request/reply (an actor on node A sends `(self, i)` to an
echo actor on node B over the TLS session and waits for `i`, one outstanding), but nothing
runs before it: dist.py's bulk phase and connection set-up warm the allocator, which hid a
per-read mmap cost that a fresh node paid. Besides round trips/s it prints user and system
CPU µs per round trip of each node (from os.times / /proc), which is far steadier than
wall time on a shared machine. For the BEAM peer and the ratios, run bench/dist.py.
"""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

import dist  # noqa: E402  (registers Bench.echo; its --child mode runs node B)
from dist import COOKIE, Node, _a, client  # noqa: E402

_HZ = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> tuple[float, float]:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) / _HZ, int(fields[12]) / _HZ


async def node_a_main(rounds, b_name, b_pid, result):
    assert Node.start("bench-a@127.0.0.1:0", COOKIE) == 0
    assert await Node.connect(b_name) == 0
    me = _a.self_pid()
    epid = await Node.spawn(b_name, "Bench.echo")
    a0, b0 = os.times(), _cpu_of(b_pid)
    _a.spawn(client, epid, rounds, me)
    r = await _a.receive_any(120_000)
    a1, b1 = os.times(), _cpu_of(b_pid)
    assert r is not _a.TIMEOUT, r
    us = 1e6 / rounds
    result.update(
        rtt=r[0],
        a_user=(a1.user - a0.user) * us,
        a_sys=(a1.system - a0.system) * us,
        b_user=(b1[0] - b0[0]) * us,
        b_sys=(b1[1] - b0[1]) * us,
    )


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    env = dict(os.environ, PYTHONPATH=ROOT)
    p = subprocess.Popen(
        [sys.executable, dist.__file__, "--child", "node", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    result: dict = {}
    try:
        b_name = p.stdout.readline().strip()
        assert _a.run_program(node_a_main, (rounds, b_name, p.pid, result)) == 0
    finally:
        p.stdin.close()
        p.wait(10)
    print(
        f"remote request/reply:  {result['rtt']:,.0f} round trips/s "
        f"({rounds} sequential, {1e6 / result['rtt']:.0f} us each)"
    )
    print(
        f"CPU per round trip:    node A {result['a_user']:.0f} us user + "
        f"{result['a_sys']:.0f} us sys, node B {result['b_user']:.0f} us user + "
        f"{result['b_sys']:.0f} us sys"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
