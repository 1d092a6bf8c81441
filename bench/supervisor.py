"""Supervisor restart throughput: a compiled Mesh supervisor vs a bare-Trio peer, same run.

    .venv/bin/python bench/supervisor.py [--restarts 10000] [--repeat 3]

Mesh: a `one_for_one` supervisor (spec 04 §16) whose only child panics as soon as it
starts; `max_restarts` = N and `max_seconds` = 3600, so the supervisor restarts the child
N times and gives up on crash N+1. `main` monitors the supervisor and times (ms, in the
program) from `spawn(Sup)` to the DOWN. Peer: a Trio loop that N+1 times opens a nursery,
starts a task that raises, and reaps the resulting exception. Both sides write one crash
line per failure to stderr (Mesh's runtime always logs crashes), and the bench sends
stderr to /dev/null. Reported: restarts/s, ratio Mesh / peer (higher is better). No
DESIGN §4 budget; report only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MESH = [sys.executable, "-m", "mesh.cli"]

SUP_MESH = """
actor crasher() do
  panic("boom")
end

supervisor CrashSup do
  strategy: one_for_one
  max_restarts: @N@
  max_seconds: 3600

  child worker do
    start: fn -> spawn(crasher) end
    restart: permanent
    shutdown: brutal_kill
  end
end

fn now_ms() -> Int do
  DateTime.to_unix_ms(DateTime.utc_now())
end

fn main() do
  let t0 = now_ms()
  let sup = spawn(CrashSup)
  let ref = Process.monitor(sup)
  receive do
    (:down, r, _, reason) when r == ref -> println("{\\"s\\":#{Int.to_float(now_ms() - t0) / 1000.0},\\"reason\\":\\"#{reason}\\"}")
  end
end
"""

SUP_PEER = r"""
import json, sys, time, trio
N = int(sys.argv[1])
async def crasher():
    raise RuntimeError("boom")
async def main():
    err = sys.stderr
    for i in range(N + 1):
        try:
            async with trio.open_nursery() as nursery:
                nursery.start_soon(crasher)
        except (RuntimeError, BaseExceptionGroup) as e:
            err.write(f"task {i} crashed: {e!r}\n")
t = time.perf_counter()
trio.run(main)
print(json.dumps({"s": time.perf_counter() - t}))
"""


def _last_json(cmd: list[str]) -> dict:
    out = subprocess.run(
        cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--restarts", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "supbench"
        proj.mkdir()
        (proj / "main.mpl").write_text(SUP_MESH.replace("@N@", str(a.restarts)))
        proc = subprocess.run(MESH + ["build", str(proj)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"mesh build failed:\n{proc.stdout}{proc.stderr}")
        mesh = [_last_json([str(proj / "supbench")]) for _ in range(a.repeat)]
    want = f"restart limit exceeded: {a.restarts} restarts in 3600 seconds"
    if any(r["reason"] != want for r in mesh):
        raise SystemExit(f"unexpected supervisor exit: {mesh[0]['reason']!r}")
    peer = [_last_json([sys.executable, "-c", SUP_PEER, str(a.restarts)]) for _ in range(a.repeat)]
    ms = min(r["s"] for r in mesh)
    ps = min(r["s"] for r in peer)
    mr, pr = a.restarts / ms, a.restarts / ps
    print(f"{'benchmark':32} {'mesh':>14} {'peer':>14} {'ratio':>7}")
    print(
        f"{f'supervisor {a.restarts} restarts':32} {mr:10,.0f} r/s {pr:10,.0f} r/s "
        f"{mr / pr:7.2f}   (mesh {ms:.3f} s, trio {ps:.3f} s; no budget)"
    )


if __name__ == "__main__":
    main()
