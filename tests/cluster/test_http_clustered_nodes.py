"""`HTTP.clustered` in cluster mode (spec 07 §11.6, 06 §1.9) with real node processes.

One compiled program serves clustered routes with N = 2, 1 and 3; copies run as nodes on
127.0.0.1, 127.0.0.2 (and 127.0.0.3) with one cluster port and a seed list, driven by env
vars. Everything is
observed through HTTP responses (real keep-alive clients) and `mesh cluster ... --json`,
polled with deadlines; the cookie never appears in any output.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from cluster_app import Node, build, poll
from mesh_build import shared_free_port

COOKIE = "http-route-cookie-5d21f0"
KEY_HEADER = "X-Mesh-Continuity-Request-Key"
SLOW_MS_ON_B = "600000"  # a slow request owned by the node the test kills: never done first

APP = """\
fn text_or(opt :: Option<String>, default :: String) -> String do
  case opt do
    Some(v) -> v
    None -> default
  end
end

fn describe(request :: Request) -> String do
  let id = text_or(Request.param(request, "id"), "-")
  let x = text_or(Request.query(request, "x"), "-")
  let probe = text_or(Request.header(request, "x-probe"), "-")
  "#{Request.method(request)} id=#{id} x=#{x} probe=#{probe} body=#{Request.body(request)} node=#{Node.self()}"
end

pub fn pair(request :: Request) -> Response do
  HTTP.response(200, describe(request))
end

pub fn single(request :: Request) -> Response do
  HTTP.response(200, describe(request))
end

pub fn triple(request :: Request) -> Response do
  HTTP.response(200, describe(request))
end

pub fn slow(request :: Request) -> Response do
  Timer.sleep(Env.get_int("SLOW_MS", 4000))
  HTTP.response(200, "slow #{describe(request)}")
end

pub fn slow_pair(request :: Request) -> Response do
  Timer.sleep(Env.get_int("SLOW_MS", 4000))
  HTTP.response(200, "slow #{describe(request)}")
end

pub fn crash(_request :: Request) -> Response do
  panic("boom on #{Node.self()}")
end

fn main() do
  case Node.start_from_env() do
    Ok(st) -> println("boot mode=#{st.mode} node=#{st.node_name}")
    Err(why) -> println("boot failed: #{why}")
  end
  let router = HTTP.router()
    |> HTTP.route("/pair/:id", HTTP.clustered(pair))
    |> HTTP.on_get("/single/:id", HTTP.clustered(1, single))
    |> HTTP.on_get("/triple", HTTP.clustered(3, triple))
    |> HTTP.on_get("/slow/:id", HTTP.clustered(1, slow))
    |> HTTP.on_get("/slow2/:id", HTTP.clustered(slow_pair))
    |> HTTP.on_get("/crash", HTTP.clustered(1, crash))
  HTTP.serve(router, Env.get_int("HTTP_PORT", 0))
