"""Links, monitors, exit reasons, crash isolation and reports, terminate, registry, timers."""

import pytest
import trio

from mesh.runtime import actors as A
from mesh.runtime.core import display
from mesh.runtime.values import MeshPanic


def anything(m):
    return (0, m)


def down_for(ref):
    return lambda m: (0, m[2], m[3]) if m[0] is A.DOWN and m[1] == ref else None


async def wait_down(pid):
    """Monitor `pid` and wait for its DOWN; returns the reason string."""
    ref = A.monitor(pid)
    r = await A.receive(down_for(ref), None, True)
    return r[2]


def run(main):
    return A.run_program(main)


async def crasher(msg="boom"):
    raise MeshPanic(msg)


async def idle():
    await A.receive(lambda m: None)


# ---------------------------------------------------------------- links


def test_crash_propagates_through_link_with_the_same_reason(capsys):
    reasons = {}

    async def linked_to(target):
        A.link(target)
        await A.receive(lambda m: None)

    async def trigger():
        await A.receive(anything)
        raise MeshPanic("Mesh panic at main.mpl:9: bad")

    async def main():
        t = A.spawn(trigger)
        w = A.spawn(linked_to, t)
        await A.sleep(5)  # let w link
        A.send(t, "go")
        reasons["w"] = await wait_down(w)
        reasons["t_alive"] = A.is_alive(t)

    assert run(main) == 0
    assert reasons == {"w": "Mesh panic at main.mpl:9: bad", "t_alive": False}
    err = capsys.readouterr().err.splitlines()
    # only the process that crashed reports; the linked one was terminated silently
    assert err == ["[mesh-rt] actor <0.2> (trigger) crashed: Mesh panic at main.mpl:9: bad"]


def test_normal_exit_does_not_kill_linked_process():
    out = []

    async def short():
        await A.receive(anything)

    async def survivor(t):
        A.link(t)
        A.send(t, "stop")
        r = await A.receive(anything, 50)
        out.append("survived" if r is A.TIMEOUT else r)

    async def main():
        A.spawn(survivor, A.spawn(short))

    assert run(main) == 0
    assert out == ["survived"]


def test_link_is_idempotent_and_noop_on_self_and_dead():
    out = []

    async def quick():
        pass

    async def main():
        q = A.spawn(quick)
        await wait_down(q)
        A.link(q)  # dead: nothing
        A.link(A.self_pid())
        A.link(A.NULL_PID)
        p = A.spawn(idle)
        A.link(p)
        A.link(p)
        out.append(len(A.self_pid()._proc.links))

    assert run(main) == 0
    assert out == [1]


def test_main_linked_to_crashing_process_panics(capsys):
    async def main():
        p = A.spawn(crasher, "linked boom")
        A.link(p)
        await A.receive(lambda m: None)

    assert run(main) == 101
    err = capsys.readouterr().err.splitlines()
    assert err == ["[mesh-rt] actor <0.2> (crasher) crashed: linked boom", "panic: linked boom"]


def test_trapping_process_gets_exit_signal():
    got = []

    async def trapper(t):
        A.trap_exits()
        A.link(t)
        A.send(t, "go")
        (_, sig) = await A.receive(anything)
        got.append((type(sig).__name__, sig.pid is t, str(sig.reason)))

    async def trigger():
        await A.receive(anything)
        raise MeshPanic("x")

    async def main():
        A.spawn(trapper, A.spawn(trigger))

    assert run(main) == 0
    assert got == [("ExitSignal", True, "x")]


# ---------------------------------------------------------------- monitors


def test_monitor_down_reasons_and_noproc_and_demonitor():
    out = {}

    async def normal():
        pass

    async def main():
        out["normal"] = await wait_down(A.spawn(normal))
        out["crash"] = await wait_down(A.spawn(crasher, "kaput"))
        out["noproc"] = await wait_down(A.NULL_PID)
        p = A.spawn(idle)
        ref = A.monitor(p)
        out["refs"] = ref > 0 and A.monitor(p) > ref
        out["demon"] = (A.demonitor(ref), A.demonitor(ref), A.demonitor(99999))

    assert run(main) == 0
    assert out == {
        "normal": "normal",
        "crash": "kaput",
        "noproc": "noproc",
        "refs": True,
        "demon": (0, 1, 1),
    }


# ---------------------------------------------------------------- crash isolation


