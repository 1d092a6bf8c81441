"""Actor runtime benchmarks: Mesh vs the BEAM vs bare Trio, whole process, same run.

    .venv/bin/python bench/actors.py [--n 100000] [--rounds 200000] [--repeat 3]

1. spawn: a compiled Mesh program spawns N actors in batches of 1,000 and sends each one
   message (tests/programs/actors/actors_100k.mpl); it ends when every actor has taken its
   message (spec 04 §1.1 quiescence). BEAM: the same in an Elixir script, whose main then
   waits until the process count is back to where it started (polling every 1 ms), since
   a BEAM script does not wait for its processes. Bare Trio: N Trio tasks, each parked with
   `wait_task_rescheduled` on its own deque until the main task appended a message and
   rescheduled it: the least a Trio task per process can cost.
2. ping-pong: main sends `Ping(self(), i)` to a pong actor and waits for the reply, ROUNDS
   times. BEAM: the same Elixir; bare Trio: two tasks handing an int back and forth with
   `reschedule` / `wait_task_rescheduled` (no channels, no mailbox objects).

Every figure is a whole OS process, start-up included (`mesh build` output, `elixir
FILE.exs`, `python FILE.py`): best wall time of `--repeat` runs, with the peak RSS of that
process and its CPU time (user + system, from `wait4`; a loaded machine distorts it less
than wall time, but the BEAM's schedulers spin while idle, which counts as CPU). The BEAM
peer needs Debian's `elixir` (`apt-get install elixir`); it is reported as missing
otherwise. Goals (issue 19): spawn ≤ 1.0 s, ping-pong ≥ 250k round
trips/s, both whole process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import PING_PONG_MPL

ROOT = Path(__file__).resolve().parent.parent
MESH = ROOT / ".venv" / "bin" / "mesh"

SPAWN_MPL = """\
actor sink() do
  receive do
    n -> n
  end
end

fn spawn_batch(left :: Int) -> Int do
  if left == 0 do
    0
  else
    let p = spawn(sink)
    send(p, left)
    spawn_batch(left - 1)
  end
end

fn spawn_batches(batches :: Int, total :: Int) -> Int do
  if batches == 0 do
    total
  else
    spawn_batch(1000)
    spawn_batches(batches - 1, total + 1000)
  end
end

fn main() do
  let n = spawn_batches(@N / 1000, 0)
  println("#{n} actors done")
end
"""

PING_MPL = (
    PING_PONG_MPL
    + """
fn main() do
  let p = spawn(pong)
  println("#{loop(p, self(), 0, @N)}")
end
"""
)

SPAWN_EXS = """\
defmodule B do
  def sink do
    receive do
      _n -> :ok
    end
  end
  def batch(0), do: 0
  def batch(left) do
    p = spawn(&B.sink/0)
    send(p, left)
    batch(left - 1)
  end
  def batches(0, total), do: total
  def batches(b, total) do
    batch(1000)
    batches(b - 1, total + 1000)
  end
  def drain(base) do
    if :erlang.system_info(:process_count) > base do
      Process.sleep(1)
      drain(base)
    end
  end
end
base = :erlang.system_info(:process_count)
n = B.batches(div(@N, 1000), 0)
B.drain(base)
IO.puts("#{n} actors done")
"""

PING_EXS = """\
defmodule P do
  def pong do
    receive do
      {:ping, from, n} ->
        send(from, n)
        pong()
    end
  end
  def loop(_p, n, n), do: n
  def loop(p, i, n) do
    send(p, {:ping, self(), i})
    receive do
      _ -> :ok
    end
    loop(p, i + 1, n)
  end
end
p = spawn(&P.pong/0)
IO.puts(P.loop(p, 0, @N))
"""

SPAWN_TRIO = """\
import collections, trio
from trio.lowlevel import Abort, current_task, reschedule, wait_task_rescheduled
N = @N
def abort(_):
    return Abort.SUCCEEDED
class Proc:
    __slots__ = ("box", "task")
    def __init__(self):
        self.box = collections.deque()
        self.task = None