end
"""


@pytest.fixture(scope="module")
def exe(tmp_path_factory):
    return build(APP, tmp_path_factory.mktemp("http_clustered"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebNode(Node):
    """A node that also serves HTTP on `http_port`."""

    def __init__(self, exe, env, name, http_port):
        super().__init__(exe, dict(env, HTTP_PORT=str(http_port)), name, COOKIE)
        self.http_port = http_port

    def connection(self) -> http.client.HTTPConnection:
        poll(self._accepts, bool, what=f"{self.name} HTTP listener")
        return http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=20)

    def _accepts(self) -> bool:
        assert self.alive(), self.describe()
        try:
            socket.create_connection(("127.0.0.1", self.http_port), timeout=1).close()
            return True
        except OSError:
            return False

    def outputs(self) -> str:
        return "\n".join(self.out + self.err)


@pytest.fixture
def cluster(exe):
    """`start(count)` → [WebNode]: a primary on 127.0.0.1, standbys on 127.0.0.2 (and
    127.0.0.3), all seeing each other through the seed list; membership converged before returning.
    `programs` gives each node its own executable (default: `exe` for all), `node_env` each
    node its own extra environment."""
    made: list[WebNode] = []

    def start(count: int = 2, programs=None, node_env=None, **extra: str) -> list[WebNode]:
        port = shared_free_port()
        hosts = ["127.0.0.1", "127.0.0.2", "127.0.0.3"][:count]
        fresh: list[WebNode] = []  # this call's nodes (a test may start a second cluster)
        for i, host in enumerate(hosts):
            env = {
                "MESH_CLUSTER_COOKIE": COOKIE,
                "MESH_DISCOVERY_SEED": ",".join(hosts),
                "MESH_DISCOVERY_INTERVAL_MS": "100",
                "MESH_CLUSTER_PORT": str(port),
                "MESH_NODE_NAME": f"{'abc'[i]}@{host}:{port}",
                "MESH_CONTINUITY_ROLE": "primary" if i == 0 else "standby",
                **extra,
                **(node_env[i] if node_env else {}),
            }
            program = programs[i] if programs else exe
            fresh.append(WebNode(program, env, env["MESH_NODE_NAME"], _free_port()))
            made.append(fresh[-1])
        names = sorted(n.name for n in fresh)
        for n in fresh:
            poll(
                lambda n=n: (n.status() or {}).get("membership", {}).get("nodes"),
                lambda v: v == names,
                what=f"{n.name} membership",
            )
        return fresh

    yield start
    for n in made:
        n.p.send_signal(signal.SIGCONT)  # a test may have stopped it
        n.kill()
        assert COOKIE not in n.outputs()


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    return r.status, r.getheader(KEY_HEADER), r.getheader("Content-Type"), r.read().decode()


def records_of(node: Node) -> dict[str, dict]:
    rc, doc, err = node.query("continuity")
    assert rc == 0, err
    return {r["request_key"]: r for r in doc["records"]}


def test_n2_spreads_over_both_members_and_completes_every_record_once(cluster):
    a, b = cluster(2)
    conns = {a.name: a.connection(), b.name: b.connection()}
    socks = {}
    answers = {}  # key -> (ingress, body)
    for i in range(200):
        node = (a, b)[i % 2]
        conn = conns[node.name]
        method, body = ("POST", f"payload-{i}") if i % 4 < 2 else ("GET", None)
        status, key, ctype, text = request(
            conn, method, f"/pair/{i}?x=q{i}", body, {"X-Probe": f"p{i}"}
        )
        assert status == 200, (i, text)
        assert key and key.startswith("http-route::Main.pair::") and key not in answers
        expected = f"{method} id={i} x=q{i} probe=p{i} body={body or ''} node="
        assert text.startswith(expected), (text, expected)
        answers[key] = (node.name, text[len(expected) :])
        socks.setdefault(node.name, conn.sock)
        assert conn.sock is socks[node.name]  # keep-alive: one client connection per node
    executed_on = {where for _ingress, where in answers.values()}
    assert executed_on == {a.name, b.name}  # the ring spread the owners

    def all_completed(node):
        recs = records_of(node)
        done = {k: r for k, r in recs.items() if k in answers and r["phase"] == "completed"}
        return done if len(done) == len(answers) else None

    on_a = poll(lambda: all_completed(a), bool, what="200 completed records on a")
    on_b = poll(lambda: all_completed(b), bool, what="200 completed records on b")
    for key, (ingress, where) in answers.items():
        ra, rb = on_a[key], on_b[key]
        assert (ra["cluster_role"], rb["cluster_role"]) == ("primary", "standby")
        strip = ("cluster_role",)
        assert {k: v for k, v in ra.items() if k not in strip} == {
            k: v for k, v in rb.items() if k not in strip
        }  # the same record on both nodes
        assert ra["result"] == "succeeded" and ra["error"] == ""
        assert ra["execution_node"] == ra["owner_node"] == where  # ran once, on the owner
        assert ra["ingress_node"] == ingress and ra["replication_count"] == 2
        assert ra["replica_node"] not in ("", ra["owner_node"])
        assert ra["replica_status"] == "mirrored" and ra["replication_health"] == "healthy"
        assert ra["routed_remotely"] == (where != ingress)
        assert ra["fell_back_locally"] == (where == ingress)
        assert ra["attempt_id"].startswith("attempt-")
        assert ra["declared_handler_runtime_name"] == "Main.pair"
    for node in (a, b):
        assert "completion_rejected" not in node.transitions()


def test_three_members_share_owners_and_replicas_and_agree_on_every_record(cluster):
    nodes = cluster(3)
    conn = nodes[0].connection()
    keys = []
    for i in range(45):
        status, key, _c, text = request(conn, "GET", f"/pair/{i}")
        assert status == 200 and text.startswith(f"GET id={i} ")
        keys.append(key)
    copies = [
        poll(
            lambda n=n: records_of(n),
            lambda recs: all(k in recs and recs[k]["phase"] == "completed" for k in keys),
            what=f"45 completed records on {n.name}",
        )
        for n in nodes
    ]
    names = {n.name for n in nodes}
    placed = {(copies[0][k]["owner_node"], copies[0][k]["replica_node"]) for k in keys}
    assert {o for o, _r in placed} == names  # every member owns some requests
    assert all(o != r and r in names for o, r in placed)
    for k in keys:  # the third node, neither owner nor ingress for some, agrees too
        strip = ("cluster_role",)
        assert (
            len({tuple((f, v) for f, v in sorted(c[k].items()) if f not in strip) for c in copies})
            == 1
        )


def test_n3_is_rejected_with_the_spec_body_and_keep_alive_survives(cluster):
    a, b = cluster(2)
    conn = a.connection()
    status, key, ctype, text = request(conn, "GET", "/triple")
    assert (status, text) == (503, '{"error":"unsupported_replication_count:3"}')
    assert ctype.startswith("application/json") and key.startswith("http-route::Main.triple::")
    sock = conn.sock
    status, _key, _c, text = request(conn, "GET", "/single/7?x=1")
    assert status == 200 and text.startswith("GET id=7 x=1 ")
    assert conn.sock is sock  # the 503 did not close the client connection
    rec = a.record(key)
    assert (rec["phase"], rec["result"], rec["error"], rec["replication_count"]) == (
        "rejected",
        "rejected",
        "unsupported_replication_count:3",
        3,
    )
    poll(
        lambda: b.record(key),
        lambda r: r is not None and r["phase"] == "rejected",
        what="the rejected record on b",
    )


def test_a_panic_on_the_owner_is_the_routes_crash_500_and_rejects_the_record(cluster):
    a, b = cluster(2)
    for _ in range(8):  # a crash closes the client connection: a new one each time
        status, key, _c, text = request(a.connection(), "GET", "/crash")
        assert (status, key, text) == (500, None, "Internal Server Error")
    crashed = poll(
        lambda: {k: r for k, r in records_of(a).items() if "Main.crash" in k},
        lambda v: len(v) == 8 and all(r["phase"] == "rejected" for r in v.values()),
        what="eight rejected crash records",
    )
    assert {r["error"] for r in crashed.values()} == {"handler_crashed"}
    owners = {r["owner_node"] for r in crashed.values()}
    assert b.name in owners  # 8 independent placements: all on a has probability 1/256
    # the ingress logs the owner's panic like a local route's crash
    poll(
        lambda: a.err,
        lambda e: any(
            ln.startswith("[mesh-rt] HTTP handler panicked: Mesh panic")
            and ln.endswith(f"boom on {b.name}")
            for ln in e
        ),
        what="the panic line on a",
    )


def test_lone_node_runs_n1_and_rejects_n2_and_n3(cluster):
    (a,) = cluster(1)
    conn = a.connection()
    status, key1, _c, text = request(conn, "GET", "/single/1?x=lone")
    assert status == 200 and text == f"GET id=1 x=lone probe=- body= node={a.name}"
    status, key2, ctype, text = request(conn, "POST", "/pair/2", "b")
    assert (status, text) == (503, '{"error":"replica_required_unavailable"}')
    assert ctype.startswith("application/json") and key2.startswith("http-route::Main.pair::")
    status, key3, _c, text = request(conn, "GET", "/triple")
    assert (status, text) == (503, '{"error":"unsupported_replication_count:3"}')
    recs = records_of(a)
    r1, r2, r3 = recs[key1], recs[key2], recs[key3]
    assert (
        r1["phase"],
        r1["owner_node"],
        r1["execution_node"],
        r1["replica_node"],
        r1["fell_back_locally"],
    ) == ("completed", a.name, a.name, "", True)
    assert (r2["phase"], r2["error"]) == ("rejected", "replica_required_unavailable")
    assert (r3["phase"], r3["error"]) == ("rejected", "unsupported_replication_count:3")


def _slow_requests_killing_b(a, b):
    """Six slow requests into a at once, three with N = 1 and three with N = 2; SIGKILL b
    while it runs those it owns (b sleeps SLOW_MS_ON_B: they cannot finish before the kill,
    however long observing the records takes). (keys placed on b, the six answers)"""

    def slow(i):
        return request(a.connection(), "GET", f"/slow/{i}" if i < 3 else f"/slow2/{i}")

    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(slow, i) for i in range(6)]
        placed = poll(
            lambda: {k: r for k, r in records_of(a).items() if "Main.slow" in k},
            lambda v: len(v) == 6,
            what="six slow records",
        )
        on_b = {k for k, r in placed.items() if r["owner_node"] == b.name}
        # running on b, or (when observing took longer than the spec's 5 s route reply
        # timeout on a loaded machine) already rejected by a's timeout: never completed
        assert all(placed[k]["phase"] in ("submitted", "rejected") for k in on_b), placed
        if on_b:
            b.kill()
        return on_b, [f.result() for f in futures]


def test_owner_killed_mid_request_answers_503_and_a_retry_succeeds(cluster):
    # each key is placed independently, so some are almost surely owned by b (none: 1/64,
    # then again with a fresh pair)
    for _round in range(3):
        a, b = cluster(2, node_env=[{}, {"SLOW_MS": SLOW_MS_ON_B}])
        on_b, results = _slow_requests_killing_b(a, b)
        if on_b:
            break
    else:
        pytest.fail("no slow request was ever placed on b")
    for status, key, ctype, text in results:
        rec = a.record(key)
        if key in on_b:  # never replayed: 503, and the record rejected with that reason
            assert status == 503 and ctype.startswith("application/json")
            reason = json.loads(text)["error"]
            assert reason.startswith("clustered_http_route_reply_read_failed:127.0.0.2:")
            assert (rec["phase"], rec["error"], rec["execution_node"]) == ("rejected", reason, "")
        else:  # a ran it: done, even when its replica b died meanwhile
            assert status == 200 and text.startswith("slow GET id=")
            assert text.endswith(f"node={a.name}")
            assert (rec["phase"], rec["execution_node"]) == ("completed", a.name)
    # a retry is a new request with a new key: the survivor is the only member now
    conn = a.connection()
    status, key, _c, text = poll(
        lambda: request(conn, "GET", "/slow/retry"),
        lambda r: r[0] == 200,
        timeout=40,
        what="a successful retry",
    )
    assert text == f"slow GET id=retry x=- probe=- body= node={a.name}"
    assert a.record(key)["phase"] == "completed"


def test_unreachable_owner_is_replaced_once_before_sending(cluster):
    a, b = cluster(2)
    b.p.send_signal(signal.SIGSTOP)  # b's session stays up; new connections never finish TLS
    conn = a.connection()
    try:
        for i in range(12):
            status, key, _c, text = request(conn, "GET", f"/single/{i}")
            assert status == 200 and text.endswith(f"node={a.name}")
            rc, doc, _ = a.query("diagnostics")
            roll = [
                e
                for e in doc["entries"]
                if e["transition"] == "recovery_rollover" and e["request_key"] == key
            ]
            if roll:
                break
        else:
            pytest.fail("no request was placed on the stopped node")
    finally:
        b.p.send_signal(signal.SIGCONT)
    # placed on b first; the route handshake timed out, so it was re-placed once, on a
    rec = a.record(key)
    assert (
        rec["phase"],
        rec["owner_node"],
        rec["execution_node"],
        rec["routed_remotely"],
        rec["fell_back_locally"],
    ) == ("completed", a.name, a.name, False, True)
    assert len(roll) == 1
    assert roll[0]["reason"].startswith("clustered_http_route_handshake_failed:127.0.0.2:")
    assert roll[0]["metadata"][0]["key"] == "previous_attempt_id"


def _pair_requests_while_b_is_stopped(a, b, count: int = 6):
    """`count` N = 2 requests into a at once while b is stopped (its session stays up: the
    heartbeat timeout is far away). Each waits at least the 5 s prepare or route deadline.
    Returns the answers; b is running again afterwards."""

    def pair(i):
        return request(a.connection(), "GET", f"/pair/{i}")

    b.p.send_signal(signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(count) as pool:
            return list(pool.map(pair, range(count)))
    finally:
        b.p.send_signal(signal.SIGCONT)


def test_a_replica_that_does_not_ack_in_5_s_rejects_with_replica_prepare_timeout(cluster):
    # owner a (replica b) needs b's CONT_PREPARE_ACK, which never comes while b is stopped;
    # each key is placed independently, so one of six is owned by a but for 1/64
    for _round in range(3):
        a, b = cluster(2)
        results = _pair_requests_while_b_is_stopped(a, b)
        # placed on a, the replica is b; placed on b, the ingress a is the replica, the
        # route handshake to b times out and the re-placement on a alone has no replica
        owned_by_a = [
            (key, text)
            for status, key, _c, text in results
            if a.record(key)["replica_node"] == b.name
        ]
        if owned_by_a:
            break
    else:
        pytest.fail("no request was ever owned by a")
    for status, key, ctype, text in results:
        assert status == 503 and key and ctype.startswith("application/json"), (status, text)
        if (key, text) not in owned_by_a:
            assert text == '{"error":"replica_required_unavailable"}'
    diag = a.query("diagnostics")[1]["entries"]
    for key, text in owned_by_a:
        assert text == '{"error":"replica_prepare_timeout"}'  # §11.4, answered 503 (§11.6)
        rec = a.record(key)
        assert (
            rec["phase"],
            rec["result"],
            rec["error"],
            rec["replica_node"],
            rec["replica_status"],
            rec["replication_health"],
            rec["execution_node"],
        ) == (
            "rejected",
            "rejected",
            "replica_prepare_timeout",
            b.name,
            "rejected",
            "unavailable",
            "",
        )  # rejected before the work ran
        steps = [(e["transition"], e["reason"]) for e in diag if e["request_key"] == key]
        assert steps == [
            ("submit", None),
            ("prepare_timeout", "replica_prepare_timeout"),
            ("rejected", "replica_prepare_timeout"),
        ]
        # b, resumed, stores the late prepare and acks into the void; a's rejection wins
        assert (
            poll(
                lambda key=key: b.record(key),
                lambda r: r is not None and r["phase"] == "rejected",
                what="the rejected record on b",
            )["error"]
            == "replica_prepare_timeout"
        )
    assert "completed" not in a.transitions() + b.transitions()  # nothing ran anywhere
    # a resumed replica mirrors again: the next request is answered
    conn = a.connection()
    status, key, _c, text = poll(
        lambda: request(conn, "GET", "/pair/again"),
        lambda r: r[0] == 200,
        what="a request after SIGCONT",
    )
    assert a.record(key)["replica_status"] == "mirrored"


def test_an_owner_without_the_handler_answers_declared_handler_not_registered(
    cluster, exe, tmp_path
):
    # b runs another build in which the handler is called `pair_v2`: it has no `Main.pair`
    other = build(
        APP.replace("pub fn pair(", "pub fn pair_v2(").replace(
            "HTTP.clustered(pair)", "HTTP.clustered(pair_v2)"
        ),
        tmp_path,
    )
    a, b = cluster(2, programs=[exe, other])
    conn = a.connection()
    seen = set()
    for i in range(8):  # each placed independently: none on b has probability 1/256
        status, key, ctype, text = request(conn, "GET", f"/pair/{i}")
        if status == 200:
            assert text.endswith(f"node={a.name}")
            seen.add(200)
            continue
        assert (status, text) == (503, '{"error":"declared_handler_not_registered:Main.pair"}')
        rec = poll(
            lambda key=key: b.record(key),
            lambda r: r is not None and r["phase"] == "rejected",
            what="the rejected record on b",
        )
        assert (rec["owner_node"], rec["error"]) == (
            b.name,
            "declared_handler_not_registered:Main.pair",
        )
        assert a.record(key)["error"] == rec["error"]
        seen.add(503)
    assert 503 in seen
    assert any("build mismatch" in ln for ln in a.err + b.err)
