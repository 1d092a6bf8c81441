"""`NodeRuntime`: one per actor `Node` (DESIGN §3.9, spec 07 §12) — the facade over the
distribution components, split along Erlang's lines:

| component | module | Erlang |
|---|---|---|
| listener, dial, handshake, admission, membership | `connections.Connections` | `net_kernel`, `dist_util` |
| frame tag → handler | `frames.FrameTable` | the distribution controller |
| send / link / monitor / spawn, node monitors | `processes.RemoteProcesses` | `erlang` dist ops |
| global names | `global_names.GlobalNames` | `global` |
| WebSocket rooms (hooks, no HTTP import) | `rooms.Rooms` | — |
| continuity records on the wire (§11.4) | `replication.Replication` | — |
| clustered HTTP requests (§11.6) | `http_route.HttpRoutes` | — |
| pid wire form | `pids.PidTable` | external term format |

The facade keeps the public API used by `mesh.runtime.stdlib.node`/`global_`, discovery
and the sessions, and owns what spans components: the greeting of a new session and the
order of the disconnect procedure (§10).

All state is touched on the Trio thread only. The cookie is kept as bytes in `_cookie`
and is never formatted into any text.
"""

from __future__ import annotations

import hashlib
import os

from ..runtime.actors import context as _ctx
from . import program
from .codec import Codec
from .connections import Connections, bind_listener
from .frames import T_NODE_INFO, FrameTable
from .global_names import GlobalNames
from .http_route import HttpRoutes
from .names import NodeNameError, format_node_name, parse_node_name
from .pids import NONODE, PidTable, StaleRef
from .processes import RemoteProcesses, pressure_wait, pressured
from .replication import Replication
from .rooms import Rooms
from .session import Session, log
from .tls import NodeTLS


class NodeRuntime:
    # the other workers of this host's group (docs/internals/workers.md §5): they do not
    # count as remaining peers for promotion, and the replica is chosen among others first
    worker_siblings: frozenset = frozenset()

    def __init__(self, node):
        self.node = node
        self.started = False
        self.name = ""
        self.host = ""
        self.port = 0
        self.creation = 0
        self._cookie = b""
        self.tls = None
        self.sessions: dict[str, Session] = {}
        self.dialed_as: dict[str, str] = {}  # discovery placeholder -> advertised name
        self.discovery = None
        self._fingerprint = None
        self.pids = PidTable(self)
        self.codec = Codec(self.pids)
        self.procs = RemoteProcesses(self)
        self.names = GlobalNames(self)
        self.conns = Connections(self)
        self.cont = Replication(self)
        self.routes = HttpRoutes(self)
        self.frames = FrameTable(self.codec, log)
        for component in (self.conns, self.procs, self.names, self.cont, Rooms(self)):
            component.register_frames(self.frames)
        self.dispatch = self.frames.dispatch  # the session reader's entry point

    def __repr__(self):  # never shows the cookie
        return f"<NodeRuntime {self.name or NONODE}>"

    # continuity authority (§11.3): set by Node.start_from_env, changed by fencing/promotion
    @property
    def role(self) -> str:
        return self.cont.authority.role

    @role.setter
    def role(self, role: str) -> None:
        self.cont.set_authority(role, self.cont.authority.epoch)

    @property
    def epoch(self) -> int:
        return self.cont.authority.epoch

    @epoch.setter
    def epoch(self, epoch: int) -> None:
        self.cont.set_authority(self.cont.authority.role, epoch)

    # ---------------------------------------------------------------- start

    def start(self, name: str, cookie: str, sock=None) -> int:
        """`Node.start`; `sock`: a listener bound for this node already (a worker's, whose
        supervisor keeps the port across restarts, docs/internals/workers.md)."""
        if self.started:
            return -1
        try:
            base, host, port = parse_node_name(name, allow_zero=True)
        except NodeNameError:
            return -3
        if not isinstance(cookie, str) or not cookie:
            return -3
        if self.node.sys_nursery is None:
            return -2
        try:
            sock = bind_listener(host, port) if sock is None else sock
        except OSError:
            return -2
        actual = sock.getsockname()[1]
        self.name = format_node_name(base, host, actual) if port == 0 else name
        self.host, self.port = host, actual
        self._cookie = cookie.encode("utf-8")
        self.creation = int.from_bytes(os.urandom(4), "little") or 1
        self.tls = NodeTLS()
        self.pids.stale = StaleRef(self.name, -1)
        self.cont.store.node = self.name
        self.started = True
        self.node.at_exit.append(self.conns.flush_at_exit)
        _ctx.pressure_hook = pressure_wait
        _ctx.pressured = pressured
        self.conns.serve(sock)
        return 0

    # ---------------------------------------------------------------- sessions

    def broadcast(self, tag: int, fields) -> None:
        if not self.sessions:
            return
        body = self.codec.encode(fields)
        for s in self.sessions.values():
            s.send(tag, body)

    def session_up(self, s: Session) -> None:
        """Greeting of a newly registered session: authority and build, peers (transitive
        mesh, §5), global names snapshot (§9), continuity snapshot (§11.4)."""
        s.send(T_NODE_INFO, self.codec.encode(self.node_info()))
        self.conns.send_peer_list(s)
        self.names.session_up(s)
        self.cont.session_up(s)

    def session_ended(self, s: Session) -> None:
        self.conns.session_ended(s)

    def node_down(self, name: str) -> None:
        """The disconnect procedure (§10), in order: membership, links, monitors, node
        monitors, continuity (owner/replica loss, promotion), global names."""
        del self.sessions[name]
        self.procs.node_down(name)
        self.cont.node_down(name)
        self.routes.node_down(name)
        self.names.node_down(name)

    def on_process_exit(self, p, reason) -> None:
        """`Node.exit_hook`: EXIT to remote links, MONITOR_EXIT to remote watchers, drop
        the process's global names (§7.4, §9)."""
        self.procs.process_exited(p, reason)
        self.names.process_exited(p)

    def node_info(self) -> list:
        """`NODE_INFO` fields: this node's authority and build fingerprint."""
        return [self.role, self.epoch, self.fingerprint()]

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            h = hashlib.sha256()
            program.lookup_function("")
            for k in sorted(program._fns):
                h.update(k.encode() + b"\0")
            self._fingerprint = h.hexdigest()[:16]
        return self._fingerprint

    # ---------------------------------------------------------------- Node / Global API

    async def connect(self, name: str, quiet: bool = False) -> int:
        return await self.conns.connect(name, quiet)

    async def spawn(self, cur, node_name: str, fname: str, args: tuple, link: bool):
        return await self.procs.spawn(cur, node_name, fname, args, link)

    def list(self) -> list:
        return sorted(n for n, s in self.sessions.items() if s.alive)

    def monitor_node(self, cur, name: str) -> int:
        return self.procs.monitor_node(cur, name)

    def global_register(self, name, pid) -> int:
        return self.names.register(name, pid)

    def global_whereis(self, name):
        return self.names.whereis(name)

    def global_unregister(self, name) -> int:
        return self.names.unregister(name)


def runtime_of(node, create: bool = True):
    """The `NodeRuntime` attached to actor node `node` (created on first use)."""
    rt = getattr(node, "cluster", None)
    if rt is None and create and node is not None:
        rt = node.cluster = NodeRuntime(node)
        node.exit_hook = rt.on_process_exit
    return rt
