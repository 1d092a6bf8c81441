"""Mesh `Node` module (spec 07 §2): thin wrappers over `mesh.cluster.runtime.NodeRuntime`.

`connect`, `spawn` and `spawn_link` are coroutines (they suspend); the rest are plain calls.
See docs/internals/cluster-contract.md.
"""

from __future__ import annotations

import os
import socket

from ...cluster import bootstrap, discovery, rooms, startup
from ...cluster.runtime import runtime_of
from ..actors.context import current_node, current_proc
from ..values import Err, Ok, Struct


class BootstrapStatus(Struct):
    """Built-in struct returned by `Node.start_from_env()` (spec 07 §11.1)."""

    __slots__ = ("mode", "node_name", "cluster_port", "discovery_seed")
    _mesh_name = "BootstrapStatus"
    _mesh_fields = ("mode", "node_name", "cluster_port", "discovery_seed")
    _mesh_derives = frozenset({"Eq", "Debug"})

    def __init__(self, mode, node_name, cluster_port, discovery_seed):
        self.mode = mode
        self.node_name = node_name
        self.cluster_port = cluster_port
        self.discovery_seed = discovery_seed


def _rt():
    p = current_proc.get()
    node = p.node if p is not None else current_node.get()
    return runtime_of(node) if node is not None else None


def start(name, cookie):
    """`Node.start(name, cookie) -> Int`: 0 ok, -1 already started, -2 bind failed,
    -3 invalid name or empty cookie."""
    rt = _rt()
    if rt is None:
        return -2
    rc = rt.start(name, cookie)
    if rc == 0:
        _wire_http()
        discovery.start(rt, os.environ)
    return rc


async def _deliver_to_local_rooms(room: str, text: str) -> object:
    """A peer's room broadcast, to this node's members (websocket.py is imported here if no
    connection was upgraded yet: a server only loads it when it needs it)."""
    from ..http import websocket

    return await websocket.broadcast_local(room, text)


def _wire_http():
    """WebSocket rooms (06 §2.3) and clustered routes (07 §11.6) cross nodes: mesh.cluster
    takes the HTTP side as hooks. Only programs that start a node pay the import."""
    from ...cluster import observe_trace
    from ..http import clustered, server, ws_base

    ws_base.cluster_broadcast_hook = rooms.broadcast_to_peers
    rooms.deliver_local = _deliver_to_local_rooms
    clustered.install_cluster(_rt())
    observe_trace.live_routes = server.live_routes
    observe_trace.is_clustered = clustered.is_clustered_route
    observe_trace.KEY_HEADER = clustered.HEADER


def start_from_env():
    """`Node.start_from_env() -> Result<BootstrapStatus, String>` (§11.1): resolve the
    environment (mesh.cluster.bootstrap), then start the node and discovery."""
    try:
        cfg = bootstrap.resolve(os.environ, socket.gethostname())
    except bootstrap.BootstrapError as e:
        return Err(str(e))
    from ..workers import worker

    if worker.active is not None:  # a worker's node is already started (docs/internals/workers.md)
        return worker.start_from_env(cfg, BootstrapStatus)
    rt = _rt()
    if cfg.mode == "standalone":
        if rt is not None:
            startup.boot(rt, cluster_mode=False)  # `@cluster` work still runs, alone
        return Ok(BootstrapStatus("standalone", "", cfg.cluster_port, ""))
    rc = rt.start(cfg.node_name, cfg.cookie) if rt is not None else -2
    if rc != 0:
        return Err(bootstrap.start_failure(cfg.node_name, rc))
    # no await since start(): no session has announced the default authority yet
    rt.role, rt.epoch = cfg.role, cfg.epoch
    _wire_http()
    discovery.start(rt, os.environ)
    startup.boot(rt, cluster_mode=True)  # startup work (07 §11.5) and the keep-alive
    return Ok(BootstrapStatus("cluster", rt.name, rt.port, cfg.discovery_seed))


async def connect(name):
    """`Node.connect(name) -> Int`: 0 ok (or already connected), -1 not started, -2 TCP
    connect failed, -3 TLS/handshake failed or bad name."""
    rt = _rt()
    if rt is None:
        return -1
    return await rt.connect(name)


def self():  # noqa: A001 - the Mesh name is `Node.self`
    """`Node.self() -> String`: this node's name, `""` if never started."""
    rt = _rt()
    return rt.name if rt is not None and rt.started else ""


self_ = self


def list():  # noqa: A001 - the Mesh name is `Node.list`
    """`Node.list() -> List<String>`: connected peers, sorted; `[]` if not started."""
    rt = _rt()
    return rt.list() if rt is not None and rt.started else []


list_ = list


async def spawn(node, fname, *args):
    """`Node.spawn(node, f, args...)`: codegen passes `f` as its registered name
    (`"Module.fn"`). Returns a Pid (a dead pid on failure)."""
    rt = _rt()
    return await rt.spawn(current_proc.get(), node, _fn_name(fname), args, False)


async def spawn_link(node, fname, *args):
    """`Node.spawn_link(node, f, args...)`: as `spawn`, linked to the caller."""
    rt = _rt()
    return await rt.spawn(current_proc.get(), node, _fn_name(fname), args, True)


def monitor(name):
    """`Node.monitor(name) -> Int`: 0 ok; 1 not started, empty name or not in a process."""
    rt = _rt()
    if rt is None:
        return 1
    return rt.monitor_node(current_proc.get(), name)


def _fn_name(f):
    if isinstance(f, str):
        return f
    q = getattr(f, "_mesh_qualname", None)
    if q is None:
        raise TypeError("Node.spawn needs the registered name of a top-level function")
    return q
