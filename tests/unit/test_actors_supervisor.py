"""Supervisors (spec 04 §16): strategies, restart types, intensity, shutdown ordering."""

from mesh.runtime import actors as A
from mesh.runtime.values import MeshPanic


def anything(m):
    return (0, m)


def run(main):
    return A.run_program(main)


async def wait_down(pid):
    ref = A.monitor(pid)
    r = await A.receive(lambda m: (0, m[3]) if m[0] is A.DOWN and m[1] == ref else None, None, True)
    return r[1]


def make_worker(name, log):
    """An actor that reports its start to `main`, and crashes/stops on command."""

    async def worker():
        A.set_terminate(lambda: log.append(f"terminate {name}"))
        A.register(name, A.self_pid())
        A.send(A.whereis("main"), ("started", name))
        while True:
            (_, m) = await A.receive(anything)
            if m == "crash":
                raise MeshPanic(f"{name} crashed")
            if m == "stop":
                return

    worker._mesh_name = name
    return worker


def child(name, log, **kw):
    w = make_worker(name, log)
    return A.ChildSpec(name, lambda: A.spawn(w), **kw)


async def started(n):
    """Wait for `n` `("started", name)` messages; return the names in arrival order."""
    names = []
    for _ in range(n):
        r = await A.receive(lambda m: (0, m[1]) if type(m) is tuple and m[0] == "started" else None)
        names.append(r[1])
    return sorted(names)  # children start in declaration order but may run in any order


def test_one_for_one_restarts_only_the_failed_child(capsys):
    log = []
    out = []
    spec = A.SupervisorSpec("Sup", [child("a", log), child("b", log)])

    async def main():
        A.register("main", A.self_pid())
        A.start_supervisor(spec)
        out.append(await started(2))
        a1 = A.whereis("a")
        A.send(a1, "crash")
        out.append(await started(1))
        out.append(A.whereis("a") is not a1)

    assert run(main) == 0
    assert out == [["a", "b"], ["a"], True]
    assert "[mesh-rt] actor <0.3> (a) crashed: a crashed" in capsys.readouterr().err


def test_permanent_transient_temporary():
    log = []
    out = []
    spec = A.SupervisorSpec(
        "Sup",
        [
            child("perm", log, restart=A.PERMANENT),
            child("trans", log, restart=A.TRANSIENT),
            child("temp", log, restart=A.TEMPORARY),
        ],
        max_restarts=10,
    )

    async def main():
        A.register("main", A.self_pid())
        A.start_supervisor(spec)
        await started(3)
        A.send(A.whereis("perm"), "stop")  # permanent: restarted even after normal
        out.append(await started(1))
        t = A.whereis("trans")
        A.send(t, "stop")  # transient + normal: not restarted
        await wait_down(t)
        A.send(A.whereis("temp"), "crash")  # temporary: never restarted
        A.send(A.whereis("main"), "mark")
        r = await A.receive(anything, 100)
        out.append(r[1])
        t = A.whereis("trans")  # (name released on exit)
        out.append(str(t))

    assert run(main) == 0
    assert out == [["perm"], "mark", "<0.0>"]


def test_restart_intensity_escalates(capsys):
    log = []
    out = []
    spec = A.SupervisorSpec("Sup", [child("w", log)], max_restarts=2, max_seconds=5)

    async def main():
        A.register("main", A.self_pid())
        sup = A.start_supervisor(spec)
        ref = A.monitor(sup)
        await started(1)
        for _ in range(2):
            A.send(A.whereis("w"), "crash")
            await started(1)
        A.send(A.whereis("w"), "crash")  # third restart within 5 s: give up
        r = await A.receive(lambda m: (0, m[3]) if m[1] == ref else None, None, True)
        out.append(r[1])

    assert run(main) == 0
    assert out == ["restart limit exceeded: 2 restarts in 5 seconds"]
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (
        "[mesh-rt] supervisor <0.2> (Sup) crashed: restart limit exceeded: 2 restarts in 5 seconds"
    )


def test_max_restarts_zero_gives_up_at_first_restart():
    out = []
    spec = A.SupervisorSpec("Sup", [child("w", [])], max_restarts=0)

    async def main():
        A.register("main", A.self_pid())
        sup = A.start_supervisor(spec)
        await started(1)
        A.send(A.whereis("w"), "crash")
        out.append(await wait_down(sup))

    assert run(main) == 0
    assert out == ["restart limit exceeded: 0 restarts in 5 seconds"]


def test_one_for_all_stops_others_in_reverse_then_starts_all_in_order():
    log = []
    out = []
    spec = A.SupervisorSpec(
        "Sup", [child("a", log), child("b", log), child("c", log)], strategy=A.ONE_FOR_ALL
    )

    async def main():
        A.register("main", A.self_pid())
        A.start_supervisor(spec)
        out.append(await started(3))
        A.send(A.whereis("b"), "crash")
        out.append(await started(3))
        out.append(list(log))

    assert run(main) == 0
    assert out[0] == ["a", "b", "c"]
    assert out[1] == ["a", "b", "c"]
    # b crashed (its terminate ran); then c and a were stopped in reverse order
    assert out[2] == ["terminate b", "terminate c", "terminate a"]


