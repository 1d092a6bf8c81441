"""Full cyclic-GC pause over a node's kept continuity records (spec 07 §11.4).

    .venv/bin/python bench/continuity_gc.py [RECORDS]

A `ContinuityStore` is filled with RECORDS (default 60,000) completed clustered-route
records, as a busy node keeps them (the newest 10,000 plus everything touched within the
hour); then `gc.collect()` is timed (median of 7). The peer, measured in the same run, is
the same records held as `ContinuityRecord` objects in a plain dict — the store's
representation before terminal records became untracked tuples (mesh/cluster/continuity/
table.py). Every full collection of a node pays this pause, and a request in flight waits
for it.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mesh.cluster.continuity.store import ContinuityStore  # noqa: E402


def filled_store(n: int) -> ContinuityStore:
    st = ContinuityStore("a@127.0.0.1:4370", clock=lambda: 0.0)  # nothing is ever old
    for i in range(n):
        key = f"http-route::Main.hello::0123456789abcdef-{i}"
        d = st.submit(
            key,
            f"{i:064x}",
            ingress=st.node,
            owner=st.node,
            replica="b@127.0.0.2:4370",
            replication_count=2,
        )
        st.acknowledge_replica(key, d.record.attempt_id)
        st.mark_completed(key, d.record.attempt_id, st.node)
        st.drain_upserts()
    return st


def pause_ms() -> float:
    times = []
    for _ in range(7):
        t = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    gc.collect()
    empty = pause_ms()
    st = filled_store(n)
    assert len(st.records) == n
    store = pause_ms()
    table, st.records = st.records, {k: st.records[k] for k in st.records}  # as before
    old = pause_ms()
    st.records = table
    print(
        f"full gc.collect() pause with {n:,} completed continuity records "
        f"(median of 7; without records {empty:.1f} ms)"
    )
    print()
    print("| representation | pause | vs objects |")
    print("|---|---:|---:|")
    print(f"| records as tracked `ContinuityRecord` objects (before) | {old:.1f} ms | 1.00x |")
    print(
        f"| `RecordTable`: terminal records as untracked tuples | {store:.1f} ms "
        f"| {store / old:.2f}x |"
    )


if __name__ == "__main__":
    main()
