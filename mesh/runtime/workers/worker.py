"""The worker side (docs/internals/workers.md §2–§4): a worker is the program itself, run
by the supervisor with `MESH_WORKER_CONTROL_FD`. Before `main` it starts its node on the
listener the supervisor bound, waits for `go`, connects to the siblings already running
(their `Global` names and continuity records arrive with each connection), then runs
`main`. Its HTTP/WebSocket listeners come from the supervisor, and it stops when the
supervisor's end of the channel closes.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass, field

import trio

from . import control


@dataclass
class WorkerState:
    index: int
    name: str
    cookie: str = field(repr=False)
    role: str
    epoch: int
    siblings: frozenset
    configured: bool
    node_sock: socket.socket
    ctrl: socket.socket
    reader: control.Reader
    rt: object = None


active: WorkerState | None = None  # this process is a worker (set by `attach`)


def attach(fd: int) -> WorkerState:
    """Read the supervisor's `hello` (blocking; it is sent before the worker starts)."""
    global active
    ctrl = socket.socket(fileno=fd)
    reader = control.Reader(ctrl)
    msg, fds = reader.receive()
    if msg.get("op") != "hello" or len(fds) != 1:
        raise RuntimeError("workers: unexpected first message from the supervisor")
    node_sock = socket.socket(fileno=fds[0])
    node_sock.setblocking(False)
    name = msg["name"]
    active = WorkerState(
        msg["index"],
        name,
        msg["cookie"],
        msg["role"],
        msg["epoch"],
        frozenset(msg["siblings"]) - {name},
        bool(msg.get("configured")),
        node_sock,
        ctrl,
        reader,
    )
    return active


def wrap_main(main_fn, state: WorkerState):
    """`main` as a worker runs it: node first, then the start gate, then the program."""
    from ..coro import CORO_TYPE

    async def worker_main():
        await _boot(state)
        value = main_fn()
        if type(value) is CORO_TYPE:
            await value
        _tell({"op": "ready"})

    return worker_main


async def _boot(state: WorkerState) -> None:
    from ...cluster.runtime import runtime_of
    from ..actors.context import current_node
    from ..http import server
    from ..stdlib import node as node_api

    node = current_node.get()
    rt = state.rt = runtime_of(node)
    rt.worker_siblings = state.siblings
    rc = rt.start(state.name, state.cookie, sock=state.node_sock)
    if rc != 0:
        raise RuntimeError(f"workers: node {state.name} did not start ({rc})")
    rt.role, rt.epoch = state.role, state.epoch
    node_api._wire_http()
    server.shared_listener = shared_listener
    go = await _receive(state)
    for name in go.get("connect", ()):
        await rt.connect(name)
    node.sys_nursery.start_soon(_watch_supervisor, state, node, name="mesh-worker-control")


async def _receive(state: WorkerState) -> dict:
    while True:
        m = state.reader.next()
        if m is not None:
            return m[0]
        await trio.lowlevel.wait_readable(state.ctrl)
        if not state.reader.feed():
            raise RuntimeError("workers: the supervisor closed the channel")


async def _watch_supervisor(state: WorkerState, node) -> None:
    """Stop when the supervisor is gone (its end of the channel closed): no orphan keeps
    serving. After `go` the supervisor speaks only when asked, so readable means closed."""
    sock = state.ctrl
    while True:
        await trio.lowlevel.wait_readable(sock)
        try:
            data = sock.recv(4096, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            data = b""
        if not data:
            _log("supervisor gone: stopping")
            node.shutdown()
            return
        sock.recv(len(data))  # not a request's answer (none is pending): drop it


def _tell(message: dict) -> None:
    if active is None:
        return
    try:
        control.send(active.ctrl, message)
    except OSError:
        pass


def shared_listener(port: int, host: str | None) -> tuple[socket.socket, str]:
    """`http.server.bind_socket` in a worker: the supervisor's socket for (host, port).
    Raises OSError with the supervisor's errno when it could not bind."""
    state = active
    control.send(state.ctrl, {"op": "listen", "host": host, "port": port})
    msg, fds = state.reader.receive()
    if not msg.get("ok"):
        for fd in fds:
            os.close(fd)
        raise OSError(msg.get("errno") or 0, msg.get("error") or "listen failed")
    s = socket.socket(fileno=fds[0])
    s.setblocking(False)
    return s, msg["shown"]


def start_from_env(cfg, status_type):
    """`Node.start_from_env()` in a worker, once the environment resolved to `cfg`: the
    node is already started (§4)."""
    from ...cluster import bootstrap, discovery, startup
    from ..values import Err, Ok

    state = active
    rt = state.rt
    if cfg.mode == "standalone":
        startup.boot(rt, cluster_mode=False)
        return Ok(status_type("standalone", "", cfg.cluster_port, ""))
    if not state.configured:  # the supervisor saw another environment
        return Err(bootstrap.start_failure(cfg.node_name, -1))
    discovery.start(rt, os.environ)
    startup.boot(rt, cluster_mode=True)
    return Ok(status_type("cluster", rt.name, rt.port, cfg.discovery_seed))


def _log(line: str) -> None:
    try:
        sys.stderr.write(f"[mesh-rt workers] {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
