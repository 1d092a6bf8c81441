"""`@cluster` work between real node processes (spec 07 §11.3–§11.5, §13): one compiled
program booted twice from the environment (primary on 127.0.0.1, standby on 127.0.0.2,
same port, comma-list seed), observed through `mesh cluster ... --json` with deadlines.

* the work runs exactly once cluster-wide, on the primary, mirrored on the standby, which
  logs `startup_skipped`; both processes keep running after `main` returned;
* failover: SIGKILL of the primary while the work runs → the standby promotes itself
  (epoch 1) and re-runs the work under a new attempt; the old primary restarted with its
  original env is fenced to standby and converges on the same record, running nothing.
"""

from __future__ import annotations

import pytest
from cluster_app import Node, build, poll
from mesh_build import shared_free_port

COOKIE = "work-cookie-3d9a41"
KEY = "startup::Main.warm"

# Both programs wait up to `left` × 10 ms for a session to a peer.
AWAIT_PEER = """\
fn await_peer(left :: Int) -> Int do
  if List.length(Node.list()) > 0 do
    left
  else
    if left == 0 do
      0
    else
      Timer.sleep(10)
      await_peer(left - 1)
    end
  end
end

"""

PROGRAM = (
    """\
@cluster pub fn warm() -> Int do
  println("warm start on ${Node.self()}")
  Timer.sleep(Env.get_int("WORK_MS", 0))
  println("warm done on ${Node.self()}")
  42
end

"""
    + AWAIT_PEER
    + """\
fn main() do
  case Node.start_from_env() do
    Ok(st) -> println("boot mode=${st.mode} node=${st.node_name}")
    Err(why) -> println("boot failed: ${why}")
  end
  let stale = Env.get("STALE_KEY", "")
  if stale != "" do
    # written once a session is up (so the write is sent as it is made), at this node's
    # env epoch unless a peer's records fenced it first
    let _ = await_peer(3000)
    case Continuity.submit(stale, "h", Node.self(), Node.self(), "", 0, false, true) do
      Ok(d) -> println("submitted ${stale} epoch=${d.record.promotion_epoch}")
      Err(why) -> println("submit failed: ${why}")
    end
  end
  println("main returned")
end
"""
)


@pytest.fixture(scope="module")
def exe(tmp_path_factory):
    return build(PROGRAM, tmp_path_factory.mktemp("cluster_work"))


@pytest.fixture
def cluster(exe):
    """`start(role, work_ms)` boots one node; all are SIGKILLed at the end."""
    port = shared_free_port()
    made: list[Node] = []
    hosts = {"primary": "127.0.0.1", "standby": "127.0.0.2"}

    def start(role: str, work_ms: int = 0, delay_ms: int = 1000, stale_key: str = "") -> Node:
        name = f"{role[0]}@{hosts[role]}:{port}"
        env = {
            "MESH_CLUSTER_COOKIE": COOKIE,
            "MESH_CLUSTER_PORT": str(port),
            "MESH_DISCOVERY_SEED": "127.0.0.1,127.0.0.2",
            "MESH_NODE_NAME": name,
            "MESH_CONTINUITY_ROLE": role,
            "MESH_DISCOVERY_INTERVAL_MS": "100",
            "MESH_STARTUP_WORK_DELAY_MS": str(delay_ms),
            "WORK_MS": str(work_ms),
            "STALE_KEY": stale_key,
        }
        n = Node(exe, env, name, COOKIE)
        made.append(n)
        n.wait_out(f"boot mode=cluster node={name}")
        return n

    yield start
    for n in made:
        n.kill()
        assert not any(COOKIE in ln for ln in n.out + n.err), n.describe()


def _pair(start, primary_work_ms: int = 0):
    b = start("standby")
    poll(b.status, lambda s: s is not None, what="standby answering")
    a = start("primary", primary_work_ms)
    return a, b


