"""Failover time and continuity-record memory of the clustered runtime (spec 07 §11.3–§11.5).

    .venv/bin/python bench/cluster_failover.py [TRIALS]

One compiled program, booted from the environment as a primary (127.0.0.1) and a standby
(127.0.0.2) on one port, as in tests/cluster/test_cluster_work.py.

1. Failover (TRIALS runs, default 5): the primary runs a long `@cluster` function whose
   record is mirrored on the standby; the bench SIGKILLs the primary and measures the time
   until the standby's stderr reports `startup_completed` for the recovered attempt
   (promotion + re-submission + re-run + completion; the pipe read is timestamped by a
   reader thread). The record is then checked through `mesh cluster continuity --json`.
   Goal (issue 14): ≤ heartbeat timeout + 1 s; the run sets MESH_HEARTBEAT_TIMEOUT_MS to
   2000, so the budget is 3 s. (A SIGKILL is seen as EOF at once; the heartbeat only
   matters for a silent partition.)
2. Memory: the primary creates 10,000 records through `Continuity.submit` /
   `acknowledge_replica` / `mark_completed`, each naming the standby as replica, so both
   nodes hold 10,000 completed records (every transition is broadcast). RSS growth of each
   node (VmRSS before/after) against the peer measured in the same run: the same 10,000
   `ContinuityRecord` objects and their dict built in this process, sized with tracemalloc.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "cluster")]

from cluster_app import Node, build, poll  # noqa: E402
from mesh_build import shared_free_port  # noqa: E402

COOKIE = "bench-failover-cookie"
KEY = "startup::Main.warm"
HEARTBEAT_TIMEOUT_MS = 2000
RECORDS = 10_000

PROGRAM = """\
@cluster pub fn warm() -> Int do
  Timer.sleep(Env.get_int("WORK_MS", 0))
  42
end

fn fill(n :: Int, me :: String, peer :: String) -> Int do
  for i in 0..n do
    let key = "bench::${i}"
    let _ = Continuity.submit(key, "h", me, me, peer, 1, false, true)
    let _ = Continuity.acknowledge_replica(key, "attempt-${i + 1}")
    let _ = Continuity.mark_completed(key, "attempt-${i + 1}", me)
  end
  n
end

fn wait_peer() -> String do
  case Node.list() do
    [peer] -> peer
    _ -> do
      Timer.sleep(20)
      wait_peer()
    end
  end
end

fn wait_file(path :: String) do
  if !File.exists(path) do
    Timer.sleep(20)
    wait_file(path)
  end
end

fn main() do
  case Node.start_from_env() do
    Ok(st) -> println("boot mode=${st.mode} node=${st.node_name}")
    Err(why) -> println("boot failed: ${why}")
  end
  let n = Env.get_int("BENCH_RECORDS", 0)
  if n > 0 do
    let peer = wait_peer()
    wait_file(Env.get("BENCH_GO", ""))
    println("filled ${fill(n, Node.self(), peer)}")
  end
