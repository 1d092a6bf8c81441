"""The burst reclaimer runs a collection once a burst of failed connections has drained."""

import gc

from mesh.runtime import memory


def test_reclaims_only_after_a_drained_burst(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "reclaim", lambda: calls.append(1))
    r = memory.BurstReclaimer(threshold=3)
    for _ in range(5):
        r.opened()
    for _ in range(4):
        r.closed(failed=True)
    assert calls == []  # one connection still in flight
    r.closed(failed=False)
    assert calls == [1]  # drained with 4 failures >= threshold
    r.opened()
    r.closed(failed=True)
    assert calls == [1]  # the counter restarted: 1 failure is below the threshold


def test_reclaim_frees_cyclic_garbage():
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    before = sum(isinstance(o, Node) for o in gc.get_objects())
    del a, b
    memory.reclaim()
    assert sum(isinstance(o, Node) for o in gc.get_objects()) == before - 2