def test_rest_for_one_restarts_failed_and_later_children():
    log = []
    out = []
    spec = A.SupervisorSpec(
        "Sup",
        [child("a", log), child("b", log), child("c", log), child("d", log)],
        strategy=A.REST_FOR_ONE,
    )

    async def main():
        A.register("main", A.self_pid())
        A.start_supervisor(spec)
        await started(4)
        a = A.whereis("a")
        A.send(A.whereis("b"), "crash")
        out.append(await started(3))
        out.append(list(log))
        out.append(A.whereis("a") is a)

    assert run(main) == 0
    assert out == [["b", "c", "d"], ["terminate b", "terminate d", "terminate c"], True]


def test_supervisor_shutdown_stops_children_in_reverse_order_nested():
    log = []
    out = []
    inner = A.SupervisorSpec("Inner", [child("i1", log), child("i2", log)])
    outer = A.SupervisorSpec(
        "Outer",
        [
            child("o1", log),
            A.ChildSpec("inner", lambda: A.start_supervisor(inner)),
            child("o3", log),
        ],
    )

    async def main():
        A.register("main", A.self_pid())
        sup = A.start_supervisor(outer)
        out.append(await started(4))
        A.exit_process(sup, A.SHUTDOWN)  # what a parent supervisor does
        out.append(await wait_down(sup))
        out.append(list(log))

    assert run(main) == 0
    assert out == [
        ["i1", "i2", "o1", "o3"],
        "shutdown",
        ["terminate o3", "terminate i2", "terminate i1", "terminate o1"],
    ]


def test_shutdown_timeout_kills_and_brutal_kill_skips_terminate():
    log = []
    out = []

    async def stubborn():
        async def slow_cleanup():
            log.append("cleanup started")
            await A.sleep(5000)
            log.append("cleanup finished")

        A.set_terminate(slow_cleanup)
        A.send(A.whereis("main"), ("started", "stubborn"))
        await A.receive(lambda m: None)

    spec = A.SupervisorSpec(
        "Sup",
        [
            A.ChildSpec("stubborn", lambda: A.spawn(stubborn), shutdown=50),
            child("brutal", log, shutdown=A.BRUTAL_KILL),
        ],
    )

    async def main():
        A.register("main", A.self_pid())
        sup = A.start_supervisor(spec)
        await started(2)
        s = A.whereis("main")  # noqa: F841
        refs = {}
        for name in ["brutal"]:
            refs[name] = A.monitor(A.whereis(name))
        A.exit_process(sup, A.SHUTDOWN)
        out.append(await wait_down(sup))
        r = await A.receive(lambda m: (0, m[3]) if m[1] == refs["brutal"] else None, None, True)
        out.append(r[1])
        out.append(list(log))

    assert run(main) == 0
    assert out == ["shutdown", "killed", ["cleanup started"]]


def test_child_start_failure_stops_started_children(capsys):
    log = []
    out = []

    async def bad_start():
        while str(A.whereis("a")) == "<0.0>":  # let `a` run its first step
            await A.yield_now()
        raise MeshPanic("cannot start")

    spec = A.SupervisorSpec("Sup", [child("a", log), A.ChildSpec("bad", bad_start)])

    async def main():
        A.register("main", A.self_pid())
        sup = A.start_supervisor(spec)
        out.append(await wait_down(sup))
        out.append(list(log))

    assert run(main) == 0
    assert out == ["child 'bad' failed to start: cannot start", ["terminate a"]]
    assert (
        "[mesh-rt] supervisor <0.2> (Sup) crashed: child 'bad' failed to start: cannot start"
    ) in capsys.readouterr().err


def test_nested_supervisor_escalation_restarts_inner():
    log = []
    out = []
    inner = A.SupervisorSpec("Inner", [child("w", log)], max_restarts=0)
    outer = A.SupervisorSpec(
        "Outer", [A.ChildSpec("inner", lambda: A.start_supervisor(inner))], max_restarts=5
    )

    async def main():
        A.register("main", A.self_pid())
        A.start_supervisor(outer)
        await started(1)
        A.send(A.whereis("w"), "crash")  # inner gives up, outer restarts inner
        out.append(await started(1))

    assert run(main) == 0
    assert out == [["w"]]


def test_idle_supervision_tree_does_not_keep_program_alive():
    spec = A.SupervisorSpec("Sup", [child("w", [])])

    async def main():
        A.register("main", A.self_pid())
        A.start_supervisor(spec)
        await started(1)

    assert run(main) == 0
