"""What watching a node with `mesh observatory` costs it (issue 18).

    .venv/bin/python bench/observatory.py [--reps 5] [--secs 5] [--conns 50] [--windows 12]
                                          [--only pingpong|text] [--no-idle]
    .venv/bin/python bench/observatory.py --inproc [--pairs 200] [--trips 1000] [--light]

One compiled program runs as a cluster node (Node.start_from_env), in two workloads:
ping-pong between two local actors (round trips/s, from the program's own timing of
windows of 20,000 round trips) and GET /text under `wrk -t1 -cN` (requests/s). Each
workload runs in fresh node processes, alternately *not attached* (nobody watches) and
*attached* (a real `mesh observatory` process polls the node every second, so the node
answers `observe` queries and its spawn/exit, request-timing, frame and per-process
message / run-time hooks are on);
reps are interleaved so machine noise hits both sides alike. Printed: the median of each
side and attached/not-attached, for throughput and for the node's CPU time per operation
(from /proc: on a busy shared machine throughput swings by tens of percent between runs,
while the CPU a node spends per round trip or request is what the Observatory could add).

`--inproc` measures the per-process counters alone, in this process, which resolves
differences of a few % that the node runs above cannot on a loaded machine: the same
ping-pong (a Trio-task process and a light one) in short windows of `--trips` round trips,
alternately not attached, attached between run-time sampling windows, and attached inside
one (the Trio instrument installed), each timed by this thread's CPU clock; it prints the
median ratio of each attached window to the not-attached window just before it, and their
mix at the sampled fraction of time (no `observe` polls: their cost is the idle figure).
The pinging side is the main Trio task; with `--light` it is a light process too, like a
compiled program's `main` (a round trip then never leaves the light scheduler).

"Not compiled in" needs no third column: an unobserved node runs no Observatory code at
all (mesh/cluster/observe*.py are imported by the first `observe` query; the hooks are
instance attributes installed on attach), and the only line the feature adds to a runtime
path is one WeakSet insertion per `HTTP.serve` call.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchlib import PING_PONG_MPL, free_port

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
COOKIE = "bench-observatory-cookie"
WINDOW = 20_000

APP = (
    PING_PONG_MPL
    + """
fn windows(p :: Pid<Ping>, left :: Int) do
  if left > 0 do
    let t0 = DateTime.to_unix_ms(DateTime.utc_now())
    loop(p, self(), 0, @WINDOW)
    let t1 = DateTime.to_unix_ms(DateTime.utc_now())
    println("window #{t1 - t0}")
    windows(p, left - 1)
  end
end

fn text(_request :: Request) -> Response do
  HTTP.response(200, "Hello, World!")
end

fn main() do
  case Node.start_from_env() do
    Ok(st) -> println("node #{st.node_name}")
    Err(why) -> println("node failed: #{why}")
  end
  if Env.get("MODE", "http") == "pingpong" do
    windows(spawn(pong), Env.get_int("WINDOWS", 20))
  else
    HTTP.serve(HTTP.router() |> HTTP.on_get("/text", text), Env.get_int("HTTP_PORT", 8080))
  end
