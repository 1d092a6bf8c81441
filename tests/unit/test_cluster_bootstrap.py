"""`Node.start_from_env()` environment resolution and the pure parts of DNS discovery
(spec 07 §11.1, §11.2): no sockets, except the last tests which run discovery in-process
between two runtimes on loopback."""

import pytest
import trio

from mesh.cluster import bootstrap, discovery
from mesh.cluster.bootstrap import BootstrapError, resolve, validate_node_name

COOKIE = "c00kie-secret-9f2"
FLY = {
    "FLY_APP_NAME": "shop",
    "FLY_REGION": "iad",
    "FLY_MACHINE_ID": "8e3a",
    "FLY_PRIVATE_IP": "fdaa:0:1::10",
}


def cluster(**extra):
    env = {"MESH_CLUSTER_COOKIE": COOKIE, "MESH_DISCOVERY_SEED": "app.internal"}
    env.update(extra)
    return env


def err(env, hostname="web-1"):
    with pytest.raises(BootstrapError) as e:
        resolve(env, hostname)
    assert COOKIE not in str(e.value)
    return str(e.value)


# ---------------------------------------------------------------- standalone and steps 1–4


def test_standalone_defaults():
    cfg = resolve({}, "web-1")
    assert (cfg.mode, cfg.node_name, cfg.cluster_port, cfg.discovery_seed) == (
        "standalone",
        "",
        4370,
        "",
    )


def test_standalone_keeps_parsed_port_and_blank_cookie():
    cfg = resolve(
        {"MESH_CLUSTER_COOKIE": "   ", "MESH_CLUSTER_PORT": " 7001 ", "MESH_DISCOVERY_SEED": "  "},
        "web-1",
    )
    assert (cfg.mode, cfg.cluster_port) == ("standalone", 7001)


@pytest.mark.parametrize("key", bootstrap.ENV_VARS)
def test_non_utf8_variable(key):
    env = cluster(**{key: "ab\udcffcd"})  # how os.environ carries undecodable bytes
    assert err(env) == f"{key} must be valid UTF-8"


def test_utf8_checked_before_anything_else():
    assert (
        err({"MESH_CLUSTER_PORT": "x", "MESH_NODE_HOST": "\udc80"})
        == "MESH_NODE_HOST must be valid UTF-8"
    )


@pytest.mark.parametrize("port", ["0", "abc", "65536", "99999", "-1", "+80", "4.5", "٤٣٧٠"])
def test_bad_cluster_port(port):
    assert (
        err({"MESH_CLUSTER_PORT": port}) == "Invalid MESH_CLUSTER_PORT: expected a positive integer"
    )


@pytest.mark.parametrize(
    "hint",
    [
        {"MESH_DISCOVERY_SEED": "app.internal"},
        {"MESH_NODE_NAME": "a@h:4370"},
        {"MESH_NODE_HOST": "10.0.0.5"},
        {"FLY_APP_NAME": "shop"},
        {"FLY_REGION": "iad"},
        {"FLY_MACHINE_ID": "1"},
        {"FLY_PRIVATE_IP": "fdaa::1"},
    ],
)
def test_cookie_required_with_hint(hint):
    assert err(hint) == "MESH_CLUSTER_COOKIE is required when discovery or identity env is set"


def test_missing_seed():
    env = cluster()
    del env["MESH_DISCOVERY_SEED"]
    assert err(env) == "Missing required environment variable MESH_DISCOVERY_SEED"
    assert (
        err(dict(env, MESH_DISCOVERY_SEED=" "))
        == "Missing required environment variable MESH_DISCOVERY_SEED"
    )


# ---------------------------------------------------------------- identity


@pytest.mark.parametrize(
    "name,why",
    [
        ("a b@h:4370", "value cannot contain spaces"),
        ("a@h:43\t70", "value cannot contain spaces"),
        ("node-only", "expected name@host:port"),
        ("a@host", "expected name@host:port"),
        ("a@[::1]", "expected name@host:port"),
        ("@h:4370", "node name cannot be blank"),
        ("a@", "host cannot be blank"),
        ("a@:4370", "host cannot be blank"),
        ("a@[]:4370", "host cannot be blank"),
        ("a@::1:4370", "IPv6 host must use [addr]:port"),
        ("a@fd00::7", "IPv6 host must use [addr]:port"),
        ("a@[::1:4370", "IPv6 host must use [addr]:port"),
        ("a@[zz::1]:4370", "host is invalid"),
        ("a@[10.0.0.1]:4370", "host is invalid"),
        ("a@ho$t:4370", "host is invalid"),
        ("a@-bad.example:4370", "host is invalid"),
        ("a@b@c:4370", "host is invalid"),
        ("a@h:", "port must be a positive integer"),
        ("a@h:abc", "port must be a positive integer"),
        ("a@h:0", "port must be a positive integer"),
        ("a@h:70000", "port must be a positive integer"),
        ("a@h:4371", "port must match MESH_CLUSTER_PORT"),
        ("a@[::1]:9000", "port must match MESH_CLUSTER_PORT"),
    ],
)
def test_invalid_node_name(name, why):
    assert err(cluster(MESH_NODE_NAME=name)) == f"Invalid MESH_NODE_NAME: {why}"


