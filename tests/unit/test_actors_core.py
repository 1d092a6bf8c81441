"""Actor runtime: spawn/send/receive, pids, selective receive, timeouts, program end.

Bodies are small async functions shaped like generated code (DESIGN §3.1): a `receive`
is a matcher returning `None` or `(arm, *bindings)` plus `await A.receive(...)`.
"""

import pytest
import trio
import trio.testing

from mesh.runtime import actors as A
from mesh.runtime.core import display
from mesh.runtime.values import Atom, MeshPanic


def anything(m):
    return (0, m)


def run(main):
    return A.run_program(main)


# ---------------------------------------------------------------- spawn / send / receive


def test_spawn_send_receive_and_main_pid():
    out = []

    async def worker(tag):
        (_, msg) = await A.receive(anything)
        out.append((tag, msg))

    async def main():
        me = A.self_pid()
        out.append(display(me))
        p = A.spawn(worker, "w")
        out.append(display(p))
        A.send(p, 42)

    assert run(main) == 0
    assert out == ["<0.1>", "<0.2>", ("w", 42)]


def test_sync_body_and_spawn_does_not_run_child_before_spawner_suspends():
    out = []

    def sync_body(x):  # plain def bodies are accepted
        out.append(("child", x))

    async def main():
        A.spawn(sync_body, 1)
        out.append("after spawn")
        await trio.lowlevel.checkpoint()
        out.append("after yield")

    assert run(main) == 0
    assert out[0] == "after spawn"
    assert ("child", 1) in out


def test_pid_identity_hash_and_null_pid():
    seen = {}

    async def idle():
        await A.receive(lambda m: None)

    async def main():
        p = A.spawn(idle)
        q = A.spawn(idle)
        seen["eq"] = (p == p, p == q, p != q)
        seen["hash"] = len({p, q, p})
        seen["null"] = display(A.NULL_PID)
        A.send(A.NULL_PID, "dropped")  # no-op

    assert run(main) == 0
    assert seen == {"eq": (True, False, True), "hash": 2, "null": "<0.0>"}


def test_messages_keep_send_order_and_none_is_a_message():
    got = []

    async def worker():
        for _ in range(4):
            (_, m) = await A.receive(anything)
            got.append(m)

    async def main():
        p = A.spawn(worker)
        for m in [1, None, "x", (1, 2)]:
            A.send(p, m)

    assert run(main) == 0
    assert got == [1, None, "x", (1, 2)]


def test_send_to_dead_process_is_dropped():
    async def quick():
        pass

    async def main():
        p = A.spawn(quick)
        ref = A.monitor(p)
        await A.receive(lambda m: (0,) if m[1] == ref else None, None, True)
        A.send(p, "late")  # dropped, never raises
        assert A.mailbox_size(p) == 0

    assert run(main) == 0


# ---------------------------------------------------------------- selective receive


class Urgent:
    def __init__(self, t):
        self.t = t


class Routine:
    def __init__(self, t):
        self.t = t


def test_selective_receive_skips_unmatched_and_keeps_order():
    """Spec 04 §8 `triage` example."""
    out = []

    def only_urgent(m):
        if type(m) is Urgent:
            return (0, m.t)
        return None

    def both(m):
        if type(m) is Routine:
            return (0, m.t)
        if type(m) is Urgent:
            return (1, m.t)
        return None

    async def triage():
        await A.sleep(20)
        r = await A.receive(only_urgent, 0)
        out.append("no urgent mail" if r is A.TIMEOUT else "urgent: " + r[1])
        r = await A.receive(both, 100)
        out.append("idle" if r is A.TIMEOUT else ("routine: ", "late urgent: ")[r[0]] + r[1])
        r = await A.receive(both, 0)
        out.append("idle" if r is A.TIMEOUT else r[1])

    async def main():
        p = A.spawn(triage)
        A.send(p, Routine("invoice"))
        A.send(p, Urgent("outage"))

    assert run(main) == 0
    assert out == ["urgent: outage", "routine: invoice", "idle"]


def test_selective_receive_waits_for_a_matching_later_message():
    got = []

    async def picky():
        r = await A.receive(lambda m: (0, m) if m == "b" else None)
        got.append(r[1])
        got.append(A.mailbox_size())
        r = await A.receive(anything)
        got.append(r[1])

    async def main():
        p = A.spawn(picky)
        A.send(p, "a")
        await A.sleep(5)
        A.send(p, "c")
        await A.sleep(5)
        A.send(p, "b")

    assert run(main) == 0
    assert got == ["b", 2, "a"]


