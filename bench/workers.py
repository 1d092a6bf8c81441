"""Node-per-core workers (docs/internals/workers.md): what can be measured on a 2-core box.

    .venv/bin/python bench/workers.py [SECONDS] [ROUNDS]

One compiled server (`GET /text`, `/local`: a call to this worker's own service,
`/remote`: the same call to the service of the *other* worker, found through `Global`),
started with `MESH_WORKERS=1` and `=2`. Three measurements, each interleaved over ROUNDS
rounds (default 3) of SECONDS (default 5), medians reported:

1. **Requests per server-CPU-second**, `/text`, `wrk -t1` unpinned: requests divided by
   the CPU time (user + system, from /proc) of the supervisor and every worker. Workers
   must not make each request dearer: 2 workers vs 1 should stay ≥ 0.90. Measured with 32
   connections in all, and with 32 per worker: a server's cost per request falls as its
   load rises (more ready connections per wake-up of the event loop), so splitting the
   same 32 connections over two workers shows that effect on top of any worker cost.
   Isolated worker cost: the same load on a single worker of a group (shared listener,
   the other worker stopped with SIGSTOP) against the single process, CPU of the serving
   process only — what being a worker node costs per request, without the load split.
2. **Throughput pinned**: wrk on core 0 (`taskset -c 0`), the server (and so its workers)
   on core 1. 2 workers share one core here, so this shows the overhead of the second
   worker, not scaling: it should not regress. Both servers saturate their core, so the
   requests per server-CPU-second of these runs compare the per-request cost without the
   batching difference of item 1 (a busier single process handles more requests per
   wake-up).
3. **Cross-worker `Global` service call**: 2 workers, `/remote` vs `/local` at `wrk -c1`
   (latency) and per server-CPU-second (cost): the difference is one service call that
   crosses to the other worker node and back.

Scaling itself needs free cores for the load generator:

    .venv/bin/python bench/workers.py --scaling [SECONDS] [ROUNDS]

on a machine with at least 4 CPUs: the first half of the CPUs run the server, the other
half `wrk -t<k> -c<64k>`; it compares 1 worker, k workers (goal ≥ 1.8× for k = 2) and Go
net/http (bench/http/go_server, GOMAXPROCS=k) on the same server cores (goal: Mesh with k
workers ≥ Go). For that comparison use a release build of the server:

    .venv/bin/python bench/workers.py --program > server.mpl
    .venv/bin/mesh build server.mpl --release -o server
    WORKERS_BENCH_EXE=$PWD/server .venv/bin/python bench/workers.py --scaling
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "cluster")]

from cluster_app import build, clean_env, poll  # noqa: E402

PROGRAM = """\
service Counter do
  fn init() -> Int do
    0
  end

  call Hit() :: Int do |n|
    (n + 1, n + 1)
  end
end

fn text(_request) do
  HTTP.response(200, "Hello, World!")
end

fn local(_request) do
  HTTP.response(200, "#{Counter.hit(Process.whereis("counter"))}")
end

fn peer() -> String do
  let others = Node.list()
  if List.length(others) > 0 do
    List.head(others)
  else
    Node.self()
  end
end