@pytest.mark.slow
def test_work_runs_once_on_the_primary_mirrored_on_the_standby(cluster):
    a, b = _pair(cluster)
    ra = poll(
        lambda: a.record(KEY),
        lambda r: r is not None and r["phase"] == "completed",
        what="completed record on the primary",
    )
    rb = poll(
        lambda: b.record(KEY),
        lambda r: r == dict(ra, cluster_role="standby"),
        what="the same record on the standby",
    )
    assert (ra["owner_node"], ra["replica_node"], ra["execution_node"]) == (a.name, b.name, a.name)
    assert (ra["replica_status"], ra["result"], ra["replication_count"]) == (
        "mirrored",
        "succeeded",
        2,
    )
    assert (ra["cluster_role"], rb["cluster_role"]) == ("primary", "standby")
    assert ra["declared_handler_runtime_name"] == "Main.warm"
    # exactly once cluster-wide, on the primary
    assert a.out.count(f"warm done on {a.name}") == 1
    assert not any(ln.startswith("warm") for ln in b.out), b.describe()
    # the standby skipped it; the primary registered, mirrored, waited, completed
    assert "startup_skipped" in b.transitions()
    assert any("transition=startup_skipped runtime_name=Main.warm" in ln for ln in b.err)
    ta = a.transitions()
    for t in (
        "startup_registered",
        "startup_trigger",
        "submit",
        "replica_ack",
        "startup_dispatch_window",
        "completed",
        "startup_completed",
    ):
        assert t in ta, ta
    # `main` returned on both, and both keep running as cluster members
    for n in (a, b):
        n.wait_out("main returned")
        assert n.alive(), n.describe()
    assert a.status()["membership"]["peer_nodes"] == [b.name]


@pytest.mark.slow
def test_failover_recovers_the_work_and_fences_the_old_primary(cluster):
    a, b = _pair(cluster, primary_work_ms=120_000)
    a.wait_out(f"warm start on {a.name}")  # running: the record is mirrored and pending
    first = poll(
        lambda: b.record(KEY),
        lambda r: r is not None and r["replica_status"] == "mirrored",
        what="mirrored record on the standby",
    )
    assert first["phase"] == "submitted" and first["owner_node"] == a.name
    a.kill()
    auth = poll(
        b.status, lambda s: s["authority"]["cluster_role"] == "primary", what="standby promoted"
    )["authority"]
    assert auth["promotion_epoch"] == 1
    rec = poll(
        lambda: b.record(KEY),
        lambda r: r["phase"] == "completed",
        what="recovered record completed",
    )
    assert rec["attempt_id"] != first["attempt_id"]
    assert (rec["owner_node"], rec["execution_node"], rec["replica_node"]) == (b.name, b.name, "")
    assert (rec["cluster_role"], rec["promotion_epoch"]) == ("primary", 1)
    assert b.out.count(f"warm done on {b.name}") == 1
    tb = b.transitions()
    assert (
        tb.index("automatic_promotion") < tb.index("automatic_recovery") < tb.index("completed")
    ), tb
    # the old primary comes back with its original env (primary, epoch 0); before its
    # peer's records fence it, it writes one record at epoch 0, which the promoted node
    # refuses as stale
    a2 = cluster("primary", 120_000, stale_key="stale::k")
    poll(
        a2.status,
        lambda s: (
            s is not None
            and s["authority"]
            == {
                "cluster_role": "standby",
                "promotion_epoch": 1,
                "replication_health": s["authority"]["replication_health"],
            }
        ),
        what="old primary fenced to standby at epoch 1",
    )
    poll(
        lambda: a2.record(KEY),
        lambda r: r == dict(rec, cluster_role="standby"),
        what="old primary converged on the recovered record",
    )
    t2 = a2.transitions()
    assert "fenced_rejoin" in t2 and "startup_fenced" in t2, t2  # fenced while converging
    a2.wait_out("main returned")
    assert not any(ln.startswith("warm") for ln in a2.out), a2.describe()
    assert b.record(KEY) == rec and a2.alive() and b.alive()
    written = next(ln for ln in a2.out if ln.startswith("submitted stale::k"))
    if written.endswith("epoch=0"):
        # b refuses a2's epoch-0 write when that upsert arrives: observed, not assumed done
        poll(b.transitions, lambda t: "stale_epoch_rejected" in t, what="the stale write refused")
        assert any(
            "stale::k" in ln and "rejected: stale_promotion_epoch_rejected" in ln for ln in b.err
        ), b.describe()
    else:
        # b's records reached a2 (and fenced it) before its main wrote: a write at the
        # current epoch 1, which b accepts (a race of start-up, not of the fence)
        assert written.endswith("epoch=1"), a2.describe()
        poll(lambda: b.record("stale::k"), lambda r: r is not None, what="the epoch-1 write")
        assert "stale_epoch_rejected" not in b.transitions()
    # (a2's copy is re-stamped at epoch 1 by its fence, §11.3, so a later snapshot may
    # still bring it to b: only the epoch-0 copy is refused)


