"""The burst reclaimer runs a collection once a burst of failed connections has drained."""

import gc

from mesh.runtime import memory


def test_reclaims_only_after_a_drained_burst(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "reclaim", lambda: calls.append(1))
    r = memory.BurstReclaimer(threshold=3, low_water=0)
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


def test_stragglers_do_not_hold_the_reclaim_back(monkeypatch):
    # a silent client is always in flight: the burst counts as drained at the low-water
    # mark
    calls = []
    monkeypatch.setattr(memory, "reclaim", lambda: calls.append(1))
    r = memory.BurstReclaimer(threshold=3, low_water=1)
    for _ in range(6):
        r.opened()
    for _ in range(4):
        r.closed(failed=True)
    assert calls == []  # 2 still in flight, above the low-water mark
    r.closed(failed=True)
    assert calls == [1]  # the straggler is still there
    r.closed(failed=True)
    r.opened()
    r.closed(failed=True)
    assert calls == [1]  # nothing more until the next burst


def test_drained_is_relative_to_the_peak(monkeypatch):
    # many stragglers: an eighth of the burst's peak still in flight counts as drained,
    # and the tail is reclaimed once more when it is down to the low-water mark
    calls = []
    monkeypatch.setattr(memory, "reclaim", lambda: calls.append(1))
    r = memory.BurstReclaimer(threshold=3, low_water=0)
    for _ in range(16):
        r.opened()
    for _ in range(13):
        r.closed(failed=True)
    assert calls == []
    r.closed(failed=True)
    assert calls == [1]
    r.closed(failed=False)
    assert calls == [1]
    r.closed(failed=False)
    assert calls == [1, 1]


def test_reclaim_frees_cyclic_garbage():
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    before = sum(isinstance(o, Node) for o in gc.get_objects())
    del a, b
    memory.reclaim()
    assert sum(isinstance(o, Node) for o in gc.get_objects()) == before - 2
