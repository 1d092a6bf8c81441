"""Services (spec 04 §17) and jobs (§18)."""

import pytest
import trio

from mesh.runtime import actors as A
from mesh.runtime.core import display
from mesh.runtime.values import Err, MeshPanic, Ok


def anything(m):
    return (0, m)


def run(main):
    return A.run_program(main)


async def wait_down(pid):
    ref = A.monitor(pid)
    r = await A.receive(lambda m: (0, m[3]) if m[0] is A.DOWN and m[1] == ref else None, None, True)
    return r[1]


# Inventory (spec 04 §17 example), shaped like generated code.
def inv_take(stock, qty):
    return (stock - qty, True) if qty <= stock else (stock, False)


async def inv_remaining(stock):  # async handlers are fine
    return (stock, stock)


def inv_restock(stock, qty):
    return stock + qty


async def inv_crash(stock):
    A.send(A.whereis("main"), "in handler")
    await A.receive(lambda m: (0,) if m == "go" else None)
    raise MeshPanic("handler failed")


INVENTORY = A.ServiceSpec(
    "Inventory",
    calls={"take": inv_take, "remaining": inv_remaining, "crash": inv_crash},
    casts={"restock": inv_restock},
)


def test_call_and_cast():
    out = []

    async def main():
        inv = A.start_service(INVENTORY, 5)
        out.append(await A.call(inv, "take", (3,)))
        out.append(await A.call(inv, "take", (3,)))
        A.cast(inv, "restock", (10,))
        out.append(await A.call(inv, "remaining"))

    assert run(main) == 0  # the idle service does not keep the program alive
    assert out == [True, False, 12]


def test_replies_do_not_disturb_the_callers_mailbox():
    out = []

    async def main():
        inv = A.start_service(INVENTORY, 1)
        A.send(A.self_pid(), "queued first")
        out.append(await A.call(inv, "remaining"))
        out.append((await A.receive(anything, 0))[1])

    assert run(main) == 0
    assert out == [1, "queued first"]


def test_call_to_dead_or_null_service_fails_with_noproc(capsys):
    out = []

    async def caller(pid):
        await A.call(pid, "remaining")
        out.append("unreachable")

    async def main():
        c = A.spawn(caller, A.NULL_PID)
        out.append(await wait_down(c))

    assert run(main) == 0
    assert out == ["service call to <0.0> failed: noproc"]
    assert "crashed: service call to <0.0> failed: noproc" in capsys.readouterr().err


def test_service_crash_fails_pending_and_later_calls(capsys):
    out = []

    async def caller(inv, req):
        await A.call(inv, req)

    async def main():
        A.register("main", A.self_pid())
        inv = A.start_service(INVENTORY, 1)
        c1 = A.spawn(caller, inv, "crash")
        await A.receive(lambda m: (0,) if m == "in handler" else None)
        c2 = A.spawn(caller, inv, "remaining")  # queued behind the crashing request
        while A.mailbox_size(inv) == 0:
            await A.yield_now()
        A.send(inv, "go")
        refs = [A.monitor(c1), A.monitor(c2), A.monitor(inv)]
        for ref in refs:
            r = await A.receive(lambda m, ref=ref: (0, m[3]) if m[1] == ref else None, None, True)
            out.append(r[1])
        A.cast(inv, "restock", (1,))  # dropped
        try:
            await A.call(inv, "remaining")
        except MeshPanic as e:
            out.append(e.message)

    assert run(main) == 0
    assert out == ["service call to <0.2> failed: handler failed"] * 2 + [
        "handler failed",
        "service call to <0.2> failed: noproc",
    ]
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "[mesh-rt] service <0.2> (Inventory) crashed: handler failed"


def test_self_call_would_deadlock():
    out = []

    async def h_self(state):
        try:
            await A.call(A.self_pid(), "self")
        except MeshPanic as e:
            out.append(e.message)
        return (state, 0)

    spec = A.ServiceSpec("Loop", calls={"self": h_self}, casts={})

    async def main():
        s = A.start_service(spec, 0)
        await A.call(s, "self")

    assert run(main) == 0
    assert out == ["service call to <0.2> would deadlock"]


