"""Node-per-core workers (docs/internals/workers.md): what can be measured on a 2-core box.

    .venv/bin/python bench/workers.py [SECONDS] [ROUNDS] [--cpu-only] [--no-install]

One compiled server (`GET /text`, `/local`: a call to this worker's own service,
`/remote`: the same call to the service of the *other* worker, found through `Global`),
started with `MESH_WORKERS=1` and `=2`. Three measurements, each interleaved over ROUNDS
rounds (default 3) of SECONDS (default 5), medians reported:

1. **Requests per server-CPU-second**, `/text`, `wrk -t1 -c32` unpinned: requests divided
   by the CPU time (user + system, from /proc) of the supervisor and every worker. Workers
   must not make each request dearer: 2 workers vs 1 should stay ≥ 0.90. The peer is
   measured the same way in the same run: uvicorn + starlette (bench/http/
   starlette_server.py) with `--workers 1` and `--workers 2` (a parent and two worker
   processes accepting from one shared socket), CPU of its whole process tree. The four
   servers run side by side and are loaded in turn, ROUNDS times in a rotated order, so the
   machine's other load reaches all four alike; figures are requests over CPU time summed
   over the rounds, and the 2 / 1 ratio within each round shows the noise. Each row also
   gives the context switches per 1000 requests (voluntary: the event loop went to sleep
   for want of work; involuntary: the kernel preempted the runnable server to run
   something else, such as wrk): splitting one load generator's requests over two event
   loops halves each loop's requests per wake-up, and three busy processes (wrk and two
   workers) on two CPUs preempt each other — both cost CPU per request without any work
   of the workers'.
   1a. The same with 32 connections per worker (c32 / c64).
   1b. Isolated worker cost: the same load on a single worker of a group (shared listener,
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

`--cpu-only` runs just the requests-per-server-CPU-second rows (ours and the peer), for
repeated runs on a loaded machine. The peer is a bench-only dependency: when uvicorn or
starlette is missing the script installs them into this interpreter's environment with pip
(`--no-install` leaves the peer rows out instead); they are not runtime dependencies.

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
        self,
        exe: Path,
        workers: int,
        cpu: str | None = None,
        listener: str = "reuseport",
        pin: str = "auto",
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
                    "MESH_WORKERS_PIN": pin,
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
        self.serving = self.pids[1:] or self.pids
        poll(lambda: _listening(self.port), bool, what="listening")

    def _pump(self):
        for line in self.p.stderr:
            self.err.append(line.rstrip("\n"))

    def cpu_seconds(self, pids: list[int] | None = None) -> float:
        return _cpu_seconds(self.pids if pids is None else pids)

    def switches(self) -> tuple[int, int]:
        return _switches(self.pids)

    def stop(self) -> None:
        try:
            os.killpg(self.p.pid, signal.SIGTERM)
            self.p.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.p.pid, signal.SIGKILL)
            self.p.wait(5)


class Uvicorn:
    """The peer: uvicorn + starlette serving GET /text with `--workers N` (N = 1: one
    process; N > 1: a parent that binds the socket and N worker processes sharing it)."""

    def __init__(self, workers: int):
        self.port = _free_port()
        self.p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "starlette_server:app",
                "--app-dir",
                str(ROOT / "bench" / "http"),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--log-level",
                "info",
                "--no-access-log",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.err: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        poll(
            lambda: sum("Application startup complete" in line for line in self.err),
            lambda v: v >= workers,
            what=f"uvicorn with {workers} workers started; {self.err}",
        )
        poll(lambda: _listening(self.port), bool, what="uvicorn listening")
        self.pids = _tree(self.p.pid)
        self.serving = [p for p in self.pids if _cmdline(p).find("spawn_main") >= 0] or self.pids

    def _pump(self):
        for line in self.p.stderr:
            self.err.append(line.rstrip("\n"))

    def cpu_seconds(self) -> float:
        return _cpu_seconds(self.pids)

    def switches(self) -> tuple[int, int]:
        return _switches(self.pids)

    def stop(self) -> None:
        try:
            os.killpg(self.p.pid, signal.SIGTERM)
            self.p.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.p.pid, signal.SIGKILL)
            self.p.wait(5)


def _peer_available(install: bool) -> str | None:
    """None when uvicorn and starlette import (installing them with pip if allowed), else
    why the peer rows are left out."""
    probe = [sys.executable, "-c", "import uvicorn, starlette"]
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return None
    if not install:
        return "uvicorn/starlette not installed (--no-install)"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "uvicorn", "starlette"],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0 or subprocess.run(probe, capture_output=True).returncode != 0:
        return f"uvicorn/starlette could not be installed: {r.stderr.strip()[-200:]}"
    return None


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline") as f:
            return f.read()
    except OSError:
        return ""


class Placement:
    """While a run lasts, samples every 10 ms the CPU each serving process last ran on (its
    busiest thread's): the share of samples with two serving processes on one CPU."""

    def __init__(self, pids: list[int]):
        self.pids, self.same, self.total = pids, 0, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()

    def _sample(self) -> None:
        while not self.done.wait(0.01):
            try:
                cpus = [_last_cpu(p) for p in self.pids]
            except OSError:
                continue
            self.total += 1
            self.same += len(set(cpus)) < len(cpus)


def _last_cpu(pid: int) -> int:
    busiest = (-1, -1)
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        busiest = max(busiest, (int(fields[11]) + int(fields[12]), int(fields[36])))
    return busiest[1]


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(k) for k in f.read().split())
        except OSError:
            pass
    return out


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of `pids` (each with all its threads)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def _switches(pids: list[int]) -> tuple[int, int]:
    """(voluntary, involuntary) context switches of every thread of `pids`."""
    vol = invol = 0
    for pid in pids:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        vol += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches:"):
                        invol += int(line.split()[1])
    return vol, invol


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