async def sink(p):
    p.task = current_task()
    while not p.box:
        await wait_task_rescheduled(abort)
    p.box.popleft()
async def main():
    async with trio.open_nursery() as n:
        for _ in range(N // 1000):
            procs = [Proc() for _ in range(1000)]
            for p in procs:
                n.start_soon(sink, p)
            while procs[-1].task is None or not all(p.task for p in procs):
                await trio.lowlevel.checkpoint()  # the tasks start and park
            for p in procs:
                p.box.append(1)
                reschedule(p.task)
    print(N, "actors done")
trio.run(main)
"""

PING_TRIO = """\
import trio
from trio.lowlevel import Abort, current_task, reschedule, wait_task_rescheduled
R = @N
def abort(_):
    return Abort.SUCCEEDED
async def pong(me, main):
    me.append(current_task())
    while True:
        await wait_task_rescheduled(abort)
        reschedule(main)
async def main():
    box = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(pong, box, current_task())
        while not box:
            await trio.lowlevel.checkpoint()
        for i in range(R):
            reschedule(box[0])
            await wait_task_rescheduled(abort)
        nursery.cancel_scope.cancel()
    print(R)
trio.run(main)
"""


def _timed(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one whole process."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    dt = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{argv} failed ({proc.returncode}): {proc.stderr.read().decode()}")
    proc.stderr.close()
    return dt, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _best(argv: list[str], repeat: int) -> tuple[float, float, float]:
    return min(_timed(argv) for _ in range(repeat))


def _programs(tmp: Path, n: int, rounds: int) -> dict[str, dict[str, list[str]]]:
    """argv per (benchmark, system); BEAM entries missing without `elixir`."""
    out: dict[str, dict[str, list[str]]] = {"spawn": {}, "ping": {}}
    for bench, count, mpl, exs, py in (
        ("spawn", n, SPAWN_MPL, SPAWN_EXS, SPAWN_TRIO),
        ("ping", rounds, PING_MPL, PING_EXS, PING_TRIO),
    ):
        src = tmp / f"{bench}.mpl"
        src.write_text(mpl.replace("@N", str(count)))
        exe = tmp / bench
        subprocess.run(
            [str(MESH), "build", str(src), "-o", str(exe)], check=True, stdout=subprocess.DEVNULL
        )
        out[bench]["mesh"] = [str(exe)]
        script = tmp / f"{bench}_trio.py"
        script.write_text(py.replace("@N", str(count)))
        out[bench]["trio"] = [sys.executable, str(script)]
        if shutil.which("elixir"):
            script = tmp / f"{bench}.exs"
            script.write_text(exs.replace("@N", str(count)))
            out[bench]["beam"] = ["elixir", str(script)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="mesh-bench-actors-") as d:
        progs = _programs(Path(d), a.n, a.rounds)
        res = {
            b: {k: _best(argv, a.repeat) for k, argv in systems.items()}
            for b, systems in progs.items()
        }
    names = {"mesh": "Mesh", "beam": "BEAM (elixir)", "trio": "bare Trio"}
    print(f"\n{a.n:,} actors spawn + 1 message, whole process (goal: Mesh ≤ 1.0 s)")
    ms = res["spawn"]["mesh"][0]
    for k, (s, mb, cpu) in res["spawn"].items():
        print(
            f"  {names[k]:<14} {s:6.2f} s  {mb:6.0f} MB  CPU {cpu:5.2f} s   "
            f"Mesh/this {ms / s:5.2f}x time"
        )
    print(f"\n{a.rounds:,} ping-pong round trips, whole process (goal: Mesh ≥ 250,000/s)")
    mr = a.rounds / res["ping"]["mesh"][0]
    for k, (s, _mb, cpu) in res["ping"].items():
        r = a.rounds / s
        print(
            f"  {names[k]:<14} {r:10,.0f} /s ({s:5.2f} s, CPU {cpu:5.2f} s)   "
            f"Mesh/this {mr / r:5.2f}x rate"
        )
    for k in ("beam",):
        if k not in res["spawn"]:
            print("\n(BEAM not measured: `elixir` is not installed)")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