@pytest.mark.trio
async def test_call_timeout_extension(autojump_clock):
    out = []

    async def slow(state):
        await A.sleep(200)
        return (state, "late")

    spec = A.ServiceSpec("Slow", calls={"slow": slow}, casts={})

    async def main():
        s = A.start_service(spec, 0)
        try:
            await A.call(s, "slow", (), 20)
        except MeshPanic as e:
            out.append(e.message)
        out.append(await A.call(s, "slow", (), 1000))

    start = trio.current_time()
    assert await A.Node().run(main) == 0
    assert out == ["service call to <0.2> timed out after 20 ms", "late"]
    # the timed-out call's work still runs first: 200 ms, then the second call's 200 ms
    assert trio.current_time() - start == pytest.approx(0.400)


def test_plain_messages_to_a_service_are_ignored():
    out = []

    async def main():
        inv = A.start_service(INVENTORY, 3)
        A.send(inv, "junk")
        A.send_after(inv, 1, "junk")
        await A.sleep(10)
        out.append(await A.call(inv, "remaining"))
        out.append(A.mailbox_size(inv))

    assert run(main) == 0
    assert out == [3, 0]


def test_service_call_from_many_processes_serialises():
    out = []

    def add(state, n):
        return (state + n, state + n)

    spec = A.ServiceSpec("Acc", calls={"add": add}, casts={})

    async def client(s, n):
        for _ in range(n):
            await A.call(s, "add", (1,))

    async def main():
        s = A.start_service(spec, 0)
        cs = [A.spawn(client, s, 100) for _ in range(10)]
        for c in cs:
            await wait_down(c)
        out.append(await A.call(s, "add", (0,)))

    assert run(main) == 0
    assert out == [1000]


# ---------------------------------------------------------------- jobs


def test_job_async_await_and_repeat_await():
    out = []

    def square(n):
        return n * n

    async def main():
        j = A.job_async(lambda: square(12))
        out.append(await A.job_await_timeout(j, 1000))
        out.append(await A.job_await(j))  # result is kept

    assert run(main) == 0
    assert out == [Ok(144), Ok(144)]


def test_job_crash_gives_err_not_caller_crash(capsys):
    out = []

    def boom():
        raise MeshPanic("job failed")

    async def main():
        out.append(await A.job_await(A.job_async(boom)))

    assert run(main) == 0
    assert out == [Err("job failed")]
    assert capsys.readouterr().err == "[mesh-rt] job <0.2> (job) crashed: job failed\n"


@pytest.mark.trio
async def test_job_await_timeout_and_not_a_job(autojump_clock):
    out = []

    async def slow():
        await A.sleep(100)
        return "done"

    async def main():
        j = A.job_async(slow)
        out.append(await A.job_await_timeout(j, 10))
        out.append(await A.job_await(j))
        out.append(await A.job_await(A.self_pid()))

    start = trio.current_time()
    assert await A.Node().run(main) == 0
    assert out == [Err("timeout"), Ok("done"), Err("not a job")]
    assert trio.current_time() - start == pytest.approx(0.100)  # the job's own 100 ms


def test_job_map_in_input_order_with_errors():
    out = []

    async def f(x):
        await A.sleep(30 - x * 10)  # later elements finish first
        if x == 2:
            raise MeshPanic("two")
        return x * 10

    async def main():
        out.append(await A.job_map([1, 2, 3], f))
        out.append(await A.job_map([], f))

    assert run(main) == 0
    assert out == [[Ok(10), Err("two"), Ok(30)], []]


def test_awaiting_job_from_another_process():
    out = []

    async def other(j):
        out.append(await A.job_await(j))

    async def main():
        j = A.job_async(lambda: "shared")
        A.spawn(other, j)
        out.append(await A.job_await(j))

    assert run(main) == 0
    assert out == [Ok("shared"), Ok("shared")]


def test_crashing_caller_kills_its_unfinished_jobs():
    out = []

    async def long_job():
        await A.sleep(5000)

    async def caller():
        j = A.job_async(long_job)
        A.send(A.whereis("main"), j)
        await A.receive(anything)
        raise MeshPanic("caller died")

    async def main():
        A.register("main", A.self_pid())
        c = A.spawn(caller)
        (_, j) = await A.receive(anything)
        A.send(c, "die")
        out.append(await A.job_await(j))

    assert run(main) == 0
    assert out == [Err("killed")]


@pytest.mark.parametrize("n", [3])
def test_job_outlives_normal_caller_exit(n):
    out = []

    async def caller():
        A.send(A.whereis("main"), A.job_async(lambda: "ok"))

    async def main():
        A.register("main", A.self_pid())
        A.spawn(caller)
        (_, j) = await A.receive(anything)
        out.append(display(await A.job_await(j)))

    assert run(main) == 0
    assert out == ["Ok(ok)"]