end
""".replace("@WINDOW", str(WINDOW))
)


def mesh_cmd() -> list[str]:
    exe = Path(PY).parent / "mesh"
    return [str(exe)] if exe.is_file() else [PY, "-m", "mesh.cli"]


def env_for(extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MESH_")}
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


class Proc:
    """A subprocess whose stdout lines are collected with their arrival times."""

    def __init__(self, argv, env):
        self.p = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.p.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait_line(self, pattern: str, timeout: float = 30.0) -> float:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for t, line in self.lines:
                if re.search(pattern, line):
                    return t
            if self.p.poll() is not None:
                break
            time.sleep(0.02)
        raise SystemExit(f"no line matching {pattern!r}: {self.lines}")

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()


def start_node(exe: Path, mode: str, http_port: int = 0, windows: int = 0) -> tuple[Proc, str]:
    port = free_port()
    name = f"bench@127.0.0.1:{port}"
    node = Proc(
        [str(exe)],
        env_for(
            {
                "MESH_CLUSTER_COOKIE": COOKIE,
                "MESH_NODE_NAME": name,
                "MESH_CLUSTER_PORT": str(port),
                "MESH_DISCOVERY_SEED": "127.0.0.1",
                "MODE": mode,
                "HTTP_PORT": str(http_port),
                "WINDOWS": str(windows),
            }
        ),
    )
    node.wait_line(r"^node bench@")
    return node, name


def attach(name: str) -> Proc:
    obs = Proc(
        mesh_cmd() + ["observatory", name, "--port", "0"], env_for({"MESH_CLUSTER_COOKIE": COOKIE})
    )
    obs.wait_line(r"http://")  # printed after the first `observe` query was answered
    return obs


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pingpong(exe: Path, attached: bool, windows: int) -> tuple[float, float]:
    """(round trips/s, node CPU µs per round trip) over the windows after warm-up (and,
    attached, after the Observatory's first answer)."""
    node, name = start_node(exe, "pingpong", windows=windows)
    obs = attach(name) if attached else None
    try:  # the cluster keep-alive holds the program up after its last window
        end = time.monotonic() + 300
        marks = []  # (window count, node CPU s, monotonic) each time a window ends
        last = 0
        while last < windows:
            n = sum(line.startswith("window ") for _t, line in node.lines)
            if n != last:
                marks.append((n, cpu_seconds(node.p.pid), time.monotonic()))
                last = n
            if time.monotonic() > end or node.p.poll() is not None:
                raise SystemExit(f"ping-pong windows missing: {node.lines}")
            time.sleep(0.002)
    finally:
        if obs is not None:
            obs.stop()
        node.stop()
    (n0, c0, t0), (n1, c1, t1) = marks[min(2, len(marks) - 2)], marks[-1]
    trips = (n1 - n0) * WINDOW
    return trips / (t1 - t0), (c1 - c0) / trips * 1e6


def http_text(exe: Path, attached: bool, secs: int, conns: int) -> tuple[float, float]:
    """(requests/s, node CPU µs per request) of one `wrk` run."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is required (apt-get install wrk)")
    hport = free_port()
    node, name = start_node(exe, "http", http_port=hport)
    obs = attach(name) if attached else None
    try:
        node.wait_line(r"listening on")
        subprocess.run(
            [wrk, "-t1", "-c10", "-d1s", f"http://127.0.0.1:{hport}/text"],
            capture_output=True,
            timeout=60,
        )  # warm-up
        c0 = cpu_seconds(node.p.pid)
        out = subprocess.run(
            [wrk, "-t1", f"-c{conns}", f"-d{secs}s", f"http://127.0.0.1:{hport}/text"],
            capture_output=True,
            text=True,
            timeout=secs + 60,
        ).stdout
        c1 = cpu_seconds(node.p.pid)
    finally:
        if obs is not None:
            obs.stop()
        node.stop()
    done = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), (c1 - c0) / done * 1e6


def idle_cost(exe: Path, secs: int = 20) -> tuple[float, float, float]:
    """CPU ms per second of an idle node, not attached and attached, and of the
    Observatory process itself: the direct price of one poll a second (noise-free, unlike
    throughput on a shared machine)."""
    node, name = start_node(exe, "http", http_port=free_port())
    obs = None
    try:
        time.sleep(2)
        c0 = cpu_seconds(node.p.pid)
        time.sleep(secs)
        off = (cpu_seconds(node.p.pid) - c0) * 1000 / secs
        obs = attach(name)
        time.sleep(2)
        c0, o0 = cpu_seconds(node.p.pid), cpu_seconds(obs.p.pid)
        time.sleep(secs)
        on = (cpu_seconds(node.p.pid) - c0) * 1000 / secs
        own = (cpu_seconds(obs.p.pid) - o0) * 1000 / secs
    finally:
        if obs is not None:
            obs.stop()
        node.stop()
    return off, on, own


def inproc(pairs: int, trips: int, light: bool) -> None:
    """The per-process counters' cost on local ping-pong (see the module docstring)."""
    import trio

    from mesh.cluster import observe, observe_counts
    from mesh.cluster.runtime import runtime_of
    from mesh.runtime import actors
    from mesh.runtime.actors.process import KILLED

    async def pong():
        while True:
            (frm, n), *_ = await actors.receive_any()
            actors.send(frm, n)

    async def ping(p, report):  # times `trips` round trips each time it is told to
        me = actors.self_pid()
        while True:
            await actors.receive_any()
            t0 = time.thread_time()
            for i in range(trips):
                actors.send(p, (me, i))
                await actors.receive_any()
            actors.send(report, (time.thread_time() - t0) / trips)

    pong._mesh_plain_waits = ping._mesh_plain_waits = True  # light, as compiled actors are
    node = actors.Node()
    got: dict[str, list[float]] = {"steady": [], "window": []}

    async def run() -> None:
        rt = runtime_of(node)
        rt.name = "bench@127.0.0.1:1"
        me, p = actors.self_pid(), actors.spawn(pong)
        pinger = actors.spawn(ping, p, me) if light else None

        async def cpu_per_trip() -> float:
            if pinger is not None:
                actors.send(pinger, "go")
                return (await actors.receive_any())[0]
            t0 = time.thread_time()
            for i in range(trips):
                actors.send(p, (me, i))
                await actors.receive_any()
            return (time.thread_time() - t0) / trips

        await cpu_per_trip()
        tracer = observe.tracer_of(node, rt)
        for _ in range(pairs):
            off = await cpu_per_trip()
            tracer.touch()
            await trio.sleep(observe_counts.SAMPLE_FOR + 0.005)  # the attach window closed
            got["steady"].append(await cpu_per_trip() / off)
            tracer.counters._open_window()
            got["window"].append(await cpu_per_trip() / off)
            tracer.detach()
        for q in (p, pinger):
            if q is not None:
                node.kill(node.procs[q.id], KILLED)

    trio.run(node.run, run)
    steady, window = (statistics.median(got[k]) for k in ("steady", "window"))
    share = observe_counts.SAMPLE_FOR / observe_counts.SAMPLE_EVERY
    q = statistics.quantiles(got["steady"], n=4)
    print(
        f"in-process ping-pong, {'light <-> light' if light else 'Trio task <-> light'}, "
        f"CPU per round trip attached / not attached ({pairs} pairs "
        f"of {trips} round trips): between sampling windows {steady:.3f} (quartiles "
        f"{q[0]:.3f}-{q[2]:.3f}), inside one {window:.3f}; mixed at {share:.0%} of the "
        f"time in windows: {steady + share * (window - steady):.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--secs", type=int, default=5)
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--windows", type=int, default=12)
    ap.add_argument("--only", choices=("pingpong", "text"), help="run one workload")
    ap.add_argument("--no-idle", action="store_true", help="skip the idle-node measure")
    ap.add_argument("--inproc", action="store_true", help="the counters alone, in-process")
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--trips", type=int, default=1000)
    ap.add_argument("--light", action="store_true", help="--inproc: the pinger light too")
    a = ap.parse_args()
    if a.inproc:
        print(f"load average {os.getloadavg()[0]:.2f}")
        inproc(a.pairs, a.trips, a.light)
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "obsbench.mpl"
        src.write_text(APP, encoding="utf-8")
        exe = Path(tmp) / "obsbench"
        r = subprocess.run(
            mesh_cmd()
            + ["build", str(src), "-o", str(exe), "--build-dir", str(Path(tmp) / "build")],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if r.returncode != 0:
            raise SystemExit(r.stdout + r.stderr)
        print(f"load average {os.getloadavg()[0]:.2f}; {a.reps} interleaved reps per side")
        if not a.no_idle:
            off, on, own = idle_cost(exe)
            print(
                f"idle node CPU: not attached {off:.1f} ms/s, attached {on:.1f} ms/s "
                f"(polled once a second); the Observatory itself {own:.1f} ms/s"
            )
        for key, label, unit, run in (
            ("pingpong", "ping-pong", "round trips/s", lambda on: pingpong(exe, on, a.windows)),
            ("text", "GET /text", "requests/s", lambda on: http_text(exe, on, a.secs, a.conns)),
        ):
            if a.only not in (None, key):
                continue
            got: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
            for _ in range(a.reps):
                for on in (False, True):
                    got[on].append(run(on))
            rate = {on: statistics.median(r for r, _c in got[on]) for on in got}
            cpu = {on: statistics.median(c for _r, c in got[on]) for on in got}
            print(
                f"{label}: not attached {rate[False]:,.0f} {unit}, {cpu[False]:.1f} µs node CPU"
                f" each; attached {rate[True]:,.0f}, {cpu[True]:.1f} µs"
            )
            print(
                f"  throughput attached/not attached {rate[True] / rate[False]:.3f}; "
                f"node CPU per operation attached/not attached {cpu[True] / cpu[False]:.3f}"
            )
            for on in (False, True):
                print(
                    f"  {'attached' if on else 'not attached':13} runs: "
                    + ", ".join(f"{r:,.0f}/s {c:.1f}µs" for r, c in got[on])
                )
        print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