# Timer tests run the node under pytest-trio's autojump MockClock: the runtime takes all
# its time from Trio's clock, so virtual time jumps to the next deadline as soon as every
# process waits, and the assertions can be exact instead of wall-clock windows.


@pytest.mark.trio
async def test_after_timeout_fires_and_message_before_timeout_wins(autojump_clock):
    out = []

    async def waiter(ms):
        r = await A.receive(anything, ms)
        out.append((ms, "timeout" if r is A.TIMEOUT else r[1]))

    async def main():
        A.spawn(waiter, 30)
        p = A.spawn(waiter, 5000)
        A.send(p, 42)

    start = trio.current_time()
    assert await A.Node().run(main) == 0
    assert sorted(out) == [(30, "timeout"), (5000, 42)]
    # the program ends at the 30 ms timeout: the 5 s waiter got its message, not its deadline
    assert trio.current_time() - start == pytest.approx(0.030)


@pytest.mark.trio
async def test_after_deadline_is_honoured_exactly(autojump_clock):
    times = []

    async def main():
        t = trio.current_time()
        r = await A.receive(anything, 80)
        times.append((r is A.TIMEOUT, trio.current_time() - t))

    assert await A.Node().run(main) == 0
    ((timed_out, dt),) = times
    assert timed_out and dt == pytest.approx(0.080)


def test_after_zero_never_suspends_and_receive_only_after():
    out = []

    async def main():
        A.send(A.self_pid(), 1)
        r = await A.receive(lambda m: None, 0)  # nothing matches: checked once
        out.append(r is A.TIMEOUT)
        r = await A.receive(lambda m: None, 10)  # a pure wait
        out.append(r is A.TIMEOUT)
        out.append(A.mailbox_size())

    assert run(main) == 0
    assert out == [True, True, 1]


def test_notices_are_only_offered_when_asked():
    out = []

    async def short():
        pass

    async def main():
        p = A.spawn(short)
        ref = A.monitor(p)
        A.send(A.self_pid(), "plain")
        r = await A.receive(anything, 200)  # catch-all arm: never gets the DOWN notice
        out.append(r[1])
        r = await A.receive(lambda m: (0, m) if m[0] is A.DOWN else None, 200, True)
        n = r[1]
        out.append((n[0] is Atom("down"), n[1] == ref, n[2] is p, n[3]))
        out.append(display(n) == f"(down, {ref}, {display(p)}, normal)")

    assert run(main) == 0
    assert out == ["plain", (True, True, True, "normal"), True]


def test_guard_error_in_matcher_crashes_the_process(capsys):
    async def bad():
        def matcher(m):
            raise MeshPanic("guard boom")

        await A.receive(matcher)

    async def main():
        p = A.spawn(bad)
        A.send(p, 1)
        ref = A.monitor(p)
        r = await A.receive(lambda m: (0, m[3]) if m[1] == ref else None, None, True)
        assert r[1] == "guard boom"

    assert run(main) == 0
    assert "[mesh-rt] actor <0.2> (bad) crashed: guard boom" in capsys.readouterr().err


# ---------------------------------------------------------------- program end (§1.1)


@pytest.mark.trio
async def test_program_ends_when_only_idle_receivers_remain(autojump_clock):
    out = []

    async def forever():
        await A.receive(lambda m: None)
        out.append("never")

    async def main():
        for _ in range(10):
            A.spawn(forever)
        out.append("main done")

    with trio.fail_after(60):  # virtual time: reached at once if the program never ended
        assert await A.Node().run(main) == 0
    assert out == ["main done"]


def test_actor_prints_after_main_returns():
    """actors_basic: main spawns, sends, returns; the actor still runs."""
    out = []

    async def actor():
        (_, m) = await A.receive(anything)
        out.append("actor received " + m)

    async def main():
        A.send(A.spawn(actor), "hi")
        out.append("main done")

    assert run(main) == 0
    assert sorted(out) == ["actor received hi", "main done"]