def efficiency(server: Server | Uvicorn, seconds: int, conns: int = 32) -> tuple:
    """GET /text: (requests per server-CPU-second, voluntary and involuntary context
    switches per 1000 requests)."""
    cpu, (vol, invol) = server.cpu_seconds(), server.switches()
    n, _rps, _lat = wrk(server.port, "/text", seconds, conns)
    cpu2, (vol2, invol2) = server.cpu_seconds(), server.switches()
    return n / max(cpu2 - cpu, 1e-9), 1e3 * (vol2 - vol) / n, 1e3 * (invol2 - invol) / n


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


def _efficiency(exe: Path, peer: bool, seconds: int, rounds: int, res: dict) -> None:
    """Item 1 for ours and the peer, 1 and 2 workers each. The four servers run side by
    side (an idle one costs ~0.1 % of a core) and are loaded in turn, ROUNDS times, in an
    order rotated per round, so drift in the machine's other load reaches all four alike;
    each server's figure is its requests over its CPU time summed over the rounds."""
    runs = [("mesh", 1), ("mesh", 2), ("mesh-unpinned", 2)]
    runs += [("uvicorn", 1), ("uvicorn", 2)] if peer else []
    servers: dict[tuple, Server | Uvicorn] = {}
    try:
        for who, n in runs:
            if who == "uvicorn":
                servers[who, n] = Uvicorn(n)
            else:  # the 2-worker group pins its workers (one per CPU here) unless told not to
                servers[who, n] = Server(exe, n, pin="0" if who == "mesh-unpinned" else "auto")
        for s in servers.values():
            wrk(s.port, "/text", 1)
        totals = {key: [0, 0.0, 0, 0, 0, 0] for key in runs}
        for rnd in range(rounds):
            k = rnd % len(runs)
            per_round = {}
            for key in runs[k:] + runs[:k]:
                s = servers[key]
                cpu, (vol, invol) = s.cpu_seconds(), s.switches()
                with Placement(s.serving) as where:
                    n = wrk(s.port, "/text", seconds)[0]
                cpu2, (vol2, invol2) = s.cpu_seconds(), s.switches()
                t = totals[key]
                t[0] += n
                t[1] += cpu2 - cpu
                t[2] += vol2 - vol
                t[3] += invol2 - invol
                t[4] += where.same
                t[5] += where.total
                per_round[key] = n / max(cpu2 - cpu, 1e-9)
            for who in ("mesh", "mesh-unpinned", "uvicorn"):
                if (who, 2) in per_round:
                    one = per_round["uvicorn" if who == "uvicorn" else "mesh", 1]
                    res.setdefault(f"{who}-round", []).append(per_round[who, 2] / one)
        for (who, n), (count, cpu, vol, invol, same, samples) in totals.items():
            res[f"{who}-same{n}"] = [100 * same / max(samples, 1)]
            res[f"{who}-cpu{n}"] = [count / max(cpu, 1e-9)]
            res[f"{who}-vol{n}"] = [1e3 * vol / count]
            res[f"{who}-invol{n}"] = [1e3 * invol / count]
    finally:
        for s in servers.values():
            s.stop()


