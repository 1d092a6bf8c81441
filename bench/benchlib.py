"""Helpers the benchmark scripts share: build a Mesh program, time a command, and the
programs more than one benchmark measures (fib, actor ping-pong).

Scripts run as `python bench/NAME.py`, so `bench/` is on sys.path and `import benchlib`
finds this file.
"""

from __future__ import annotations

import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MESH = [sys.executable, "-m", "mesh.cli"]

FIB_MESH = """
fn fib(n :: Int) -> Int do
  if n < 2 do
    n
  else
    fib(n - 1) + fib(n - 2)
  end
end

fn main() do
  println("#{fib(30)}")
end
"""
FIB_PY = """
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print(fib(30))
"""

# A pong actor answering `Ping(from, n)` and a sender looping `n` request/replies through it;
# benchmarks append their own `main`.
PING_PONG_MPL = """\
type Ping do
  Ping(Pid<Int>, Int)
end

actor pong() do
  receive do
    Ping(from, n) -> send(from, n)
  end
  pong()
end

fn loop(p :: Pid<Ping>, me :: Pid<Int>, i :: Int, n :: Int) -> Int do
  if i == n do
    i
  else
    send(p, Ping(me, i))
    receive do
      _ -> 0
    end
    loop(p, me, i + 1, n)
  end
end
"""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (for a server the benchmark starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(src: str, workdir: Path, name: str) -> Path:
    """`mesh build` a one-file project `workdir/name` (main.mpl = `src`); the executable."""
    proj = workdir / name
    proj.mkdir()
    (proj / "main.mpl").write_text(src)
    proc = subprocess.run(MESH + ["build", str(proj)], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"{name}: mesh build failed:\n{proc.stdout}{proc.stderr}")
    return proj / name


def measure(
    cmd: list[str], repeat: int, env: dict[str, str] | None = None, warm_up: bool = False
) -> tuple[float, float, str]:
    """(best wall s, best CPU s of the child, stdout) over `repeat` runs."""
    if warm_up:
        subprocess.run(cmd, capture_output=True, check=True, env=env)
    wall = cpu = float("inf")
    out = ""
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
        wall = min(wall, time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        out = proc.stdout
    return wall, cpu, out


def best_of(cmd: list[str], repeat: int) -> tuple[float, str]:
    """(best wall s, stdout) over `repeat` runs."""
    wall, _cpu, out = measure(cmd, repeat)
    return wall, out


def cpu_of(cmd: list[str], repeat: int) -> tuple[float, str]:
    """(best CPU s, stdout) over `repeat` runs."""
    _wall, cpu, out = measure(cmd, repeat)
    return cpu, out