@pytest.mark.parametrize(
    "name",
    ["a@127.0.0.1:4370", "app@localhost:4370", "b@[::1]:4370", "x.y@node-1.example.com:4370"],
)
def test_valid_node_name(name):
    assert validate_node_name(name, 4370) is None
    cfg = resolve(cluster(MESH_NODE_NAME=f"  {name} "), "web-1")
    assert (cfg.mode, cfg.node_name, cfg.discovery_seed) == ("cluster", name, "app.internal")
    assert cfg.cookie == COOKIE and COOKIE not in repr(cfg)


def test_node_name_with_custom_port():
    cfg = resolve(cluster(MESH_CLUSTER_PORT="7001", MESH_NODE_NAME="a@10.0.0.5:7001"), "h")
    assert (cfg.node_name, cfg.cluster_port) == ("a@10.0.0.5:7001", 7001)


def test_node_name_wins_over_fly():
    cfg = resolve(cluster(MESH_NODE_NAME="a@127.0.0.1:4370", **FLY), "h")
    assert cfg.node_name == "a@127.0.0.1:4370"


def test_fly_identity_ipv6_bracketed():
    assert resolve(cluster(**FLY), "h").node_name == "shop-iad-8e3a@[fdaa:0:1::10]:4370"


def test_fly_identity_ipv4_and_port():
    cfg = resolve(cluster(MESH_CLUSTER_PORT="5000", **dict(FLY, FLY_PRIVATE_IP="10.1.2.3")), "h")
    assert cfg.node_name == "shop-iad-8e3a@10.1.2.3:5000"


@pytest.mark.parametrize("missing", list(FLY))
def test_fly_identity_incomplete(missing):
    env = cluster(**{k: v for k, v in FLY.items() if k != missing})
    assert err(env) == (
        "Invalid cluster identity: Fly cluster identity requires "
        "FLY_APP_NAME, FLY_REGION, FLY_MACHINE_ID, and FLY_PRIVATE_IP"
    )


def test_fly_identity_bad_ip():
    assert (
        err(cluster(**dict(FLY, FLY_PRIVATE_IP="fdaa::zz")))
        == "Invalid cluster identity: host is invalid"
    )


def test_hostname_fallback():
    assert resolve(cluster(), "web-1").node_name == "web-1@web-1:4370"
    assert resolve(cluster(MESH_NODE_HOST="10.0.0.5"), "web-1").node_name == "web-1@10.0.0.5:4370"


def test_hostname_fallback_ipv6_host_bracketed():
    assert resolve(cluster(MESH_NODE_HOST="fd00::7"), "web-1").node_name == "web-1@[fd00::7]:4370"


def test_hostname_fallback_errors():
    assert err(cluster(), hostname="") == "Invalid cluster identity: node name cannot be blank"
    assert (
        err(cluster(MESH_NODE_HOST="bad_host!"), "web-1")
        == "Invalid cluster identity: host is invalid"
    )


# ---------------------------------------------------------------- continuity authority


def test_role_and_epoch():
    cfg = resolve(
        cluster(MESH_CONTINUITY_ROLE="standby", MESH_CONTINUITY_PROMOTION_EPOCH="3"), "web-1"
    )
    assert (cfg.role, cfg.epoch) == ("standby", 3)
    cfg = resolve(cluster(MESH_CONTINUITY_ROLE=" ", MESH_CONTINUITY_PROMOTION_EPOCH=""), "w")
    assert (cfg.role, cfg.epoch) == ("primary", 0)


@pytest.mark.parametrize("role", ["leader", "Primary", "primary,standby"])
def test_bad_role(role):
    assert (
        err(cluster(MESH_CONTINUITY_ROLE=role))
        == "Invalid MESH_CONTINUITY_ROLE: expected primary or standby"
    )


@pytest.mark.parametrize("epoch", ["-1", "x", "1.5", "+2"])
def test_bad_epoch(epoch):
    assert (
        err(cluster(MESH_CONTINUITY_PROMOTION_EPOCH=epoch))
        == "Invalid MESH_CONTINUITY_PROMOTION_EPOCH: expected a non-negative integer"
    )


def test_identity_checked_before_role():
    assert err(cluster(MESH_NODE_NAME="a@h:1", MESH_CONTINUITY_ROLE="x")).startswith(
        "Invalid MESH_NODE_NAME"
    )


@pytest.mark.parametrize(
    "rc,why",
    [
        (-1, "node already started"),
        (-2, "listener bind failed"),
        (-3, "invalid node name or cookie"),
    ],
)
def test_start_failure_texts(rc, why):
    assert (
        bootstrap.start_failure("a@h:4370", rc)
        == f"mesh bootstrap start failed node=a@h:4370: {why}"
    )


# ---------------------------------------------------------------- discovery (pure)