fn remote(_request) do
  HTTP.response(200, "#{Counter.hit(Global.whereis("counter-#{peer()}"))}")
end

fn main() do
  let c = Counter.start()
  let _ = Process.register("counter", c)
  let _ = Global.register("counter-#{Node.self()}", c)
  let router = HTTP.router()
    |> HTTP.on_get("/text", text)
    |> HTTP.on_get("/local", local)
    |> HTTP.on_get("/remote", remote)
  HTTP.serve(router, Env.get_int("PORT", 0))
end
"""

STATE = re.compile(r"worker=\d+ pid=(\d+) state=running")
TICK = os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(
        self, exe: Path, workers: int, cpu: str | None = None, listener: str = "reuseport"
    ):
        self.port = _free_port()
        cmd = [str(exe)] if cpu is None else ["taskset", "-c", cpu, str(exe)]
        self.p = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            env=clean_env(
                {
                    "MESH_WORKERS": str(workers),
                    "MESH_WORKERS_LISTENER": listener,
                    "PORT": str(self.port),
                }
            ),
        )
        self.err: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        self.pids = [self.p.pid]
        if workers > 1:
            poll(
                lambda: STATE.findall("\n".join(self.err)),
                lambda v: len(v) == workers,
                what=f"{workers} workers running; {self.err}",
            )
            self.pids += [int(x) for x in STATE.findall("\n".join(self.err))]
        poll(lambda: _listening(self.port), bool, what="listening")

    def _pump(self):
        for line in self.p.stderr:
            self.err.append(line.rstrip("\n"))

    def cpu_seconds(self, pids: list[int] | None = None) -> float:
        total = 0
        for pid in self.pids if pids is None else pids:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / TICK

    def stop(self) -> None:
        try:
            os.killpg(self.p.pid, signal.SIGTERM)
            self.p.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.p.pid, signal.SIGKILL)
            self.p.wait(5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _server_exe(tmp: Path) -> Path:
    """`WORKERS_BENCH_EXE` (e.g. this script's PROGRAM built with `mesh build --release`;
    `--program` prints it), else a debug build of PROGRAM."""
    given = os.environ.get("WORKERS_BENCH_EXE")
    return Path(given) if given else build(PROGRAM, tmp, "server")


def wrk(
    port: int, path: str, seconds: int, conns: int = 32, cpu: str | None = None, threads: int = 1
):
    """(requests, requests/s, mean latency µs)."""
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", f"http://127.0.0.1:{port}{path}"]
    if cpu is not None:
        cmd = ["taskset", "-c", cpu, *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    n = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"Latency\s+([\d.]+)(us|ms|s)", out)
    lat = float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[m.group(2)]
    return n, rps, lat


def per_cpu(server: Server, path: str, seconds: int, conns: int = 32) -> float:
    before = server.cpu_seconds()
    n, _rps, _lat = wrk(server.port, path, seconds, conns)
    return n / max(server.cpu_seconds() - before, 1e-9)


def scaling(seconds: int, rounds: int) -> None:
    """1 vs k workers vs Go on k server CPUs, wrk on the k others (needs ≥ 4 CPUs)."""
    cpus = sorted(os.sched_getaffinity(0))
    k = len(cpus) // 2
    if k < 2:
        sys.exit(f"--scaling needs at least 4 CPUs (this machine: {len(cpus)})")
    server_cpus = ",".join(map(str, cpus[:k]))
    load_cpus = ",".join(map(str, cpus[k : 2 * k]))
    sys.path.insert(0, str(ROOT / "bench" / "http"))
    import run as http_run  # bench/http/run.py: finds (or installs) and builds the Go peer

    res: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        exe = _server_exe(Path(tmp))
        go, why = http_run.find_go(install=True)
        go_exe = http_run.build_go(go, Path(tmp))[0] if go else None
        for _ in range(rounds):
            for label, n in (("1 worker", 1), (f"{k} workers", k)):
                s = Server(exe, n, cpu=server_cpus)
                try:
                    wrk(s.port, "/text", 1, 64 * k, load_cpus, k)
                    res.setdefault(label, []).append(
                        wrk(s.port, "/text", seconds, 64 * k, load_cpus, k)[1]
                    )
                finally:
                    s.stop()
            if go_exe is not None:
                port = _free_port()
                p = subprocess.Popen(
                    ["taskset", "-c", server_cpus, str(go_exe), str(port)],
                    env={**os.environ, "GOMAXPROCS": str(k)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                try:
                    poll(lambda p=port: _listening(p), bool, what="go listening")
                    wrk(port, "/text", 1, 64 * k, load_cpus, k)
                    res.setdefault(f"go net/http, GOMAXPROCS={k}", []).append(
                        wrk(port, "/text", seconds, 64 * k, load_cpus, k)[1]
                    )
                finally:
                    p.kill()
                    p.wait(5)
    base = statistics.median(res["1 worker"])
    print(
        f"GET /text, server on CPUs {server_cpus}, wrk -t{k} -c{64 * k} on CPUs {load_cpus}, "
        f"{seconds} s x {rounds} rounds (median)" + ("" if go_exe else f"; no Go: {why}")
    )
    print()
    print("| server | requests/s | vs 1 worker |")
    print("|---|---:|---:|")
    for label, v in res.items():
        med = statistics.median(v)
        print(f"| {label} | {med:,.0f} | {med / base:.2f}x |")


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--program"]:
        sys.stdout.write(PROGRAM)
        return
    if args[:1] == ["--scaling"]:
        args = args[1:]
        scaling(int(args[0]) if args else 10, int(args[1]) if len(args) > 1 else 3)
        return
    seconds = int(args[0]) if args else 5
    rounds = int(args[1]) if len(args) > 1 else 3
    res: dict[str, list[float]] = {}

    def add(key, v):
        res.setdefault(key, []).append(v)

    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        exe = _server_exe(Path(tmp))
        for _ in range(rounds):
            for n in (1, 2):  # 1. requests per server-CPU-second, unpinned
                s = Server(exe, n)
                try:
                    wrk(s.port, "/text", 1)
                    add(f"cpu{n}", per_cpu(s, "/text", seconds))
                    add(f"cpuw{n}", per_cpu(s, "/text", seconds, 32 * n))
                finally:
                    s.stop()
            for n in (1, 2):  # 1b. one serving process: single vs a worker of a group
                s = Server(exe, n, listener="shared")
                serving = [s.pids[-1 if n == 1 else 1]]
                if n == 2:
                    os.kill(s.pids[2], signal.SIGSTOP)
                try:
                    wrk(s.port, "/text", 1)
                    before = s.cpu_seconds(serving)
                    count = wrk(s.port, "/text", seconds)[0]
                    add(f"iso{n}", count / max(s.cpu_seconds(serving) - before, 1e-9))
                finally:
                    if n == 2:
                        os.kill(s.pids[2], signal.SIGCONT)
                    s.stop()
            for n in (1, 2):  # 2. wrk on core 0, the server on core 1
                s = Server(exe, n, cpu="1")
                try:
                    wrk(s.port, "/text", 1, cpu="0")
                    before = s.cpu_seconds()
                    count, rps, _lat = wrk(s.port, "/text", seconds, cpu="0")
                    add(f"pin{n}", rps)
                    add(f"pincpu{n}", count / max(s.cpu_seconds() - before, 1e-9))
                finally:
                    s.stop()
            s = Server(exe, 2)  # 3. the cross-worker service call
            try:
                wrk(s.port, "/remote", 1)
                for path in ("/local", "/remote"):
                    add(f"lat{path}", wrk(s.port, path, seconds, conns=1)[2])
                    add(f"cost{path}", per_cpu(s, path, seconds))
            finally:
                s.stop()
    med = {k: statistics.median(v) for k, v in res.items()}
    print(
        f"wrk -t1, {seconds} s per run, {rounds} interleaved rounds (median), {os.cpu_count()} CPUs"
    )
    print()
    print("| measurement | 1 worker | 2 workers | 2 / 1 |")
    print("|---|---:|---:|---:|")
    print(
        f"| GET /text requests per server-CPU-second (c32, unpinned) | {med['cpu1']:,.0f} "
        f"| {med['cpu2']:,.0f} | {med['cpu2'] / med['cpu1']:.2f} |"
    )
    print(
        f"| the same with 32 connections per worker (c32 / c64) | {med['cpuw1']:,.0f} "
        f"| {med['cpuw2']:,.0f} | {med['cpuw2'] / med['cpuw1']:.2f} |"
    )
    print(
        f"| one serving process, requests per its CPU-second (single / a worker, the "
        f"other stopped) | {med['iso1']:,.0f} | {med['iso2']:,.0f} "
        f"| {med['iso2'] / med['iso1']:.2f} |"
    )
    print(
        f"| GET /text requests/s, wrk on core 0, server on core 1 (c32) | {med['pin1']:,.0f} "
        f"| {med['pin2']:,.0f} | {med['pin2'] / med['pin1']:.2f} |"
    )
    print(
        f"| the same, requests per server-CPU-second | {med['pincpu1']:,.0f} "
        f"| {med['pincpu2']:,.0f} | {med['pincpu2'] / med['pincpu1']:.2f} |"
    )
    print()
    local_cost = 1e6 / med["cost/local"]
    remote_cost = 1e6 / med["cost/remote"]
    print("| 2 workers | local service call | cross-worker Global service call | difference |")
    print("|---|---:|---:|---:|")
    print(
        f"| latency at c1 (µs, mean) | {med['lat/local']:,.0f} | {med['lat/remote']:,.0f} "
        f"| +{med['lat/remote'] - med['lat/local']:,.0f} |"
    )
    print(
        f"| server CPU per request (µs, c32) | {local_cost:,.0f} | {remote_cost:,.0f} "
        f"| +{remote_cost - local_cost:,.0f} |"
    )


if __name__ == "__main__":
    main()
