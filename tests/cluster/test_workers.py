"""Node-per-core workers between real processes (docs/internals/workers.md): a compiled
program started with `MESH_WORKERS=N` serves one port from N worker nodes.

* N = 2 and 3 share the port (SO_REUSEPORT, and the shared-socket fallback for N = 2); a
  counter kept in a `Global`-registered service on worker 0 counts every request exactly
  once, whichever worker answered it (remote service calls between workers);
* SIGKILL of one worker fails only the requests it was serving; the supervisor restarts it
  under the same node name and it serves again;
* SIGTERM to the supervisor stops every worker within the grace time, status 0;
* two "hosts" (127.0.0.1 and 127.0.0.2) × 2 workers form one cluster of four nodes; the
  `@cluster` work runs once, on the primary host's worker 0, mirrored on a worker of the
  standby host; killing the primary host — or only its worker 0 — makes that replica
  worker promote itself and re-run the work, and the restarted primary host (or the
  restarted worker 0) is fenced to standby.

Every process group is killed at the end; waits are polls with deadlines.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
from pathlib import Path

import pytest
import trio
from cluster_app import ROOT, build, clean_env, mesh_cmd, poll
from trio_websocket import open_websocket_url

COUNTER = """\
service Counter do
  fn init() -> Int do
    0
  end

  call Hit() :: Int do |n|
    (n + 1, n + 1)
  end

  call Total() :: Int do |n|
    (n, n)
  end

  cast Add(k :: Int) do |n|
    n + k
  end
end

service Fragile do
  fn init() -> Int do
    0
  end

  call Boom() :: Int do |n|
    (n, 100 / n)
  end
end

fn boom(request) do
  if Process.whereis("fragile_here") == Global.whereis("no such name") do
    HTTP.response(200, "#{Fragile.boom(Global.whereis("fragile"))}")
  else
    HTTP.response(409, "the fragile service runs on this worker")
  end
end

fn hit(request) do
  let n = Counter.hit(Global.whereis("requests"))
  HTTP.response(200, "#{Node.self()} #{n}")
end

fn slow(request) do
  let _ = Counter.hit(Global.whereis("requests"))
  Timer.sleep(Env.get_int("SLOW_MS", 3000))
  HTTP.response(200, "#{Node.self()}")
end

fn add(request) do
  Counter.add(Global.whereis("requests"), 1000)
  HTTP.response(200, Node.self())
end

fn total(request) do
  HTTP.response(200, "#{Counter.total(Global.whereis("requests"))}")
end

fn main() do
  let rc = Global.register("requests", Counter.start())
  println("main on #{Node.self()} register #{rc}")
  let fragile = Fragile.start()
  let _ = if Global.register("fragile", fragile) == 0 do
    Process.register("fragile_here", fragile)
  else
    0
  end
  let router = HTTP.router()
    |> HTTP.on_get("/hit", hit)
    |> HTTP.on_get("/slow", slow)
    |> HTTP.on_get("/total", total)
    |> HTTP.on_get("/add", add)
    |> HTTP.on_get("/boom", boom)
  HTTP.serve(router, Env.get_int("PORT", 0))
end
"""

WORK = """\
@cluster pub fn warm() -> Int do
  println("warm start on ${Node.self()}")
  Timer.sleep(Env.get_int("WORK_MS", 0))
  println("warm done on ${Node.self()}")
  42
end

fn main() do
  case Node.start_from_env() do
    Ok(st) -> println("boot mode=${st.mode} node=${st.node_name}")
    Err(why) -> println("boot failed: ${why}")
  end
end
"""

CHAT = """\
fn chat(ws) do
  let _ = Ws.join(ws, "lobby")
  let _ = Ws.send(ws, "joined #{Node.self()}")
  chat_loop(ws)
end

fn chat_loop(ws) do
  case Ws.receive(ws) do
    Some(text) -> relay(ws, text)
    None -> ()
  end
end

fn relay(ws, text) do
  let _ = Ws.broadcast("lobby", "#{Node.self()}: #{text}")
  chat_loop(ws)
end