def test_many_crashing_actors_do_not_affect_others(capsys):
    out = []

    async def survivor():
        for _ in range(3):
            await A.sleep(1)
        (_, m) = await A.receive(anything)
        out.append(m)

    async def main():
        s = A.spawn(survivor)
        crashers = [A.spawn(crasher, f"c{i}") for i in range(500)]
        for c in crashers:
            await wait_down(c)
        A.send(s, "still here")
        out.append(await wait_down(s))

    assert run(main) == 0
    assert out == ["still here", "normal"]
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 500
    # Trio may run a batch of runnable tasks in either order: compare as a set
    assert set(err) == {f"[mesh-rt] actor <0.{i + 3}> (crasher) crashed: c{i}" for i in range(500)}


def test_crash_report_kinds_and_custom_names(capsys):
    async def body():
        raise MeshPanic("m")

    body._mesh_name = "worker"

    async def main():
        await wait_down(A.spawn(body))
        await wait_down(A.spawn_named(body, (), "Custom", "actor"))
        await A.job_await(A.job_async(lambda: 1 // 0))

    assert run(main) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "[mesh-rt] actor <0.2> (worker) crashed: m"
    assert err[1] == "[mesh-rt] actor <0.3> (Custom) crashed: m"
    assert err[2].startswith("[mesh-rt] job <0.4> (job) crashed: internal error: ZeroDivisionError")


def test_recursion_error_is_stack_overflow(capsys):
    def deep(n):
        return deep(n + 1) + 1

    async def body():
        deep(0)

    async def main():
        assert await wait_down(A.spawn(body)) == "stack overflow"

    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(2000)
    try:
        assert run(main) == 0
    finally:
        sys.setrecursionlimit(old)
    assert "crashed: stack overflow" in capsys.readouterr().err


# ---------------------------------------------------------------- terminate (§4.1)


def test_terminate_after_normal_end_with_current_params():
    out = []

    def term(n):
        out.append(f"cleanup {n}")

    async def counter(n):
        while True:  # tail self-call compiled as a loop
            A.set_terminate(term, n)
            (_, m) = await A.receive(anything)
            if m == "stop":
                out.append("processing")
                return
            n += m

    async def main():
        p = A.spawn(counter, 0)
        A.send(p, 2)
        A.send(p, 3)
        A.send(p, "stop")

    assert run(main) == 0
    assert out == ["processing", "cleanup 5"]


def test_terminate_after_crash_report_and_on_link_kill(capsys):
    import sys

    events = []

    def term(tag):
        events.append(tag)
        sys.stderr.write(f"terminate {tag}\n")

    async def crashing():
        A.set_terminate(term, "crashed")
        await A.receive(anything)
        raise MeshPanic("oops")

    async def linked(t):
        A.set_terminate(term, "linked")
        A.link(t)
        await A.receive(lambda m: None)

    async def main():
        t = A.spawn(crashing)
        w = A.spawn(linked, t)
        await A.sleep(5)
        A.send(t, 1)
        assert await wait_down(w) == "oops"

    assert run(main) == 0
    err = capsys.readouterr().err.splitlines()
    assert err.index("[mesh-rt] actor <0.2> (crashing) crashed: oops") < err.index(
        "terminate crashed"
    )
    assert "terminate linked" in err


def test_terminate_error_is_reported_and_reason_kept(capsys):
    def bad_term():
        raise MeshPanic("in terminate")

    async def body():
        A.set_terminate(bad_term)

    async def main():
        assert await wait_down(A.spawn(body)) == "normal"

    assert run(main) == 0
    assert capsys.readouterr().err == "[mesh-rt] actor <0.2> (body) crashed: in terminate\n"


def test_killed_skips_terminate():
    out = []

    async def body():
        A.set_terminate(lambda: out.append("terminate"))
        await A.receive(lambda m: None)

    async def main():
        p = A.spawn(body)
        await A.sleep(2)
        A.exit_process(p, A.KILLED)
        out.append(await wait_down(p))

    assert run(main) == 0
    assert out == ["killed"]


# ---------------------------------------------------------------- registry (§13)


def test_register_whereis_release_on_exit():
    out = []

    async def one():
        await A.receive(anything)

    async def main():
        p = A.spawn(one)
        out.append(A.register("alarm", p))
        out.append(A.register("alarm", A.spawn(idle)))  # taken
        out.append(A.register("other", A.NULL_PID))
        out.append(A.register("again", p))  # several names per process
        out.append(A.whereis("alarm") is p)
        out.append(display(A.whereis("nobody")))
        A.send(A.whereis("alarm"), "bye")
        await wait_down(p)
        out.append(display(A.whereis("alarm")))
        out.append(A.register("alarm", A.self_pid()))
        out.append(A.register("dead", p))

    assert run(main) == 0
    assert out == [0, 1, 1, 0, True, "<0.0>", "<0.0>", 0, 1]


# ---------------------------------------------------------------- timers (§14)


def test_sleep_does_not_block_others_or_touch_mailbox():
    out = []

    async def slow():
        await A.sleep(60)
        out.append(("slow", A.mailbox_size()))

    async def fast():
        await A.sleep(5)
        out.append(("fast", 0))

    async def main():
        s = A.spawn(slow)
        A.spawn(fast)
        A.send(s, "unread")
        await A.sleep(0)
        await A.sleep(-5)

    assert run(main) == 0
    assert out == [("fast", 0), ("slow", 1)]


@pytest.mark.trio
async def test_send_after_delivers_later_and_keeps_program_alive(autojump_clock):
    """Spec 04 §13 example: register + send_after + whereis (virtual time: the program
    ends when the message arrives at 20 ms, not at the 1 s receive timeout)."""
    out = []

    async def alarm():
        r = await A.receive(anything, 1000)
        out.append("nothing arrived" if r is A.TIMEOUT else r[1])

    async def main():
        a = A.spawn(alarm)
        A.register("alarm", a)
        A.send_after(A.whereis("alarm"), 20, "wake up")

    start = trio.current_time()
    assert await A.Node().run(main) == 0
    assert out == ["wake up"]
    assert trio.current_time() - start == pytest.approx(0.020)


def test_pending_send_after_to_untimed_receiver_keeps_program_alive():
    out = []

    async def waiter():
        (_, m) = await A.receive(anything)
        out.append(m)

    async def main():
        A.send_after(A.spawn(waiter), 50, 77)

    assert run(main) == 0
    assert out == [77]


# ---------------------------------------------------------------- kills without a scope
# Bodies marked `_mesh_plain_waits` (codegen: the actor only waits in `receive`) run without
# a Trio cancel scope; `kill` must still reach them in every state.


def plain(fn):
    fn._mesh_plain_waits = True
    return fn


def test_plain_body_really_runs_without_a_cancel_scope():
    seen = {}

    @plain
    async def probe():
        seen["plain"] = A.current_proc.get().cancel_scope
        await A.receive(anything)

    async def scoped():
        seen["scoped"] = A.current_proc.get().cancel_scope
        await A.receive(anything)

    async def main():
        a, b = A.spawn(probe), A.spawn(scoped)
        await A.sleep(5)
        A.send(a, 1)
        A.send(b, 1)

    assert run(main) == 0
    assert seen["plain"] is None and seen["scoped"] is not None


def test_plain_process_killed_before_its_first_step_never_runs():
    ran, reasons = [], []

    @plain
    async def body():
        ran.append(True)

    async def main():
        p = A.spawn(body)
        A.exit_process(p, "shutdown")  # before the scheduler ever ran it
        reasons.append(await wait_down(p))

    assert run(main) == 0
    assert reasons == ["shutdown"] and ran == []


def test_plain_process_woken_by_a_message_then_killed_dies_at_the_wake_up():
    after, reasons = [], []

    @plain
    async def body():
        await A.receive(anything)
        after.append("handled the message")  # must not happen: killed first

    async def main():
        p = A.spawn(body)
        await A.sleep(5)  # parked in receive
        A.send(p, "hello")  # runnable again...
        A.exit_process(p, "stop")  # ...and killed before it runs
        reasons.append(await wait_down(p))

    assert run(main) == 0
    assert reasons == ["stop"] and after == []


@pytest.mark.trio
async def test_plain_process_parked_in_receive_with_timeout_is_killed(autojump_clock):
    out = []

    @plain
    async def body():
        r = await A.receive(anything, 60_000)
        raise AssertionError(f"woke up with {r!r}")

    async def main():
        p = A.spawn(body)
        await A.sleep(5)
        t = trio.current_time()
        A.exit_process(p, "bye")
        out.append((await wait_down(p), trio.current_time() - t))

    assert await A.Node().run(main) == 0
    reason, waited = out[0]
    assert reason == "bye" and waited == 0  # virtual time: the kill woke it at once
