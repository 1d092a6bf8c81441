"""Light processes (mesh/runtime/actors/light.py): bodies marked `_mesh_plain_waits` run as
coroutines stepped by the node's scheduler task instead of one Trio task each, and move to
a Trio task of their own when they need Trio (a `receive ... after` deadline, `park`).
Every rule of spec 04 that holds for Trio-task processes must hold for them too."""

import pytest
import trio

from mesh.runtime import actors as A
from mesh.runtime.values import MeshPanic


def plain(fn):
    fn._mesh_plain_waits = True  # what codegen sets on a body that only waits in `receive`
    return fn


def anything(m):
    return (0, m)


def down_for(ref):
    return lambda m: (0, m[3]) if m[0] is A.DOWN and m[1] == ref else None


def light(pid) -> bool:
    p = pid._proc
    return p is not None and p.task is p


def test_light_ping_pong_keeps_order_and_runs_without_trio_tasks():
    seen = {}

    @plain
    async def pong():
        seen["pong_light"] = light(A.self_pid())
        while True:
            (_, (frm, n)) = await A.receive(anything)
            A.send(frm, n)

    @plain
    async def main():
        seen["main_light"] = light(A.self_pid())
        p = A.spawn(pong)
        me = A.self_pid()
        got = []
        for i in range(5000):
            A.send(p, (me, i))
            got.append((await A.receive(anything))[1])
        seen["got"] = got
        # the node runs only its scheduler task, no task per process
        seen["tasks"] = len(A.current_node.get().nursery.child_tasks)

    assert A.run_program(main) == 0
    assert seen["main_light"] and seen["pong_light"]
    assert seen["got"] == list(range(5000))
    assert seen["tasks"] == 1


def test_spawned_light_process_runs_only_after_the_spawner_suspends():
    out = []

    @plain
    async def child():
        out.append("child")

    @plain
    async def main():
        A.spawn(child)
        out.append("spawner before suspending")
        await A.receive(anything, 0)  # `after 0`: checks once, does not suspend
        out.append("still the spawner")
        await A.yield_now()
        out.append("after yield")

    assert A.run_program(main) == 0
    assert out == ["spawner before suspending", "still the spawner", "child", "after yield"]


def test_selective_receive_in_a_light_process_rescans_only_new_messages():
    out = []

    def only_b(m):
        return (0, m) if m[0] == "b" else None

    @plain
    async def picky():
        out.append((await A.receive(only_b))[1])
        out.append((await A.receive(anything))[1])
        out.append((await A.receive(anything))[1])

    @plain
    async def main():
        p = A.spawn(picky)
        await A.yield_now()  # picky parks on an empty mailbox
        A.send(p, ("a", 1))
        await A.yield_now()  # woken, skips ("a", 1), parks again
        A.send(p, ("a", 2))
        A.send(p, ("b", 3))

    assert A.run_program(main) == 0
    assert out == [("b", 3), ("a", 1), ("a", 2)]


@pytest.mark.trio
async def test_after_deadline_moves_a_light_process_to_a_trio_task(autojump_clock):
    out = []

    @plain
    async def waiter():
        out.append(("light before", light(A.self_pid())))
        r = await A.receive(anything, 50)
        out.append("timeout" if r is A.TIMEOUT else r)
        out.append(("light after", light(A.self_pid())))
        out.append((await A.receive(anything))[1])

    async def main():
        p = A.spawn(waiter)
        await A.sleep(100)
        A.send(p, "later")

    start = trio.current_time()
    assert await A.Node().run(main) == 0
    assert out == [("light before", True), "timeout", ("light after", False), "later"]
    assert trio.current_time() - start == pytest.approx(0.100)


def test_crash_of_a_light_process_is_reported_and_kills_linked_processes(capsys):
    reasons = {}

    @plain
    async def crasher():
        await A.receive(anything)
        raise MeshPanic("light boom")

    @plain
    async def linked(target):
        A.link(target)
        await A.receive(lambda m: None)

    async def main():
        c = A.spawn(crasher)
        w = A.spawn(linked, c)
        ref = A.monitor(w)
        await A.sleep(5)
        A.send(c, "go")
        reasons["w"] = (await A.receive(down_for(ref), None, True))[1]

    assert A.run_program(main) == 0
    assert reasons == {"w": "light boom"}
    err = capsys.readouterr().err
    assert "[mesh-rt] actor <0.2> (crasher) crashed: light boom" in err


def test_kill_reaches_a_parked_light_process():
    reasons = {}

    @plain
    async def sleeper():
        await A.receive(lambda m: None)

    async def main():
        p = A.spawn(sleeper)
        ref = A.monitor(p)
        await A.sleep(5)
        A.exit_process(p, "shutdown")
        reasons["p"] = (await A.receive(down_for(ref), None, True))[1]
        reasons["alive"] = A.is_alive(p)

    assert A.run_program(main) == 0
    assert reasons == {"p": "shutdown", "alive": False}


def test_program_end_discards_never_started_light_processes_silently(capsys):
    @plain
    async def never_runs():
        await A.receive(anything)

    def main():  # panics before any spawned process ran
        for _ in range(100):
            A.spawn(never_runs)
        raise MeshPanic("stop here")

    assert A.run_program(main) == 101
    err = capsys.readouterr().err
    assert err.strip() == "panic: stop here"  # no "coroutine was never awaited" warning


@pytest.mark.trio
async def test_held_delivery_runs_woken_processes_in_the_delivering_task():
    log = []

    @plain
    async def echo():
        while True:
            (_, m) = await A.receive(anything)
            log.append(("echo got", m))

    async def main():
        node = A.current_node.get()
        p = A.spawn(echo)
        await A.sleep(5)  # echo is parked; the scheduler task waits for work
        assert node.light_waiter is not None

        async def deliverer():  # a runtime task that is no process (a session reader)
            node.hold_light()
            A.send(p, "m1")
            assert node.light_waiter is not None  # the scheduler was not woken
            node.release_light()
            log.append("released")
            assert A.current_proc.get() is None

        node.sys_nursery.start_soon(deliverer)
        await A.sleep(5)

    assert await A.Node().run(main) == 0
    assert log == [("echo got", "m1"), "released"]
