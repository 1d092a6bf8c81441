"""Remote request/reply alone, on two fresh node processes, with CPU time per round trip,
against two Erlang nodes doing the same loop in the same run.

    .venv/bin/python bench/dist_rtt.py [ROUNDS] [--repeat K] [--no-beam]   (20000, 3)

The same loop as bench/dist.py's request/reply (an actor on node A sends `(self, i)` to an
echo actor on node B over the TLS session and waits for `i`, one outstanding), but nothing
runs before it: dist.py's bulk phase and connection set-up warm the allocator, which hid a
per-read mmap cost that a fresh node paid. Besides round trips/s it prints user and system
CPU µs per round trip of each node (from os.times / /proc), which is far steadier than
wall time on a shared machine.

The BEAM peer (needs Debian's `elixir`; skipped without it): two `elixir --name` nodes on
this host, an echo process on B, the same loop on A, timed inside A; CPU per round trip of
each VM from /proc (user + system of all its threads; the BEAM's schedulers busy-wait a
little before sleeping, which that figure includes). Each
repeat runs the BEAM pair then the Mesh pair back to back; the summary gives the medians.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile

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


def mesh_run(rounds: int) -> dict:
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
    return result


BEAM_B = """
defmodule Srv do
  def echo do
    receive do
      {from, i} ->
        send(from, i)
        echo()
    end
  end
end
Process.register(spawn(&Srv.echo/0), :echo)
IO.puts(System.pid())
IO.gets("")
"""

BEAM_A = """
defmodule Cli do
  def rtt(_echo, n, n), do: :ok
  def rtt(echo, i, n) do
    send(echo, {self(), i})
    receive do
      ^i -> rtt(echo, i + 1, n)
    end
  end
end
[b, rounds] = System.argv()
b = String.to_atom(b)
rounds = String.to_integer(rounds)
true = Node.connect(b)
echo = :rpc.call(b, Process, :whereis, [:echo])
Cli.rtt(echo, 0, 100)
IO.puts(System.pid())
IO.gets("")
t0 = System.monotonic_time(:microsecond)
Cli.rtt(echo, 0, rounds)
t1 = System.monotonic_time(:microsecond)
IO.puts(rounds * 1_000_000 / (t1 - t0))
IO.gets("")
"""


def beam_run(rounds: int) -> dict | None:
    """Request/reply between two Erlang nodes, or None without elixir. CPU is read from
    /proc around the loop: A prints its OS pid and waits for a line before the loop, prints
    the rate and waits again after it."""
    if not shutil.which("elixir"):
        return None
    tag = f"meshrtt{os.getpid()}"
    with tempfile.TemporaryDirectory() as d:
        a_exs, b_exs = os.path.join(d, "a.exs"), os.path.join(d, "b.exs")
        with open(a_exs, "w") as f:
            f.write(BEAM_A)
        with open(b_exs, "w") as f:
            f.write(BEAM_B)
        common = ["--cookie", tag]
        pipes = dict(stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        b = subprocess.Popen(["elixir", "--name", f"{tag}b@127.0.0.1", *common, b_exs], **pipes)
        try:
            b_pid = int(b.stdout.readline())
            a = subprocess.Popen(
                ["elixir", "--name", f"{tag}a@127.0.0.1", *common, a_exs]
                + [f"{tag}b@127.0.0.1", str(rounds)],
                **pipes,
            )
            try:
                a_pid = int(a.stdout.readline())
                a0, b0 = _cpu_of(a_pid), _cpu_of(b_pid)
                a.stdin.write("go\n")
                a.stdin.flush()
                rtt = float(a.stdout.readline())
                a1, b1 = _cpu_of(a_pid), _cpu_of(b_pid)
            finally:
                a.stdin.close()
                a.wait(30)
        finally:
            b.stdin.close()
            b.wait(30)
    us = 1e6 / rounds
    return {
        "rtt": rtt,
        "a_cpu": (sum(a1) - sum(a0)) * us,
        "b_cpu": (sum(b1) - sum(b0)) * us,
    }


def main() -> int:
    args = sys.argv[1:]
    repeat = 3
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        del args[i : i + 2]
    beam_wanted = "--no-beam" not in args  # quick A/B runs of two Mesh trees
    if not beam_wanted:
        args.remove("--no-beam")
    rounds = int(args[0]) if args else 20_000
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    mesh, beam, ratios = [], [], []
    for k in range(repeat):
        b = beam_run(rounds) if beam_wanted else None
        m = mesh_run(rounds)
        mesh.append(m)
        line = (
            f"run {k + 1}: mesh {m['rtt']:,.0f} round trips/s, CPU per round trip "
            f"A {m['a_user']:.0f}+{m['a_sys']:.0f} us, B {m['b_user']:.0f}+{m['b_sys']:.0f} us "
            "(user+sys)"
        )
        if b is not None:
            beam.append(b)
            ratios.append(m["rtt"] / b["rtt"])
            line += (
                f"; BEAM {b['rtt']:,.0f} /s, CPU A {b['a_cpu']:.0f} us, B {b['b_cpu']:.0f} us;"
                f" ratio {ratios[-1]:.2f}"
            )
        print(line, flush=True)

    def med(rows, key):
        return statistics.median(r[key] for r in rows)

    print(
        f"mesh remote request/reply (median of {repeat}): {med(mesh, 'rtt'):,.0f} round trips/s "
        f"({rounds} sequential, {1e6 / med(mesh, 'rtt'):.0f} us each)"
    )
    print(
        f"mesh CPU per round trip (median): node A {med(mesh, 'a_user'):.0f} us user + "
        f"{med(mesh, 'a_sys'):.0f} us sys, node B {med(mesh, 'b_user'):.0f} us user + "
        f"{med(mesh, 'b_sys'):.0f} us sys"
    )
    if beam:
        print(
            f"BEAM request/reply (median): {med(beam, 'rtt'):,.0f} round trips/s, CPU per "
            f"round trip node A {med(beam, 'a_cpu'):.0f} us, node B {med(beam, 'b_cpu'):.0f} us"
        )
        print(
            f"ratio mesh/BEAM per run: {', '.join(f'{r:.2f}' for r in ratios)}; "
            f"median {statistics.median(ratios):.2f} (goal >= 0.5)"
        )
    elif beam_wanted:
        print("BEAM peer not measured: `elixir` is not installed")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
