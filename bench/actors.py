"""Actor runtime benchmarks vs a bare-Trio peer, measured in the same run.

    .venv/bin/python bench/actors.py [--n 100000] [--rounds 50000]

1. spawn + one message each: N Mesh processes (mesh.runtime.actors, bodies shaped like
   generated code) vs N bare Trio tasks each reading one `trio.MemoryChannel` message.
   Each side runs in a fresh subprocess so peak RSS is its own.
2. ping-pong: round trips/s between two Mesh processes vs two Trio tasks over memory
   channels.

Budgets (DESIGN §4): 100k actors ≤ 2 s / 300 MB; ping-pong ≥ 50k round trips/s.
Ratios are Mesh / peer for times (lower is better) and Mesh / peer for throughput.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SPAWN_MESH = r"""
import json, resource, sys, time
from mesh.runtime import actors as A
N = int(sys.argv[1])
def anything(m):
    return (0, m)
async def worker():
    await A.receive(anything)
worker._mesh_plain_waits = True  # what codegen marks on an actor that only waits in receive
async def main():
    pids = [A.spawn(worker) for _ in range(N)]
    for p in pids:
        A.send(p, 1)
t = time.perf_counter()
A.run_program(main)
dt = time.perf_counter() - t
print(json.dumps({"s": dt, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

SPAWN_PEER = r"""
import json, resource, sys, time, trio
N = int(sys.argv[1])
async def worker(rx):
    await rx.receive()
async def main():
    async with trio.open_nursery() as n:
        txs = []
        for _ in range(N):
            tx, rx = trio.open_memory_channel(1)
            n.start_soon(worker, rx)
            txs.append(tx)
        for tx in txs:
            tx.send_nowait(1)
t = time.perf_counter()
trio.run(main)
dt = time.perf_counter() - t
print(json.dumps({"s": dt, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PING_MESH = r"""
import json, sys, time
from mesh.runtime import actors as A
R = int(sys.argv[1])
def anything(m):
    return (0, m)
async def pong():
    while True:
        (_, (frm, n)) = await A.receive(anything)
        A.send(frm, n)
res = {}
async def main():
    me = A.self_pid()
    p = A.spawn(pong)
    t = time.perf_counter()
    for i in range(R):
        A.send(p, (me, i))
        await A.receive(anything)
    res["rps"] = R / (time.perf_counter() - t)
A.run_program(main)
print(json.dumps(res))
"""

PING_PEER = r"""
import json, sys, time, trio
R = int(sys.argv[1])
res = {}
async def pong(rx, tx):
    async for n in rx:
        await tx.send(n)
async def main():
    a_tx, a_rx = trio.open_memory_channel(1)
    b_tx, b_rx = trio.open_memory_channel(1)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(pong, a_rx, b_tx)
        t = time.perf_counter()
        for i in range(R):
            await a_tx.send(i)
            await b_rx.receive()
        res["rps"] = R / (time.perf_counter() - t)
        nursery.cancel_scope.cancel()
trio.run(main)
print(json.dumps(res))
"""


def _run(code: str, arg: int) -> dict:
    out = subprocess.run([sys.executable, "-c", code, str(arg)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    best = lambda rs, k, f: f(r[k] for r in rs)  # noqa: E731
    mesh = [_run(SPAWN_MESH, a.n) for _ in range(a.repeat)]
    peer = [_run(SPAWN_PEER, a.n) for _ in range(a.repeat)]
    ms, mm = best(mesh, "s", min), best(mesh, "mb", min)
    ps, pm = best(peer, "s", min), best(peer, "mb", min)
    print(f"{a.n} actors spawn+receive: mesh {ms:.2f} s / {mm:.0f} MB   "
          f"trio tasks+channels {ps:.2f} s / {pm:.0f} MB   ratio {ms / ps:.2f}x time, "
          f"{mm / pm:.2f}x memory   (budget ≤ 2 s / 300 MB)")
    mesh = [_run(PING_MESH, a.rounds) for _ in range(a.repeat)]
    peer = [_run(PING_PEER, a.rounds) for _ in range(a.repeat)]
    mr, pr = best(mesh, "rps", max), best(peer, "rps", max)
    print(f"ping-pong: mesh {mr:,.0f} round trips/s   trio channels {pr:,.0f} round trips/s   "
          f"ratio {mr / pr:.2f}x   (budget ≥ 50,000/s)")


if __name__ == "__main__":
    main()
