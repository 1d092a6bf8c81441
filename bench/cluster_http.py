"""`HTTP.clustered` GET throughput and p99 latency with two nodes on loopback (spec 07 §11.6).

    .venv/bin/python bench/cluster_http.py [SECONDS] [ROUNDS]

One compiled program, booted from the environment as a primary (127.0.0.1) and a standby
(127.0.0.2) on one cluster port, both serving HTTP. `wrk -t1 -c16 --latency` loads node a
only; per run it hits one of:

* `/plain` — the handler as a plain local route (the peer, measured in the same run);
* `/clustered` — `HTTP.clustered(hello)` (N = 2): per request a continuity record is
  submitted and placed on the hash ring, mirrored on the other node (`CONT_PREPARE` round
  trip), run on its owner — half the time node b, over a pooled authenticated
  `mesh-http-route` connection — and completed, every transition broadcast to the peer;
* `/clustered1` — `HTTP.clustered(1, hello_one)` (N = 1: placement and remote execution,
  no replica).

Runs are interleaved for ROUNDS rounds (default 3) of SECONDS each (default 5); the table
shows medians and the ratio against `/plain`, and the CPU time (user + system) each node
process spent per request during the run — steadier than requests/s on a shared machine.
Then, per round and route, SEQUENTIAL (300) single requests one after the other over one
keep-alive connection: the latency column is the median of the rounds' medians, with the
CPU time per request of each node (no load: no batching, the steadiest figure). Needs
`wrk` (`apt-get install -y wrk`). The machine's cores are shared by wrk and both nodes, so
the clustered rows also pay node b's CPU, which the plain route does not use.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "cluster")]

from benchlib import free_port  # noqa: E402
from cluster_app import Node, build, poll  # noqa: E402
from mesh_build import shared_free_port  # noqa: E402

COOKIE = "bench-cluster-http-cookie"
CONNECTIONS = 16
SEQUENTIAL = 300
PATHS = ("/plain", "/clustered", "/clustered1")

PROGRAM = """\
pub fn hello(_request :: Request) -> Response do
  HTTP.response(200, "Hello, World!")
end

pub fn hello_one(_request :: Request) -> Response do
  HTTP.response(200, "Hello, World!")
end

fn main() do
  let _ = Node.start_from_env()
  let router = HTTP.router()
    |> HTTP.on_get("/plain", hello)
    |> HTTP.on_get("/clustered", HTTP.clustered(hello))
    |> HTTP.on_get("/clustered1", HTTP.clustered(1, hello_one))
  HTTP.serve(router, Env.get_int("HTTP_PORT", 0))
end
"""


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def start_pair(exe: Path) -> tuple[list[Node], int]:
    port = shared_free_port()
    hosts = ("127.0.0.1", "127.0.0.2")
    nodes, http_ports = [], []
    for i, host in enumerate(hosts):
        http_ports.append(free_port())
        env = {
            "MESH_CLUSTER_COOKIE": COOKIE,
            "MESH_DISCOVERY_SEED": ",".join(hosts),
            "MESH_DISCOVERY_INTERVAL_MS": "200",
            "MESH_CLUSTER_PORT": str(port),
            "MESH_NODE_NAME": f"{'ab'[i]}@{host}:{port}",
            "HTTP_PORT": str(http_ports[i]),
            "MESH_CONTINUITY_ROLE": "primary" if i == 0 else "standby",
        }
        nodes.append(Node(exe, env, env["MESH_NODE_NAME"], COOKIE))
    names = sorted(n.name for n in nodes)
    for n, hp in zip(nodes, http_ports):
        poll(
            lambda n=n: (n.status() or {}).get("membership", {}).get("nodes"),
            lambda v: v == names,
            what=f"{n.name} membership",
        )
        poll(lambda hp=hp: listening(hp), bool, what="HTTP listener")
    return nodes, http_ports[0]


def cpu_seconds(node: Node) -> float:
    """User + system CPU time of a node process so far."""
    fields = Path(f"/proc/{node.p.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(port: int, path: str, seconds: int) -> tuple[float, float, int]:
    """(requests/s, p99 ms, non-2xx responses)."""
    r = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    out = r.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, p99, int(bad.group(1)) if bad else 0


def sequential_ms(port: int, path: str, count: int = SEQUENTIAL) -> float:
    """Median latency (ms) of `count` requests sent one after the other over one
    keep-alive connection (after a few unmeasured ones)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    try:
        for i in range(count + 10):
            t0 = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise RuntimeError(f"{path}: status {resp.status}")
            if i >= 10:
                times.append(time.perf_counter() - t0)
    finally:
        conn.close()
    return statistics.median(times) * 1000


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory(prefix="bench-cluster-http-") as tmp:
        exe = build(PROGRAM, Path(tmp))
        nodes, port = start_pair(exe)
        try:
            wrk(port, "/clustered", 1)  # warm up: route connections, first records
            runs: dict[str, list[tuple]] = {p: [] for p in PATHS}
            for _ in range(rounds):
                for path in PATHS:
                    before = [cpu_seconds(n) for n in nodes]
                    rps, p99, bad = wrk(port, path, seconds)
                    used = [cpu_seconds(n) - b for n, b in zip(nodes, before)]
                    per_request = [u * 1e6 / max(1.0, rps * seconds) for u in used]
                    runs[path].append((rps, p99, bad, *per_request))
            single: dict[str, list[tuple]] = {p: [] for p in PATHS}
            for _ in range(rounds):
                for path in PATHS:
                    before = [cpu_seconds(n) for n in nodes]
                    ms = sequential_ms(port, path)
                    used = [cpu_seconds(n) - b for n, b in zip(nodes, before)]
                    single[path].append((ms, *(u * 1e6 / (SEQUENTIAL + 10) for u in used)))
            owners = {}
            for rec in nodes[0].query("continuity", "--limit", "1000")[1]["records"]:
                owners[rec["owner_node"]] = owners.get(rec["owner_node"], 0) + 1
        finally:
            for n in nodes:
                n.kill()
    base = statistics.median(r[0] for r in runs["/plain"])
    print(
        f"GET, wrk -t1 -c{CONNECTIONS}, {seconds} s per run, {rounds} interleaved rounds "
        f"(median), two nodes on loopback, load on node a"
    )
    print()
    print(
        "| route | requests/s (median) | min-max | vs plain | p99 latency (median) | non-2xx "
        "| CPU µs/request a + b (median) | sequential p50 | sequential CPU µs/request a + b |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in PATHS:
        rps = [r[0] for r in runs[path]]
        med = statistics.median(rps)
        p99 = statistics.median(r[1] for r in runs[path])
        bad = sum(r[2] for r in runs[path])
        cpu_a = statistics.median(r[3] for r in runs[path])
        cpu_b = statistics.median(r[4] for r in runs[path])
        print(
            f"| `{path}` | {med:,.0f} | {min(rps):,.0f}-{max(rps):,.0f} | {med / base:.2f}x "
            f"| {p99:.2f} ms | {bad} | {cpu_a:,.0f} + {cpu_b:,.0f} "
            f"| {statistics.median(r[0] for r in single[path]):.2f} ms "
            f"| {statistics.median(r[1] for r in single[path]):,.0f} + "
            f"{statistics.median(r[2] for r in single[path]):,.0f} |"
        )
    print()
    print(
        "owners of the first 1,000 records on node a: "
        + ", ".join(f"{k.split('@')[0]}={v}" for k, v in sorted(owners.items()))
    )


if __name__ == "__main__":
    main()