def test_run_program_takes_an_injected_clock():
    """`run_program(clock=...)`: every runtime timer uses it, so an hour-long sleep under an
    autojumping MockClock ends at once, at exactly one hour of virtual time."""
    clock = trio.testing.MockClock(autojump_threshold=0)
    out = []

    async def main():
        if trio.lowlevel.current_clock() is not clock:
            return  # fail below at once instead of sleeping for an hour
        t = trio.current_time()
        await A.sleep(3_600_000)
        out.append(trio.current_time() - t)

    assert A.run_program(main, clock=clock) == 0
    assert out == [pytest.approx(3600.0)]


@pytest.mark.trio
async def test_pending_after_deadline_and_sleep_keep_program_alive(autojump_clock):
    out = []

    async def later():
        r = await A.receive(anything, 60)
        out.append("after fired" if r is A.TIMEOUT else "msg")

    async def sleeper():
        await A.sleep(80)
        out.append("slept")

    async def main():
        A.spawn(later)
        A.spawn(sleeper)

    start = trio.current_time()
    assert await A.Node().run(main) == 0
    assert sorted(out) == ["after fired", "slept"]
    assert trio.current_time() - start == pytest.approx(0.080)  # the last timer to fire


def test_terminate_does_not_run_at_program_end():
    out = []

    def cleanup():
        out.append("cleanup")

    async def idle():
        A.set_terminate(cleanup)
        await A.receive(lambda m: None)

    async def main():
        A.spawn(idle)

    assert run(main) == 0
    assert out == []


def test_panic_in_main_exits_101_and_discards_others(capsys):
    from mesh.runtime.values import MeshPanic

    async def idle():
        await A.receive(lambda m: None)

    async def main():
        A.spawn(idle)
        raise MeshPanic("Mesh panic at main.mpl:3: boom")

    assert run(main) == 101
    err = capsys.readouterr().err
    assert err == "panic: Mesh panic at main.mpl:3: boom\n"


def test_sync_main_and_main_returning_value():
    def main():
        A.send(A.self_pid(), 1)
        return 5

    assert run(main) == 0


def test_run_main_uses_the_runtime(capsys):
    from mesh.runtime import core

    out = []

    async def worker():
        (_, m) = await A.receive(anything)
        out.append(m)

    async def main():
        A.send(A.spawn(worker), "via run_main")

    assert core.run_main(main, "main.mpl") == 0
    assert out == ["via run_main"]


def test_two_nodes_in_one_process_are_independent():
    async def pair():
        out = []

        async def w():
            (_, m) = await A.receive(anything)
            out.append((display(A.self_pid()), m))

        async def main():
            A.send(A.spawn(w), 1)

        n1, n2 = A.Node(), A.Node()
        async with trio.open_nursery() as nursery:
            nursery.start_soon(n1.run, main)
            nursery.start_soon(n2.run, main)
        return out

    out = trio.run(pair)
    assert out == [("<0.2>", 1), ("<0.2>", 1)]


# ---------------------------------------------------------------- scale


@pytest.mark.slow
def test_100k_actors_spawn_and_receive():
    n = 100_000
    done = [0]

    async def worker():
        await A.receive(anything)
        done[0] += 1

    async def main():
        pids = [A.spawn(worker) for _ in range(n)]
        for p in pids:
            A.send(p, 1)

    assert run(main) == 0
    assert done[0] == n


def test_gc_bounded_memory_mailbox_freed_with_process():
    import weakref

    class Big:
        pass

    refs = []

    async def one():
        await A.receive(anything)

    async def main():
        p = A.spawn(one)
        for _ in range(50):
            b = Big()
            refs.append(weakref.ref(b))
            A.send(p, b)
        del b
        ref = A.monitor(p)
        await A.receive(lambda m: (0,) if m[1] == ref else None, None, True)
        assert p._proc.mailbox is None

    assert run(main) == 0
    import gc

    gc.collect()
    assert all(r() is None for r in refs)


@pytest.mark.parametrize("n", [2000])
def test_reduction_budget_lets_busy_receivers_yield(n):
    """A process that always finds a message still yields (receive fast path counts)."""
    out = []

    async def consumer():
        for _ in range(n):
            await A.receive(anything)
        out.append("consumer done")

    async def other():
        out.append("other ran")

    async def main():
        c = A.spawn(consumer)
        for i in range(n):
            A.send(c, i)
        A.spawn(other)

    assert run(main) == 0
    assert set(out) == {"consumer done", "other ran"}