fn main() do
  HTTP.serve(HTTP.router() |> HTTP.on_websocket("/chat", chat), Env.get_int("PORT", 0))
end
"""

COOKIE = "workers-cookie-5be21c"
KEY = "startup::Main.warm"
STATE = re.compile(r"worker=(\d+) pid=(\d+) state=(\w+) node=(\S+) restarts=(\d+)")


class Group:
    """One supervisor and its workers, in a process group of their own."""

    def __init__(self, exe: Path | list[str], env: dict[str, str]):
        cmd = [str(exe)] if isinstance(exe, Path) else exe
        self.p = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=clean_env(env),
            cwd=str(ROOT),
            start_new_session=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, sink in ((self.p.stdout, self.out), (self.p.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True).start()

    def _pump(self, stream, sink):
        for line in stream:
            sink.append(line.rstrip("\n"))

    def describe(self) -> str:
        return f"stdout: {self.out!r}\nstderr: {self.err[-60:]!r}"

    def states(self) -> dict[int, tuple[int, str, str, int]]:
        """Latest (pid, state, node, restarts) of each worker from the supervisor's lines."""
        seen: dict[int, tuple[int, str, str, int]] = {}
        for line in list(self.err):
            m = STATE.search(line)
            if m:
                seen[int(m[1])] = (int(m[2]), m[3], m[4], int(m[5]))
        return seen

    def wait_running(self, n: int, timeout: float = 60.0) -> dict:
        def ok(st):
            assert self.p.poll() is None, self.describe()
            return len(st) == n and all(s[1] == "running" for s in st.values())

        return poll(self.states, ok, timeout, what=f"{n} running workers\n{self.describe()}")

    def kill(self) -> None:
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            pass


@pytest.fixture
def groups():
    made: list[Group] = []

    def start(exe: Path | list[str], env: dict[str, str]) -> Group:
        g = Group(exe, env)
        made.append(g)
        return g

    yield start
    for g in made:
        g.kill()