def test_a_returning_primary_finds_the_completed_work_and_runs_nothing(cluster):
    """Duplicate submission (§11.4): the standby did not promote (nothing was pending),
    the old primary returns as primary, submits its startup work again and gets
    `duplicate`: the existing record, nothing re-runs."""
    a, b = _pair(cluster)
    done = poll(
        lambda: b.record(KEY),
        lambda r: r is not None and r["phase"] == "completed",
        what="completed record on the standby",
    )
    a.kill()
    poll(b.transitions, lambda t: "automatic_promotion_rejected" in t, what="no promotion")
    assert b.status()["authority"]["cluster_role"] == "standby"
    a2 = cluster("primary")
    poll(a2.transitions, lambda t: "duplicate" in t, what="duplicate submission")
    assert a2.record(KEY) == dict(done, cluster_role="primary")
    assert b.record(KEY) == done
    a2.wait_out("main returned")
    assert not any(ln.startswith("warm") for ln in a2.out), a2.describe()


REMOTE_PROGRAM = (
    """\
@cluster pub fn job() do
  println("job on ${Node.self()}")
end

fn wait_file(path :: String) do
  if !File.exists(path) do
    Timer.sleep(20)
    wait_file(path)
  end
end

"""
    + AWAIT_PEER
    + """\
fn main() do
  case Node.start_from_env() do
    Ok(st) -> println("boot mode=${st.mode} node=${st.node_name}")
    Err(why) -> println("boot failed: ${why}")
  end
  let go = Env.get("GO_FILE", "")
  if go != "" do
    wait_file(go)
    case Continuity.submit_declared_work("Main.job", "custom::remote", "h", 1) do
      Ok(d) -> println("declared ${d.outcome} ${d.record.replica_status}")
      Err(why) -> println("declared error ${why}")
    end
  end
end
"""
)


def test_work_accepted_by_the_standby_runs_on_the_primary_by_remote_spawn(tmp_path):
    """`Continuity.submit_declared_work` on the standby: the placement names the primary
    as owner and the standby itself as replica; the standby mirrors the record in its own
    store and starts the wrapper on the primary by remote spawn (§11.5 step 6)."""
    exe = build(REMOTE_PROGRAM, tmp_path, "remote")
    port = shared_free_port()
    go = tmp_path / "go"
    made = []
    try:
        for role, host in (("standby", "127.0.0.2"), ("primary", "127.0.0.1")):
            name = f"{role[0]}@{host}:{port}"
            env = {
                "MESH_CLUSTER_COOKIE": COOKIE,
                "MESH_CLUSTER_PORT": str(port),
                "MESH_DISCOVERY_SEED": "127.0.0.1,127.0.0.2",
                "MESH_NODE_NAME": name,
                "MESH_CONTINUITY_ROLE": role,
                "MESH_DISCOVERY_INTERVAL_MS": "100",
                "MESH_STARTUP_WORK_DELAY_MS": "100",
                "GO_FILE": str(go) if role == "standby" else "",
            }
            made.append(Node(exe, env, name, COOKIE))
            made[-1].wait_out(f"boot mode=cluster node={name}")
            poll(made[-1].status, lambda s: s is not None, what=f"{role} answering")
        b, a = made
        poll(
            lambda: b.record("startup::Main.job"),
            lambda r: r is not None and r["phase"] == "completed",
            what="startup work done",
        )
        go.write_text("go")
        b.wait_out("declared created mirrored")
        rec = poll(
            lambda: a.record("custom::remote"),
            lambda r: r is not None and r["phase"] == "completed",
            what="remote work completed on the owner",
        )
        assert (
            rec["ingress_node"],
            rec["owner_node"],
            rec["replica_node"],
            rec["execution_node"],
        ) == (b.name, a.name, b.name, a.name)
        assert (rec["routed_remotely"], rec["fell_back_locally"], rec["replica_status"]) == (
            True,
            False,
            "mirrored",
        )
        poll(
            lambda: b.record("custom::remote"),
            lambda r: r == dict(rec, cluster_role="standby"),
            what="the same on the standby",
        )
        assert a.out.count(f"job on {a.name}") == 2  # startup work + the declared unit
        assert not any(ln.startswith("job") for ln in b.out), b.describe()
    finally:
        for n in made:
            n.kill()
            assert not any(COOKIE in ln for ln in n.out + n.err), n.describe()