def _print_efficiency(med: dict, peer_note: str | None) -> None:
    print(
        "| GET /text, wrk -c32 on any CPU | requests per server-CPU-second, 1 worker "
        "| 2 workers | 2 / 1 | context switches per 1000 requests, voluntary + involuntary: "
        "1 → 2 | 2 workers on one CPU (% of samples) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    rows = [
        ("mesh", "mesh", "Mesh, MESH_WORKERS=1 / 2 (pinned: one worker per CPU)"),
        ("mesh", "mesh-unpinned", "Mesh, the 2 workers not pinned (MESH_WORKERS_PIN=0)"),
        ("uvicorn", "uvicorn", "uvicorn+starlette, --workers 1 / 2"),
    ]
    for base, who, label in rows:
        if f"{who}-cpu2" not in med:
            print(f"| {label} | — | — | — | {peer_note} | — |")
            continue
        one, two = med[f"{base}-cpu1"], med[f"{who}-cpu2"]
        print(
            f"| {label} | {one:,.0f} | {two:,.0f} | {two / one:.2f} "
            f"| {med[f'{base}-vol1']:.0f} + {med[f'{base}-invol1']:.0f} → "
            f"{med[f'{who}-vol2']:.0f} + {med[f'{who}-invol2']:.0f} "
            f"| {med[f'{who}-same2']:.0f} |"
        )
    if "uvicorn-cpu1" in med:
        ours = med["mesh-cpu2"] / med["mesh-cpu1"]
        theirs = med["uvicorn-cpu2"] / med["uvicorn-cpu1"]
        print()
        print(
            f"2 / 1 ratio: Mesh {ours:.2f}, uvicorn {theirs:.2f} (Mesh / uvicorn "
            f"{ours / theirs:.2f}); goal Mesh ≥ 0.90"
        )


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--program"]:
        sys.stdout.write(PROGRAM)
        return
    if args[:1] == ["--scaling"]:
        args = args[1:]
        scaling(int(args[0]) if args else 10, int(args[1]) if len(args) > 1 else 3)
        return
    cpu_only = "--cpu-only" in args
    install = "--no-install" not in args
    args = [a for a in args if not a.startswith("--")]
    seconds = int(args[0]) if args else 5
    rounds = int(args[1]) if len(args) > 1 else 3
    peer_note = _peer_available(install)
    res: dict[str, list[float]] = {}

    def add(key, v):
        res.setdefault(key, []).append(v)

    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        exe = _server_exe(Path(tmp))
        # 1. requests per server-CPU-second, unpinned, ours and the peer
        _efficiency(exe, peer_note is None, seconds, rounds, res)
        for _ in range(0 if cpu_only else rounds):
            for n in (1, 2):  # 1a. 32 connections per worker
                s = Server(exe, n)
                try:
                    wrk(s.port, "/text", 1)
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
        f"wrk -t1, {seconds} s per run, {rounds} interleaved rounds (rows 1a-3: median), "
        f"{os.cpu_count()} "
        f"CPUs, load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
    )
    print()
    _print_efficiency(med, peer_note)
    print()
    ratios = [
        f"{who} {min(res[f'{who}-round']):.2f}–{max(res[f'{who}-round']):.2f} "
        f"(median {statistics.median(res[f'{who}-round']):.2f})"
        for who in ("mesh", "mesh-unpinned", "uvicorn")
        if f"{who}-round" in res
    ]
    print(f"2 / 1 within each round, min–max: {'; '.join(ratios)}")
    if cpu_only:
        return
    print()
    print("| measurement | 1 worker | 2 workers | 2 / 1 |")
    print("|---|---:|---:|---:|")
    print(
        f"| Mesh GET /text with 32 connections per worker (c32 / c64), per server-CPU-second "
        f"| {med['cpuw1']:,.0f} | {med['cpuw2']:,.0f} | {med['cpuw2'] / med['cpuw1']:.2f} |"
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