@pytest.fixture(scope="module")
def counter_exe(tmp_path_factory):
    return build(COUNTER, tmp_path_factory.mktemp("workers_counter"), "counter")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 15.0) -> tuple[int, str]:
    """One request on a fresh connection (so SO_REUSEPORT may pick any worker)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers={"Connection": "close"})
        r = c.getresponse()
        return r.status, r.read().decode()
    finally:
        c.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("n,mode", [(2, "reuseport"), (3, "reuseport"), (2, "shared")])
def test_workers_share_the_port_and_a_global_counter_counts_once(counter_exe, groups, n, mode):
    port = free_port()
    g = groups(
        counter_exe, {"MESH_WORKERS": str(n), "PORT": str(port), "MESH_WORKERS_LISTENER": mode}
    )
    st = g.wait_running(n)
    assert f"listeners: {mode}" in "\n".join(g.err)
    names = {s[2] for s in st.values()}
    assert len(names) == n
    # worker 0 registered the counter first; every later main found the name taken
    poll(
        lambda: sorted(ln for ln in g.out if ln.startswith("main on")),
        lambda ls: len(ls) == n,
        what="every main ran",
    )
    assert sum(ln.endswith("register 0") for ln in g.out) == 1, g.describe()
    requests = 90
    served, counts = [], []
    for _ in range(requests):
        status, body = get(port, "/hit")
        assert status == 200, body
        name, count = body.rsplit(" ", 1)
        served.append(name)
        counts.append(int(count))
    assert sorted(counts) == list(range(1, requests + 1)), "each request counted exactly once"
    assert get(port, "/total") == (200, str(requests + 0))
    assert set(served) <= names
    if mode == "reuseport":  # the kernel spreads new connections over every worker
        assert set(served) == names, served
    # casts reach the counter from the other workers too (a remote cast): cast until a
    # worker other than the counter's owner (worker 0) answered one
    owner = st[0][2]
    casters = []
    while not set(casters) - {owner}:
        casters.append(get(port, "/add")[1])
        assert len(casters) < 200, casters
    poll(
        lambda: get(port, "/total")[1],
        lambda v: v == str(requests + 1000 * len(casters)),
        what="every cast applied",
    )


def test_websockets_share_the_port_and_rooms_span_the_workers(tmp_path, groups):
    exe = build(CHAT, tmp_path, "chat")
    port = free_port()
    g = groups(exe, {"MESH_WORKERS": "2", "PORT": str(port)})
    names = {s[2] for s in g.wait_running(2).values()}

    async def chat():
        with trio.fail_after(30):
            async with trio.open_nursery() as n:
                clients, served = [], []

                async def connect():
                    ws = await n.start(_client, f"ws://127.0.0.1:{port}/chat")
                    served.append((await ws.get_message()).removeprefix("joined "))
                    clients.append(ws)

                while set(served) != names:  # until both workers hold members
                    await connect()
                    assert len(clients) < 40, served
                await clients[0].send_message("hi")
                want = f"{served[0]}: hi"
                for ws in clients:  # every member, on either worker, gets it
                    assert await ws.get_message() == want
                await clients[-1].send_message("end")
                want = f"{served[-1]}: end"
                for ws in clients:  # ... once: the next message is the next broadcast
                    assert await ws.get_message() == want
                n.cancel_scope.cancel()

    trio.run(chat)


async def _client(url, task_status=trio.TASK_STATUS_IGNORED):
    async with open_websocket_url(url) as ws:
        task_status.started(ws)
        await trio.sleep_forever()


def test_a_killed_worker_loses_only_its_requests_and_is_restarted(counter_exe, groups):
    port = free_port()
    g = groups(counter_exe, {"MESH_WORKERS": "2", "PORT": str(port), "SLOW_MS": "4000"})
    st = g.wait_running(2)
    victim_pid, _s, victim, _r = st[1]
    survivor = st[0][2]
    inflight = 24
    results: list[tuple[int, str] | str] = []

    def one():
        try:
            results.append(get(port, "/slow"))
        except (OSError, http.client.HTTPException) as e:
            results.append(type(e).__name__)

    threads = [threading.Thread(target=one) for _ in range(inflight)]
    for t in threads:
        t.start()
    # every request reached a handler (each counted itself on worker 0) before the kill
    poll(lambda: get(port, "/total")[1], lambda v: v == str(inflight), what="all in flight")
    os.kill(victim_pid, signal.SIGKILL)
    for t in threads:
        t.join(30)
    ok = [r for r in results if isinstance(r, tuple)]
    failed = [r for r in results if not isinstance(r, tuple)]
    assert len(results) == inflight
    assert ok and all(r == (200, survivor) for r in ok), results
    assert failed, "some requests were in flight on the killed worker"
    # restarted under the same node name, and it serves (and counts on worker 0) again
    st = poll(
        g.states,
        lambda s: s[1][1] == "running" and s[1][3] == 1 and s[1][0] != victim_pid,
        what="worker 1 restarted",
    )
    assert st[1][2] == victim and alive(st[0][0])
    before = int(get(port, "/total")[1])
    poll(
        lambda: get(port, "/hit")[1].rsplit(" ", 1)[0],
        lambda name: name == victim,
        what="the restarted worker answering",
    )
    assert int(get(port, "/total")[1]) > before
    assert any("state=restarting" in ln and "restart_in_ms=" in ln for ln in g.err)


def test_a_remote_service_crash_fails_the_call_not_the_caller_worker(counter_exe, groups):
    port = free_port()
    g = groups(counter_exe, {"MESH_WORKERS": "2", "PORT": str(port)})
    st = g.wait_running(2)
    tries = 0
    while (reply := get(port, "/boom"))[0] == 409:  # until a non-owner worker answers
        tries += 1
        assert tries < 200
    assert reply[0] == 500  # the call failed with the service's crash reason
    poll(
        lambda: list(g.err),
        lambda err: any(
            "service call to <" in ln and "failed: " in ln and "division by zero" in ln
            for ln in err
        ),
        what="the caller's panic names the service's crash",
    )
    # both workers still serve (and the counter service on worker 0 is unaffected)
    assert g.states() == st
    assert get(port, "/hit")[0] == 200


def test_sigterm_stops_every_worker_within_the_grace_time(counter_exe, groups):
    port = free_port()
    # A grace time far above what a loaded machine needs to stop: the supervisor returning
    # before half of it shows it did not wait the grace time out; status 0 and no "killed"
    # line show no worker was killed at its end (no wall-clock assertion).
    g = groups(
        counter_exe, {"MESH_WORKERS": "3", "PORT": str(port), "MESH_WORKERS_GRACE_MS": "60000"}
    )
    pids = [s[0] for s in g.wait_running(3).values()]
    assert get(port, "/hit")[0] == 200
    g.p.send_signal(signal.SIGTERM)
    assert g.p.wait(30) == 0, g.describe()
    assert not any(alive(pid) for pid in pids)
    assert sum("state=stopped" in ln and "status=0" in ln for ln in g.err) == 3, g.describe()
    assert not any("after the grace time: killed" in ln for ln in g.err), g.describe()


def test_mesh_run_workers_flag(tmp_path, groups):
    src = tmp_path / "counter.mpl"
    src.write_text(COUNTER, encoding="utf-8")
    port = free_port()
    g = groups(
        mesh_cmd() + ["run", "--workers", "2", "--build-dir", str(tmp_path / "build"), str(src)],
        {"PORT": str(port)},
    )
    names = {s[2] for s in g.wait_running(2).values()}
    served = {get(port, "/hit")[1].rsplit(" ", 1)[0] for _ in range(40)}
    assert served == names
    assert get(port, "/total") == (200, "40")
    g.p.send_signal(signal.SIGTERM)
    assert g.p.wait(30) == 0, g.describe()


def test_ctrl_c_on_the_process_group_is_a_clean_stop(counter_exe, groups):
    port = free_port()
    g = groups(counter_exe, {"MESH_WORKERS": "2", "PORT": str(port)})
    pids = [s[0] for s in g.wait_running(2).values()]
    os.killpg(g.p.pid, signal.SIGINT)  # what a terminal does: every process gets it
    assert g.p.wait(30) == 0, g.describe()
    assert not any(alive(pid) for pid in pids)


def test_n1_is_a_single_process(counter_exe, groups):
    port = free_port()
    g = groups(counter_exe, {"MESH_WORKERS": "1", "PORT": str(port)})
    poll(lambda: list(g.out), lambda out: "main on  register 0" in out, what="main ran")
    assert get(port, "/hit") == (200, " 1")
    assert not any("[mesh-rt workers]" in ln for ln in g.err)


def test_invalid_worker_count_is_a_start_up_error(counter_exe):
    r = subprocess.run(
        [str(counter_exe)],
        capture_output=True,
        text=True,
        timeout=30,
        env=clean_env({"MESH_WORKERS": "many"}),
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 2
    assert "invalid MESH_WORKERS='many'" in r.stderr


def test_cpu_plan_pins_one_worker_per_cpu_only_when_asked_or_when_they_match():
    from mesh.runtime.workers import config

    assert config.cpu_plan({}, 2, [0, 1]) == [0, 1]  # one worker per usable CPU: pinned
    assert config.cpu_plan({}, 2, [2, 5, 7]) is None  # fewer workers than CPUs: free
    assert config.cpu_plan({}, 3, [2, 5]) is None
    assert config.cpu_plan({"MESH_WORKERS_PIN": "0"}, 2, [0, 1]) is None
    assert config.cpu_plan({"MESH_WORKERS_PIN": "1"}, 3, [2, 5]) == [2, 5, 2]
    assert config.cpu_plan({"MESH_WORKERS_PIN": "1"}, 2, []) is None  # no affinity API
    with pytest.raises(config.WorkersConfigError, match="MESH_WORKERS_PIN"):
        config.cpu_plan({"MESH_WORKERS_PIN": "yes"}, 2, [0, 1])


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity API")
@pytest.mark.parametrize("pin", ["1", "0"])
def test_workers_are_pinned_to_their_cpus(counter_exe, groups, pin):
    usable = sorted(os.sched_getaffinity(0))
    port = free_port()
    g = groups(counter_exe, {"MESH_WORKERS": "2", "MESH_WORKERS_PIN": pin, "PORT": str(port)})
    states = g.wait_running(2)
    assert get(port, "/hit")[0] == 200
    for index, (pid, _state, _node, _restarts) in states.items():
        threads = os.listdir(f"/proc/{pid}/task") if os.path.isdir("/proc") else [pid]
        for tid in threads:  # the threads started after the pin inherit it
            got = sorted(os.sched_getaffinity(int(tid)))
            assert got == ([usable[index % len(usable)]] if pin == "1" else usable), g.describe()
    assert ("cpus: " in "\n".join(g.err)) == (pin == "1"), g.describe()


def test_invalid_pin_setting_is_a_start_up_error(counter_exe):
    r = subprocess.run(
        [str(counter_exe)],
        capture_output=True,
        text=True,
        timeout=30,
        env=clean_env({"MESH_WORKERS": "2", "MESH_WORKERS_PIN": "always"}),
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 2
    assert "invalid MESH_WORKERS_PIN='always'" in r.stderr


# ------------------------------------------------------------------ two hosts


def _query(name: str, *args: str) -> dict | None:
    kind, *rest = args
    r = subprocess.run(
        mesh_cmd() + ["cluster", kind, name, *rest, "--json"],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env=clean_env({"MESH_CLUSTER_COOKIE": COOKIE}),
        stdin=subprocess.DEVNULL,
    )
    assert COOKIE not in r.stdout + r.stderr
    return json.loads(r.stdout) if r.returncode == 0 else None


def _record(name: str) -> dict | None:
    doc = _query(name, "continuity", KEY)
    return doc["record"] if doc else None


def _two_free_ports() -> int:
    """P with P and P + 1 free on 127.0.0.1 and 127.0.0.2 (each host's two workers)."""
    for _ in range(50):
        port = free_port()
        try:
            for host in ("127.0.0.1", "127.0.0.2"):
                for p in (port, port + 1):
                    with socket.socket() as s:
                        s.bind((host, p))
        except OSError:
            continue
        return port
    pytest.skip("no two consecutive ports free on 127.0.0.1 and 127.0.0.2")


@pytest.fixture(scope="module")
def work_exe(tmp_path_factory):
    return build(WORK, tmp_path_factory.mktemp("workers_work"), "work")


def _two_hosts(work_exe, groups):
    """Standby host b, then primary host a (its work pending for 120 s), both of 2 workers
    on one cluster; returns (host starter, a, b, names, first record on the replica)."""
    port = _two_free_ports()
    hosts = {"primary": "127.0.0.1", "standby": "127.0.0.2"}

    def host(role: str, work_ms: int) -> Group:
        return groups(
            work_exe,
            {
                "MESH_WORKERS": "2",
                "MESH_CLUSTER_COOKIE": COOKIE,
                "MESH_CLUSTER_PORT": str(port),
                "MESH_DISCOVERY_SEED": "127.0.0.1,127.0.0.2",
                "MESH_NODE_NAME": f"{role[0]}@{hosts[role]}:{port}",
                "MESH_CONTINUITY_ROLE": role,
                "MESH_DISCOVERY_INTERVAL_MS": "100",
                "MESH_STARTUP_WORK_DELAY_MS": "500",
                "WORK_MS": str(work_ms),
            },
        )

    names = (
        f"p@127.0.0.1:{port}",
        f"p-w1@127.0.0.1:{port + 1}",
        f"s@127.0.0.2:{port}",
        f"s-w1@127.0.0.2:{port + 1}",
    )
    p0, p1, s0, s1 = names
    b = host("standby", 0)
    b.wait_running(2)
    a = host("primary", 120_000)
    a.wait_running(2)
    everyone = set(names)
    for name in everyone:  # one cluster of four nodes
        poll(
            lambda n=name: _query(n, "status"),
            lambda st, n=name: (
                st is not None and set(st["membership"]["peer_nodes"]) == everyone - {n}
            ),
            what=f"{name} sees the three others",
        )
    first = poll(
        lambda: _record(s0),
        lambda r: r is not None and r["replica_status"] == "mirrored",
        what="the work mirrored on the standby host",
    )
    # owned by the primary host's worker 0, mirrored off-host (a standby-host worker)
    assert first["replica_node"] in (s0, s1)
    assert (first["owner_node"], first["phase"]) == (p0, "submitted")
    poll(lambda: list(a.out), lambda out: f"warm start on {p0}" in out, what="work running")
    auth = {n: _query(n, "status")["authority"] for n in everyone}
    assert {n: a_["cluster_role"] for n, a_ in auth.items()} == {
        p0: "primary",
        p1: "standby",
        s0: "standby",
        s1: "standby",
    }
    assert not any(ln.startswith("warm") for ln in b.out), b.describe()
    return host, a, b, names, first


def _taken_over(replica: str, first: dict, b: Group) -> dict:
    """The replica worker promoted itself (epoch 1) and re-ran the work; the record."""
    st = poll(
        lambda: _query(replica, "status"),
        lambda st: st is not None and st["authority"]["cluster_role"] == "primary",
        what="the replica worker promoted",
    )
    assert st["authority"]["promotion_epoch"] == 1
    done = poll(
        lambda: _record(replica),
        lambda r: r is not None and r["phase"] == "completed",
        what="work completed after failover",
    )
    assert (done["owner_node"], done["execution_node"]) == (replica, replica)
    assert done["attempt_id"] != first["attempt_id"]
    assert b.out.count(f"warm done on {replica}") == 1, b.describe()
    return done


def _fenced(name: str, done: dict) -> None:
    poll(
        lambda: _query(name, "status"),
        lambda st: (
            st is not None
            and st["authority"] == dict(st["authority"], cluster_role="standby", promotion_epoch=1)
        ),
        what=f"{name} fenced to standby",
    )
    poll(
        lambda: _record(name),
        lambda r: (
            r is not None and r["phase"] == "completed" and r["attempt_id"] == done["attempt_id"]
        ),
        what=f"{name} adopted the record",
    )


@pytest.mark.slow
def test_two_hosts_of_two_workers_form_one_cluster_with_failover(work_exe, groups):
    host, a, b, (p0, p1, s0, s1), first = _two_hosts(work_exe, groups)
    replica = first["replica_node"]
    other = s1 if replica == s0 else s0
    # the primary host goes away (every worker at once); the replica worker has only its
    # sibling left, promotes itself and re-runs the work; its sibling stays standby
    a.kill()
    done = _taken_over(replica, first, b)
    assert _query(other, "status")["authority"]["cluster_role"] == "standby"
    # the old primary host comes back with its original environment and is fenced
    a2 = host("primary", 120_000)
    a2.wait_running(2)
    _fenced(p0, done)
    assert not any(ln.startswith("warm start") for ln in a2.out), a2.describe()


@pytest.mark.slow
def test_losing_only_the_primary_worker_fails_over_and_its_restart_is_fenced(work_exe, groups):
    _host, a, b, (p0, p1, s0, s1), first = _two_hosts(work_exe, groups)
    replica = first["replica_node"]
    pid0 = a.states()[0][0]
    os.kill(pid0, signal.SIGKILL)  # worker 0 of the primary host only; p-w1 lives on
    done = _taken_over(replica, first, b)
    # the supervisor restarts worker 0 under its name and primary env; the records it finds
    # carry epoch 1, so it rejoins as a standby and runs nothing again
    poll(a.states, lambda st: st[0][1] == "running" and st[0][3] == 1, what="p0 restarted")
    _fenced(p0, done)
    assert a.out.count(f"warm start on {p0}") == 1, a.describe()
    assert _query(p1, "status")["authority"]["cluster_role"] == "standby"


def test_a_port_in_use_stops_the_group_with_status_1(counter_exe, groups):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        g = groups(counter_exe, {"MESH_WORKERS": "2", "PORT": str(port)})
        assert g.p.wait(30) == 1, g.describe()
    poll(
        lambda: list(g.err),
        lambda err: any(f"Failed to start HTTP server on [::]:{port}" in ln for ln in err),
        what="bind error",
    )
    assert any("reason=failed_before_start" in ln for ln in g.err), g.describe()