def test_discovery_config():
    cfg, bad = discovery.config({"MESH_DISCOVERY_SEED": " 127.0.0.1, ,localhost "}, 4000)
    assert bad is None
    assert (cfg.entries, cfg.port, cfg.interval) == (("127.0.0.1", "localhost"), 4000, 5.0)
    cfg, _ = discovery.config(
        {
            "MESH_DISCOVERY_SEED": "x",
            "MESH_CLUSTER_PORT": "5000",
            "MESH_DISCOVERY_INTERVAL_MS": "250",
        },
        4000,
    )
    assert (cfg.port, cfg.interval) == (5000, 0.25)
    assert discovery.config({}, 4000) == (None, None)
    assert discovery.config({"MESH_DISCOVERY_SEED": ","}, 1) == (None, "invalid_seed")
    assert discovery.config({"MESH_DISCOVERY_SEED": "x", "MESH_DISCOVERY_INTERVAL_MS": "0"}, 1) == (
        None,
        "invalid_discovery_interval",
    )
    assert discovery.config({"MESH_DISCOVERY_SEED": "x", "MESH_CLUSTER_PORT": "nope"}, 1) == (
        None,
        "invalid_cluster_port",
    )


def test_discovery_plan_and_line():
    cfg, _ = discovery.config({"MESH_DISCOVERY_SEED": "localhost,127.0.0.3"}, 4370)
    a, b, c, v6 = (
        ("127.0.0.1", 4370),
        ("127.0.0.2", 4370),
        ("127.0.0.3", 4370),
        (discovery.norm("0:0::1"), 4370),
    )
    resolved = [a, v6, b, a, c]
    accepted, rejected = discovery.plan(resolved, own={a}, connected={b})
    assert accepted == [v6, c]
    assert rejected == [(a, "self"), (b, "already_connected"), (a, "duplicate")]
    line = discovery.format_line(cfg, len(resolved), accepted, rejected, None)
    assert line == (
        "mesh discovery: provider=dns seed=localhost,127.0.0.3 cluster_port=4370 resolved=5 "
        "accepted=2 accepted_targets=[::1]:4370,127.0.0.3:4370 rejected_targets="
        "127.0.0.1:4370:self,127.0.0.2:4370:already_connected,127.0.0.1:4370:duplicate "
        "last_error=none"
    )
    assert discovery.format_line(cfg, 0, [], [], "resolve x: boom").endswith(
        "resolved=0 accepted=0 accepted_targets=none rejected_targets=none "
        "last_error=resolve x: boom"
    )
    assert (
        discovery.disabled_line("invalid_seed")
        == "mesh discovery: provider=dns status=disabled reason=invalid_seed "
        "last_error=invalid_seed"
    )


# ---------------------------------------------------------------- discovery (in-process)


def _free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_discovery_connects_two_nodes(monkeypatch, capfd):
    """Two actor nodes in one Trio run, same port on 127.0.0.1 / 127.0.0.2, comma seed:
    `Node.start` starts discovery and they connect without `Node.connect`, under the
    advertised names, then settle on a line rejecting both addresses."""
    from mesh.cluster.runtime import runtime_of
    from mesh.runtime import actors as _a
    from mesh.runtime.actors.context import current_node
    from mesh.runtime.stdlib import node as Node

    port = _free_port()
    monkeypatch.setenv("MESH_DISCOVERY_SEED", "127.0.0.1,127.0.0.2")
    monkeypatch.setenv("MESH_DISCOVERY_INTERVAL_MS", "50")
    monkeypatch.delenv("MESH_CLUSTER_PORT", raising=False)
    names = {"a": f"a@127.0.0.1:{port}", "b": f"b@127.0.0.2:{port}"}
    seen = {"a": trio.Event(), "b": trio.Event()}
    lines = {}

    def program(me, other):
        async def main():
            assert Node.start(names[me], COOKIE) == 0
            rt = runtime_of(current_node.get())
            while Node.list() != [names[other]] or "accepted=0" not in (
                rt.discovery.last_line if rt.discovery else ""
            ):
                await trio.sleep(0.02)
            lines[me] = rt.discovery.last_line
            seen[me].set()
            await seen[other].wait()

        return main

    codes = {}

    async def run(tag, fn):
        codes[tag] = await _a.Node().run(fn)

    async def both():
        with trio.fail_after(30):
            async with trio.open_nursery() as n:
                n.start_soon(run, "a", program("a", "b"))
                n.start_soon(run, "b", program("b", "a"))

    trio.run(both)
    assert codes == {"a": 0, "b": 0}
    assert lines["a"] == (
        f"mesh discovery: provider=dns seed=127.0.0.1,127.0.0.2 cluster_port={port} "
        f"resolved=2 accepted=0 accepted_targets=none rejected_targets="
        f"127.0.0.1:{port}:self,127.0.0.2:{port}:already_connected last_error=none"
    )
    out, errs = capfd.readouterr()
    assert COOKIE not in out + errs
    assert "mesh node: connect to discovery@" not in errs
    assert lines["a"] in errs.splitlines()