end
"""


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Pair:
    def __init__(self, exe: Path):
        self.exe = exe
        self.port = shared_free_port()
        self.nodes: list[Node] = []

    def start(self, role: str, **extra: str) -> Node:
        host = "127.0.0.1" if role == "primary" else "127.0.0.2"
        name = f"{role[0]}@{host}:{self.port}"
        env = {
            "MESH_CLUSTER_COOKIE": COOKIE,
            "MESH_CLUSTER_PORT": str(self.port),
            "MESH_DISCOVERY_SEED": "127.0.0.1,127.0.0.2",
            "MESH_NODE_NAME": name,
            "MESH_CONTINUITY_ROLE": role,
            "MESH_DISCOVERY_INTERVAL_MS": "100",
            "MESH_STARTUP_WORK_DELAY_MS": "200",
            "MESH_HEARTBEAT_TIMEOUT_MS": str(HEARTBEAT_TIMEOUT_MS),
            **extra,
        }
        n = Node(self.exe, env, name, COOKIE)
        self.nodes.append(n)
        n.wait_out(f"boot mode=cluster node={name}")
        return n

    def close(self) -> None:
        for n in self.nodes:
            n.kill()


def one_failover(exe: Path) -> float:
    pair = Pair(exe)
    try:
        b = pair.start("standby")
        poll(b.status, lambda s: s is not None, what="standby up")
        a = pair.start("primary", WORK_MS="600000")
        first = poll(
            lambda: b.record(KEY),
            lambda r: r is not None and r["replica_status"] == "mirrored",
            what="mirrored record",
        )
        done = f"transition=startup_completed runtime_name=Main.warm request_key={KEY}"
        t0 = time.monotonic()
        a.kill()
        end = t0 + 30
        while not any(done in ln for ln in b.err):
            assert time.monotonic() < end, b.describe()
            time.sleep(0.001)
        t1 = next(t for ln, t in b.arrivals.items() if done in ln)
        rec = b.record(KEY)
        assert rec["phase"] == "completed" and rec["attempt_id"] != first["attempt_id"]
        assert rec["owner_node"] == b.name and rec["promotion_epoch"] == 1
        return t1 - t0
    finally:
        pair.close()


def records_memory(exe: Path) -> tuple[int, int]:
    """RSS growth (kB) of the primary and the standby holding RECORDS completed records."""
    pair = Pair(exe)
    try:
        b = pair.start("standby")
        poll(b.status, lambda s: s is not None, what="standby up")
        before_b = rss_kb(b.p.pid)
        go = pair.exe.with_name("bench-go")
        go.unlink(missing_ok=True)
        a = pair.start("primary", BENCH_RECORDS=str(RECORDS), BENCH_GO=str(go))
        poll(lambda: a.status()["membership"]["peer_nodes"], lambda p: p == [b.name], what="peers")
        before_a = rss_kb(a.p.pid)
        go.write_text("go")  # the primary starts filling
        a.wait_out(f"filled {RECORDS}", timeout=300)

        def total(n: Node) -> int:
            doc = n.query("continuity", "--limit", "1")[1]
            return doc["total_records"] if doc else -1

        poll(lambda: total(b), lambda t: t >= RECORDS + 1, timeout=120, what="standby synced")
        poll(
            lambda: b.query("continuity", f"bench::{RECORDS - 1}")[1]["record"]["phase"],
            lambda p: p == "completed",
            what="last record completed on the standby",
        )
        return rss_kb(a.p.pid) - before_a, rss_kb(b.p.pid) - before_b
    finally:
        pair.close()


def peer_memory() -> int:
    """Bytes of RECORDS `ContinuityRecord` objects in a dict, built in this process."""
    from mesh.cluster.continuity.record import ContinuityRecord

    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    table = {}
    for i in range(RECORDS):
        key = f"bench::{i}"
        table[key] = ContinuityRecord(
            key,
            "h",
            f"attempt-{i + 1}",
            "completed",
            "succeeded",
            "p@127.0.0.1:1",
            "p@127.0.0.1:1",
            "s@127.0.0.2:1",
            2,
            "mirrored",
            "primary",
            0,
            "healthy",
            "p@127.0.0.1:1",
            False,
            True,
            "",
            "",
        )
    used = tracemalloc.get_traced_memory()[0] - start
    tracemalloc.stop()
    return used


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as d:
        exe = build(PROGRAM, Path(d), "failover")
        times = [one_failover(exe) for _ in range(trials)]
        grow_a, grow_b = records_memory(exe)
    peer = peer_memory()
    budget = HEARTBEAT_TIMEOUT_MS / 1000 + 1
    med = statistics.median(times)
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(
        f"failover SIGKILL -> recovered record completed, {trials} runs: "
        f"median {med * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
        f"({', '.join(f'{t * 1000:.0f}' for t in times)})"
    )
    print(
        f"  budget heartbeat timeout + 1 s = {budget:.1f} s: ratio {med / budget:.2f}x "
        f"-> {'PASS' if max(times) <= budget else 'FAIL'}"
    )
    print(
        f"{RECORDS:,} completed records: RSS growth primary {grow_a / 1024:.1f} MiB, "
        f"standby {grow_b / 1024:.1f} MiB "
        f"({grow_b * 1024 / RECORDS:.0f} bytes/record on the standby)"
    )
    print(
        f"  peer (same records as Python objects in a dict, tracemalloc): "
        f"{peer / 1024 / 1024:.1f} MiB; ratio standby/peer {grow_b * 1024 / peer:.2f}x"
    )


if __name__ == "__main__":
    main()
