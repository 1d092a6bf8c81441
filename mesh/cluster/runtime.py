"""`NodeRuntime`: one per actor `Node` (DESIGN §3.9) — listener, sessions, remote pids,
remote links/monitors/spawn, node monitors and the global registry (spec 07 §2–§10, §12).

All state is touched on the Trio thread only. The cookie is kept as bytes in `_cookie`
and is never formatted into any text.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import socket
import weakref

import trio

from ..runtime.actors import context as _ctx
from ..runtime.actors.pid import NULL_PID, Pid
from ..runtime.actors.process import (
    DOWN, NOCONNECTION, NODEDOWN, NOPROC, Crash, ExitSignal, Notice, is_abnormal,
    killable_wait, reason_text,
)
from ..runtime.memory import BurstReclaimer
from ..runtime.netutil import AcceptBackoff
from ..runtime.values import MeshPanic
from . import program
from .codec import Codec, DecodeError, EncodeError
from .handshake import NAME_IN_USE, Handshake, cert_binding
from .names import NodeNameError, format_node_name, parse_node_name
from .registry import GlobalRegistry
from .session import (
    T_DEMONITOR, T_EXIT, T_GLOBAL_REGISTER, T_GLOBAL_SYNC, T_GLOBAL_UNREGISTER, T_LINK,
    T_MONITOR, T_MONITOR_EXIT, T_NODE_INFO, T_PEER_LIST, T_PING, T_PONG, T_SEND, T_SPAWN,
    T_REDUNDANT, T_ROOM_BROADCAST, T_SPAWN_REPLY, T_UNLINK, Session, log,
)
from .tls import SERVER_NAME, NodeTLS
from .transport import TlsStream

NONODE = "nonode@nohost"
HANDSHAKE_DEADLINE = 10.0
CONNECT_TIMEOUT = 5.0
SPAWN_TIMEOUT = 5.0
FLUSH_TIMEOUT = 2.0
PROBE_TIMEOUT = 5.0  # a live session answers a PING well within this, even under load


# ------------------------------------------------------------------------------------------
# Pid node handles


class NodeRef:
    """`pid.node` of a remote pid: one per (node name, creation), interned by the runtime."""

    __slots__ = ("rt", "name", "creation", "index")
    is_local = False

    def __init__(self, rt, name, creation, index):
        self.rt = rt
        self.name = name
        self.creation = creation
        self.index = index

    def route_send(self, pid, msg):
        self.rt.remote_send(self, pid, msg)

    def route_link(self, cur, pid):
        self.rt.remote_link(cur, pid)

    def route_monitor(self, cur, pid, ref):
        self.rt.remote_monitor(cur, pid, ref)

    def __repr__(self):
        return f"<NodeRef {self.name} #{self.index} c{self.creation}>"


class StaleRef:
    """`pid.node` of a dead pid: a previous incarnation of this node, an unknown local id or
    a failed remote spawn. Sends are dropped, links do nothing, monitors fire `noproc`."""

    __slots__ = ("name", "creation")
    is_local = True
    index = 0

    def __init__(self, name, creation):
        self.name = name
        self.creation = creation

    def route_send(self, pid, msg):
        pass

    def route_link(self, cur, pid):
        pass

    def route_monitor(self, cur, pid, ref):
        if cur is not None and cur.alive:
            cur.node.deliver(cur, Notice((DOWN, ref, pid, NOPROC)))


class _RemoteMonitors:
    """Stands in `proc.monitoring[ref]` for a monitor on a remote pid, so the actor runtime's
    `demonitor` and exit cleanup (`target.monitors.pop(ref, None)`) reach the peer."""

    __slots__ = ("rt",)

    def __init__(self, rt):
        self.rt = rt

    @property
    def monitors(self):
        return self

    def pop(self, ref, default=None):
        self.rt._demonitor(ref)
        return default


def _reason_wire(reason):
    return [reason_text(reason), type(reason) is Crash]


def _reason_from(v):
    text, crash = v
    return Crash(text) if crash else str(text)


# ------------------------------------------------------------------------------------------


class NodeRuntime:
    def __init__(self, node):
        self.node = node
        self.started = False
        self.name = ""
        self.host = ""
        self.port = 0
        self.creation = 0
        self._cookie = b""
        self.tls = None
        self.listener = None
        self.sessions: dict[str, Session] = {}
        self.connecting: dict[str, trio.Event] = {}
        self.node_index: dict[str, int] = {}
        self.refs: dict[tuple, NodeRef] = {}
        self.pids = weakref.WeakValueDictionary()        # (name, creation, id) -> remote Pid
        self.local_pids = weakref.WeakValueDictionary()  # id -> local Pid that went out
        self.rlinks: dict = {}     # local Proc -> set of remote Pids it is linked to
        self.mon_out: dict = {}    # ref -> (watcher Proc, remote Pid)
        self.watchers: dict = {}   # local Proc -> {(peer, ref): remote watcher Pid}
        self.node_monitors: dict[str, list] = {}
        self.registry = GlobalRegistry()
        self.req_ids = itertools.count(1)
        self.codec = Codec(self)
        self._reclaimer = BurstReclaimer()  # memory back to the OS after handshake floods
        self._mon_proxy = _RemoteMonitors(self)
        self._fingerprint = None
        self.stale = None
        self.role = "primary"  # continuity authority (§11.3), set by Node.start_from_env
        self.epoch = 0
        self.dialed_as: dict[str, str] = {}  # discovery placeholder -> advertised name
        self.discovery = None

    def __repr__(self):  # never shows the cookie
        return f"<NodeRuntime {self.name or NONODE}>"

    # ---------------------------------------------------------------- start

    def start(self, name: str, cookie: str) -> int:
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
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                       flags=socket.AI_PASSIVE)
            fam, typ, proto, _c, addr = infos[0]
            sock = socket.socket(fam, typ, proto)
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind(addr)
                sock.listen(128)
                sock.setblocking(False)
            except OSError:
                sock.close()
                raise
        except OSError:
            return -2
        actual = sock.getsockname()[1]
        self.name = format_node_name(base, host, actual) if port == 0 else name
        self.host, self.port = host, actual
        self._cookie = cookie.encode("utf-8")
        self.creation = int.from_bytes(os.urandom(4), "little") or 1
        self.tls = NodeTLS()
        self.stale = StaleRef(self.name, -1)
        self.listener = trio.SocketListener(trio.socket.from_stdlib_socket(sock))
        self.started = True
        self.node.at_exit.append(self._flush_at_exit)
        _ctx.pressure_hook = _pressure_wait
        from ..runtime.http import websocket as _ws  # only nodes that start pay the import
        _ws.cluster_broadcast_hook = _room_broadcast
        self.node.sys_nursery.start_soon(self._accept_loop, name="mesh-node-listener")
        return 0

    async def _flush_at_exit(self):
        with trio.move_on_after(FLUSH_TIMEOUT):
            for s in list(self.sessions.values()):
                await s.wait_drained(0)

    # ---------------------------------------------------------------- pids

    def index_of(self, name: str) -> int:
        i = self.node_index.get(name)
        if i is None:
            i = self.node_index[name] = len(self.node_index) + 1
        return i

    def ref(self, name: str, creation: int) -> NodeRef:
        r = self.refs.get((name, creation))
        if r is None:
            r = self.refs[(name, creation)] = NodeRef(self, name, creation, self.index_of(name))
        return r

    def pid_to_wire(self, pid):
        n = pid.node
        if n is self.node:
            self.local_pids[pid.id] = pid
            return [self.name, self.creation, pid.id]
        if n is None:
            return ["", 0, 0]
        return [n.name, n.creation, pid.id]

    def pid_from_wire(self, name, creation, id_):
        if id_ == 0 and name == "":
            return NULL_PID
        if name == self.name:
            if creation == self.creation:
                p = self.node.procs.get(id_)
                if p is not None:
                    return p.pid
                pid = self.local_pids.get(id_)
                if pid is not None:
                    return pid
            key = (name, creation, id_)
            pid = self.pids.get(key)
            if pid is None:
                pid = self.pids[key] = Pid(id_, None, StaleRef(name, creation))
            return pid
        key = (name, creation, id_)
        pid = self.pids.get(key)
        if pid is None:
            pid = self.pids[key] = Pid(id_, None, self.ref(name, creation))
        return pid

    def dead_pid(self):
        """A pid naming no process (failed remote spawn, §7.2)."""
        return Pid(0, None, self.stale or StaleRef(NONODE, -1))

    # ---------------------------------------------------------------- sessions

    def _live_session(self, ref):
        s = self.sessions.get(ref.name)
        if s is None or s.peer_creation != ref.creation:
            return None
        return s

    def _unreachable_reason(self, ref):
        """Why a pid cannot be reached (spec 07 §7.1, §7.4): a pid of an earlier incarnation
        of a node that is connected now is stale (`noproc`); otherwise `noconnection`."""
        s = self.sessions.get(ref.name)
        return NOPROC if s is not None and s.peer_creation != ref.creation else NOCONNECTION

    def _send(self, s: Session, tag: int, fields) -> None:
        s.send(tag, self.codec.encode(fields))

    def broadcast(self, tag: int, fields) -> None:
        if not self.sessions:
            return
        body = self.codec.encode(fields)
        for s in self.sessions.values():
            s.send(tag, body)

    async def _accept_loop(self):
        listener = self.listener
        # EMFILE & co. must not end this task: in the system nursery that ends the program
        backoff = AcceptBackoff("mesh node: listener", log)
        try:
            while True:
                try:
                    stream = await listener.accept()
                except OSError as e:
                    await backoff.failed(e)
                    continue
                backoff.succeeded()
                self.node.sys_nursery.start_soon(self._contained, self._accept_conn, stream)
        finally:
            listener.socket.close()

    async def _contained(self, fn, *args) -> None:
        """Run a connection's task in the system nursery, where an escaping error would end
        the program: whatever one connection does wrong ends that connection only."""
        try:
            await fn(*args)
        except Exception as e:
            log(f"mesh node: connection task failed: {type(e).__name__}: {e}")

    async def _run_handshake(self, stream, hs: Handshake) -> bool:
        """True once the peer is authenticated (`done`, or `verified` for a deferred
        acceptor, which then still has to `accept` or `reject`)."""
        out = hs.data_to_send()
        if out:
            await stream.send_all(out)
        while not (hs.done or hs.failed or hs.verified):
            data = await stream.receive_some(4096)
            if not data:
                hs.failed = True
                hs.error = hs.error or "connection closed during handshake"
                break
            hs.receive_data(data)
            out = hs.data_to_send()
            if out:
                try:
                    await stream.send_all(out)
                except (trio.BrokenResourceError, trio.ClosedResourceError):
                    if not hs.failed:
                        raise
        return hs.done or hs.verified

    async def _admit(self, name: str, creation: int) -> bool:
        """May an authenticated peer `name` of incarnation `creation` have a session?

        A node is its name *and* creation (spec 07 §4.2 rule 5). A second session of the same
        incarnation is a transport question (simultaneous connect, §5: `_register`). A
        different creation is either the restart of a node whose old transport is dead but
        not yet noticed, or a second node claiming a live node's name. The old session is
        asked (PING): if it answers, the name is in use and the newcomer is refused, so the
        live session is neither replaced nor closed; if not, the old incarnation is gone and
        its end runs the full disconnect procedure (nodedown, links, monitors) before the new
        one registers."""
        while True:
            old = self.sessions.get(name)
            if old is None or old.peer_creation == creation:
                return True
            if old.alive:
                if await old.probe(PROBE_TIMEOUT):
                    log(f"mesh node: refused {name} (creation {creation}): name in use by "
                        f"a connected node (creation {old.peer_creation})")
                    return False
                if old.alive:
                    log(f"mesh node: {name} (creation {old.peer_creation}) did not answer; "
                        f"replaced by creation {creation}")
                    old.end_reason = "replaced by a new incarnation"
                    old.close()
            await old.ended.wait()

    async def _accept_conn(self, tcp):
        self._reclaimer.opened()
        session = None
        try:
            session = await self._authenticate(tcp)
        finally:
            self._reclaimer.closed(failed=session is None)
        if session is None:
            return
        if self._register(session):
            await session.run()
        else:
            await _close_unregistered(session)

    async def _authenticate(self, tcp):
        """TLS + cookie handshake under the 10 s deadline; the session, or None (closed)."""
        tls = None
        session = None
        with trio.move_on_after(HANDSHAKE_DEADLINE):
            try:
                tls = TlsStream(tcp, self.tls.server_ctx, server_side=True)
                await tls.do_handshake()
                hs = Handshake("acceptor", self.name, self.creation, self._cookie,
                               cert_binding(self.tls.cert_der), defer_accept=True)
                if await self._run_handshake(tls, hs):
                    if await self._admit(hs.peer_name, hs.peer_creation):
                        hs.accept()
                    else:
                        hs.reject(NAME_IN_USE)
                    await tls.send_all(hs.data_to_send())
                    if hs.done:
                        session = Session(self, tls, hs.peer_name, hs.peer_creation, False,
                                          hs.leftover)
                elif hs.log:
                    log(f"mesh node: {hs.log}")
            except (trio.BrokenResourceError, trio.ClosedResourceError, OSError):
                pass
        if session is None:
            with trio.CancelScope(shield=True):
                await trio.aclose_forcefully(tls if tls is not None else tcp)
        return session

    async def connect(self, name: str, quiet: bool = False) -> int:
        """`Node.connect`: 0 ok / -1 not started / -2 TCP connect failed / -3 TLS or
        handshake failed (also: bad name). `quiet`: discovery reports failures itself."""
        if not self.started:
            return -1
        try:
            _b, host, port = parse_node_name(name)
        except NodeNameError:
            return -3
        if name == self.name:
            return 0
        while True:
            s = self.sessions.get(name)
            if s is not None and s.alive:
                return 0
            ev = self.connecting.get(name)
            if ev is None:
                break
            await ev.wait()  # someone else is dialing: share the outcome
            s = self.sessions.get(name)
            if s is not None and s.alive:
                return 0
        ev = self.connecting[name] = trio.Event()
        try:
            return await self._dial(name, host, port, quiet)
        finally:
            del self.connecting[name]
            ev.set()

    async def _dial(self, name, host, port, quiet=False) -> int:
        say = _no_log if quiet else log
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        deadline = trio.current_time() + HANDSHAKE_DEADLINE
        tls = None
        session = None
        rc = -3
        with trio.CancelScope(deadline=deadline) as cs:
            try:
                with trio.fail_after(CONNECT_TIMEOUT):
                    tcp = await trio.open_tcp_stream(host, port)
            except (OSError, trio.TooSlowError) as e:
                say(f"mesh node: connect to {name} failed: {type(e).__name__}: {e}")
                return -2
            try:
                tls = TlsStream(tcp, self.tls.client_ctx, server_side=False,
                                server_hostname=SERVER_NAME)
                await tls.do_handshake()
                der = tls.getpeercert(binary_form=True)
                hs = Handshake("initiator", self.name, self.creation, self._cookie,
                               cert_binding(der))
                if not await self._run_handshake(tls, hs):
                    say(f"mesh node: handshake with {where} failed: {hs.error}")
                elif await self._admit(hs.peer_name, hs.peer_creation):
                    session = Session(self, tls, hs.peer_name, hs.peer_creation, True,
                                      hs.leftover)
            except (trio.BrokenResourceError, trio.ClosedResourceError, OSError) as e:
                say(f"mesh node: handshake with {where} failed: {type(e).__name__}")
        if cs.cancelled_caught and session is None:
            say(f"mesh node: handshake with {where} failed: timeout")
        if session is None:
            with trio.CancelScope(shield=True):
                await trio.aclose_forcefully(tls if tls is not None else tcp)
            return rc
        if session.peer_name != name:  # dialed by address (discovery): remember who answered
            self.dialed_as[name] = session.peer_name
        if not self._register(session):
            await _close_unregistered(session)
            return 0 if session.replaced else -3
        self.node.sys_nursery.start_soon(self._contained, session.run,
                                         name="mesh-node-session")
        with trio.move_on_at(deadline):
            await session.synced.wait()
        return 0

    async def _bg_connect(self, name):
        if name in self.sessions or name in self.connecting or name == self.name:
            return
        await self.connect(name)

    def _register(self, s: Session) -> bool:
        """Register an authenticated session under the advertised name (§5). False if it is
        the redundant one of a simultaneous connect."""
        name = s.peer_name
        old = self.sessions.get(name)
        if old is not None and old.alive:
            if old.peer_creation != s.peer_creation:  # another incarnation won `_admit`
                s.alive = False
                return False
            if old.outgoing != s.outgoing:
                keep_outgoing = self.name.encode() < name.encode()
                if s.outgoing != keep_outgoing:
                    s.replaced = True
                    s.alive = False
                    return False
            old.replaced = True  # its end must not run the disconnect procedure
            self.node.sys_nursery.start_soon(old.close_redundant)
            self.sessions[name] = s
        else:
            self.sessions[name] = s
            self.index_of(name)
        self._send(s, T_NODE_INFO, [self.role, self.epoch, self.fingerprint()])
        self._send(s, T_PEER_LIST, [[n for n in self.sessions if n != name]])
        self._send(s, T_GLOBAL_SYNC, [[list(e) for e in self.registry.snapshot()]])
        return True

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            h = hashlib.sha256()
            program.lookup_function("")
            for k in sorted(program._fns):
                h.update(k.encode() + b"\0")
            self._fingerprint = h.hexdigest()[:16]
        return self._fingerprint

    def _session_ended(self, s: Session) -> None:
        for ev_res in s.pending.values():
            ev_res[1] = (False, "connection lost")
            ev_res[0].set()
        s.pending.clear()
        if self.sessions.get(s.peer_name) is not s:
            return
        if s.replaced:  # the peer keeps another transport, which registers shortly
            del self.sessions[s.peer_name]
            return
        self._disconnect(s.peer_name)

    def _disconnect(self, name: str) -> None:
        """§10, in order: membership, links, monitors, node monitors, global names."""
        del self.sessions[name]
        node = self.node
        for p, rps in list(self.rlinks.items()):
            for rp in [rp for rp in rps if rp.node.name == name]:
                rps.discard(rp)
                if p.alive:
                    self._exit_signal(p, rp, NOCONNECTION)
            if not rps:
                self.rlinks.pop(p, None)
        for ref, (w, pid) in list(self.mon_out.items()):
            if pid.node.name == name:
                del self.mon_out[ref]
                if w.monitoring is not None:
                    w.monitoring.pop(ref, None)
                if w.alive:
                    node.deliver(w, Notice((DOWN, ref, pid, NOCONNECTION)))
        for p, ws in list(self.watchers.items()):
            for k in [k for k in ws if k[0] == name]:
                del ws[k]
            if not ws:
                del self.watchers[p]
        mons = self.node_monitors.get(name)
        if mons:
            alive = [p for p in mons if p.alive]
            self.node_monitors[name] = alive
            for p in alive:
                node.deliver(p, Notice((NODEDOWN, name)))
        for n, pid in self.registry.remove_owner(name):
            self.broadcast(T_GLOBAL_UNREGISTER, [n, pid])

    # ---------------------------------------------------------------- dispatch

    def _dispatch(self, s: Session, frame: bytes) -> None:
        tag = frame[0]
        try:
            if tag == T_SEND:
                id_, creation, msg = self.codec.decode(memoryview(frame)[1:])
                if creation == self.creation:
                    p = self.node.procs.get(id_)
                    if p is not None:
                        self.node.deliver(p, msg)
                return
            h = self._handlers.get(tag)
            if h is None:
                return  # unknown tags are ignored (§6)
            fields = self.codec.decode(memoryview(frame)[1:])
            if type(fields) is not list:
                raise DecodeError("frame body is not an array")
            h(self, s, *fields)
        except Exception as e:  # a bad frame is dropped; the session stays up (§8)
            log(f"mesh node: dropped malformed frame 0x{tag:02x} from {s.peer_name}: {e}")

    def _on_peer_list(self, s, names):
        for n in names:
            if (type(n) is str and n != self.name and n not in self.sessions
                    and n not in self.connecting):
                try:
                    parse_node_name(n)
                except NodeNameError:
                    continue
                self.node.sys_nursery.start_soon(self._contained, self._bg_connect, n)

    def _on_node_info(self, s, role, epoch, fingerprint):
        if fingerprint != self.fingerprint():
            log(f"mesh node: build mismatch with {s.peer_name}")

    def _on_link(self, s, frm, to):
        p = to._proc
        if p is None or not p.alive or to.node is not self.node:
            self._send(s, T_EXIT, [to, frm, _reason_wire(NOPROC)])
            return
        self.rlinks.setdefault(p, set()).add(frm)

    def _on_unlink(self, s, frm, to):
        p = to._proc
        if p is not None:
            rps = self.rlinks.get(p)
            if rps:
                rps.discard(frm)

    def _on_exit(self, s, frm, to, reason):
        p = to._proc
        if p is None or to.node is not self.node or not p.alive:
            return
        rps = self.rlinks.get(p)
        if rps:
            rps.discard(frm)
        self._exit_signal(p, frm, _reason_from(reason))

    def _exit_signal(self, p, frm, reason):
        if p.trap_exit:
            self.node.deliver(p, ExitSignal(frm, reason))
        elif is_abnormal(reason):
            self.node.kill(p, reason)

    def _on_monitor(self, s, target, watcher, ref):
        p = target._proc
        if p is None or not p.alive or target.node is not self.node:
            self._send(s, T_MONITOR_EXIT, [target, watcher, ref, NOPROC])
            return
        self.watchers.setdefault(p, {})[(s.peer_name, ref)] = watcher

    def _on_demonitor(self, s, target, watcher, ref):
        p = target._proc
        ws = self.watchers.get(p) if p is not None else None
        if ws is not None:
            ws.pop((s.peer_name, ref), None)

    def _on_monitor_exit(self, s, monitored, monitoring, ref, reason):
        e = self.mon_out.pop(ref, None)
        if e is None:
            return
        w, pid = e
        if w.monitoring is not None:
            w.monitoring.pop(ref, None)
        if w.alive:
            self.node.deliver(w, Notice((DOWN, ref, pid, str(reason))))

    def _on_spawn(self, s, req, fname, args, link_to):
        fn = program.lookup_function(fname, len(args)) if type(fname) is str else None
        if fn is None:
            log(f"mesh node spawn rejected from {s.peer_name}: function not found {fname}")
            self._send(s, T_SPAWN_REPLY, [req, False, f"function not found {fname}"])
            return
        try:
            pid = self.node.spawn(fn, tuple(args))
        except Exception as e:  # node shutting down
            self._send(s, T_SPAWN_REPLY, [req, False, f"spawn failed: {type(e).__name__}"])
            return
        if link_to is not None:
            self.rlinks.setdefault(pid._proc, set()).add(link_to)
        self._send(s, T_SPAWN_REPLY, [req, True, pid])

    def _on_spawn_reply(self, s, req, ok, value):
        e = s.pending.pop(req, None)
        if e is not None:
            e[1] = (bool(ok), value)
            e[0].set()

    def _on_global_register(self, s, name, pid, owner, clock):
        self.registry.apply_register(name, pid, owner, clock)
        self._flush_registry_log()

    def _on_global_unregister(self, s, name, pid):
        self.registry.apply_unregister(name, pid)

    def _on_global_sync(self, s, entries):
        for name, pid, owner, clock in entries:
            self.registry.apply_register(name, pid, owner, clock)
        self._flush_registry_log()
        s.synced.set()

    def _flush_registry_log(self):
        lines = self.registry.log
        if lines:
            self.registry.log = []
            for ln in lines:
                log(ln)

    def _on_room_broadcast(self, s, room, text):
        # 06 §2.3: deliver to this node's own members only, never forward again
        if type(room) is not str or type(text) is not str:
            raise DecodeError("room broadcast fields must be strings")
        from ..runtime.http.websocket import broadcast_local
        self.node.sys_nursery.start_soon(self._contained, broadcast_local, room, text)

    def _on_redundant(self, s):
        s.replaced = True

    def _on_ping(self, s, nonce):
        self._send(s, T_PONG, [nonce])

    def _on_pong(self, s, nonce):
        ev = s.pings.get(nonce)
        if ev is not None:
            ev.set()

    _handlers = {
        T_PEER_LIST: _on_peer_list, T_NODE_INFO: _on_node_info, T_LINK: _on_link,
        T_UNLINK: _on_unlink, T_EXIT: _on_exit, T_MONITOR: _on_monitor,
        T_DEMONITOR: _on_demonitor, T_MONITOR_EXIT: _on_monitor_exit, T_SPAWN: _on_spawn,
        T_SPAWN_REPLY: _on_spawn_reply, T_GLOBAL_REGISTER: _on_global_register,
        T_GLOBAL_UNREGISTER: _on_global_unregister, T_GLOBAL_SYNC: _on_global_sync,
        T_PING: _on_ping, T_PONG: _on_pong, T_REDUNDANT: _on_redundant,
        T_ROOM_BROADCAST: _on_room_broadcast,
    }

    # ---------------------------------------------------------------- remote pids

    def remote_send(self, ref, pid, msg) -> None:
        s = self.sessions.get(ref.name)
        if s is None or s.peer_creation != ref.creation:
            return
        try:
            body = self.codec.encode([pid.id, ref.creation, msg])
        except EncodeError as e:
            raise MeshPanic(e.message) from None
        s.send(T_SEND, body)
        if s.out_bytes > 8388608:
            p = _ctx.current_proc.get()
            if p is not None:
                _pressured[p] = s

    def remote_link(self, cur, pid) -> None:
        if cur is None or not cur.alive:
            return
        s = self._live_session(pid.node)
        if s is None:
            self._exit_signal(cur, pid, self._unreachable_reason(pid.node))
            return
        rps = self.rlinks.setdefault(cur, set())
        if pid in rps:
            return
        rps.add(pid)
        self._send(s, T_LINK, [cur.pid, pid])

    def remote_monitor(self, cur, pid, ref) -> None:
        s = self._live_session(pid.node)
        if s is None:
            cur.node.deliver(cur, Notice((DOWN, ref, pid, self._unreachable_reason(pid.node))))
            return
        self.mon_out[ref] = (cur, pid)
        if cur.monitoring is None:
            cur.monitoring = {}
        cur.monitoring[ref] = self._mon_proxy
        self._send(s, T_MONITOR, [pid, cur.pid, ref])

    def _demonitor(self, ref) -> None:
        e = self.mon_out.pop(ref, None)
        if e is None:
            return
        w, pid = e
        s = self._live_session(pid.node)
        if s is not None:
            self._send(s, T_DEMONITOR, [pid, w.pid, ref])

    def on_process_exit(self, p, reason) -> None:
        """`Node.exit_hook`: EXIT to remote links, MONITOR_EXIT to remote watchers, drop
        the process's global names (§7.4, §9)."""
        links = self.rlinks.pop(p, None)
        if links:
            wire = _reason_wire(reason)
            for rp in links:
                s = self._live_session(rp.node)
                if s is not None:
                    self._send(s, T_EXIT, [p.pid, rp, wire])
        ws = self.watchers.pop(p, None)
        if ws:
            text = reason_text(reason)
            for (peer, ref), wpid in ws.items():
                s = self.sessions.get(peer)
                if s is not None:
                    self._send(s, T_MONITOR_EXIT, [p.pid, wpid, ref, text])
        reg = self.registry
        if reg.by_pid:
            for n in reg.remove_pid(p.pid):
                self.broadcast(T_GLOBAL_UNREGISTER, [n, p.pid])
        _pressured.pop(p, None)

    # ---------------------------------------------------------------- spawn

    async def spawn(self, cur, node_name: str, fname: str, args: tuple, link: bool):
        reason = None
        value = None
        try:
            parse_node_name(node_name)
        except NodeNameError:
            reason = "invalid node name"
        if reason is None and not self.started:
            reason = "node not started"
        if reason is None and node_name == self.name:
            fn = program.lookup_function(fname, len(args))
            if fn is None:
                reason = f"function not found {fname}"
            else:
                pid = self.node.spawn(fn, tuple(args))
                if link and cur is not None:
                    from ..runtime.actors.links import link_procs
                    link_procs(cur, pid._proc)
                return pid
        if reason is None:
            try:
                body_args = self.codec.encode(list(args))  # refuse bad args before anything
            except EncodeError as e:
                raise MeshPanic(e.message) from None
            del body_args
            for attempt in range(2):
                s = self.sessions.get(node_name)
                if s is None or not s.alive:
                    if attempt == 1 and reason is not None and reason != "connection lost":
                        break
                    rc = await self.connect(node_name)
                    s = self.sessions.get(node_name)
                    if rc != 0 or s is None:
                        reason = "cannot connect"
                        break
                req = next(self.req_ids)
                slot = [trio.Event(), None]
                s.pending[req] = slot
                self._send(s, T_SPAWN, [req, fname, list(args),
                                        cur.pid if (link and cur is not None) else None])
                with trio.move_on_after(SPAWN_TIMEOUT):
                    await slot[0].wait()
                s.pending.pop(req, None)
                if slot[1] is None:
                    reason = "timeout"
                    break
                ok, value = slot[1]
                if ok:
                    reason = None
                    break
                reason = str(value)
                if reason != "connection lost":
                    break
        if reason is None:
            pid = value
            if link and cur is not None and cur.alive:
                self.rlinks.setdefault(cur, set()).add(pid)
            return pid
        log(f"mesh node spawn failed target={node_name} fn={fname}: {reason}")
        if link and cur is not None and cur.alive:
            self._exit_signal(cur, self.dead_pid(), NOPROC)
        return self.dead_pid()

    # ---------------------------------------------------------------- Node / Global API

    def list(self) -> list:
        return sorted(n for n, s in self.sessions.items() if s.alive)

    def monitor_node(self, cur, name: str) -> int:
        if not self.started or not name or cur is None:
            return 1
        self.node_monitors.setdefault(name, []).append(cur)
        if name not in self.sessions:
            cur.node.deliver(cur, Notice((NODEDOWN, name)))
        return 0

    def global_register(self, name, pid) -> int:
        e = self.registry.register(name, pid, self.name if self.started else NONODE)
        if e is None:
            return 1
        self.broadcast(T_GLOBAL_REGISTER, [name, pid, e.owner, e.clock])
        return 0

    def global_whereis(self, name):
        pid = self.registry.whereis(name)
        return NULL_PID if pid is None else pid

    def global_unregister(self, name) -> int:
        e = self.registry.unregister(name)
        if e is None:
            return 1
        self.broadcast(T_GLOBAL_UNREGISTER, [name, e.pid])
        return 0


def _no_log(line: str) -> None:
    pass


async def _close_unregistered(session):
    """Close a just-authenticated transport that `_register` refused. If it lost the
    simultaneous-connect rule (§5), tell the peer first so its end does not look like a
    node failure; a transport of another incarnation is simply closed."""
    stream = session.stream
    if session.replaced:
        from .framing import encode_frame
        with trio.move_on_after(1):
            try:
                await stream.send_all(encode_frame(bytes([T_REDUNDANT, 0x90])))
            except (trio.BrokenResourceError, trio.ClosedResourceError, OSError):
                pass
    await trio.aclose_forcefully(stream)


# ------------------------------------------------------------------------------------------
# Backpressure (§12): a process that pushed an outbox past 8 MiB waits at its next
# reduction check until the outbox drained below the mark.

_pressured: dict = {}


async def _pressure_wait():
    if not _pressured:
        return
    p = _ctx.current_proc.get()
    s = _pressured.pop(p, None) if p is not None else None
    if s is not None:
        await killable_wait(p, s.wait_drained)


def _room_broadcast(room: str, text: str) -> None:
    """`Ws.broadcast` hook (06 §2.3): after the local delivery, `(room, text)` to every
    connected node, from the node of the calling process (a process may run several nodes
    in tests)."""
    p = _ctx.current_proc.get()
    rt = runtime_of(p.node if p is not None else _ctx.current_node.get(), create=False)
    if rt is not None and rt.started:
        rt.broadcast(T_ROOM_BROADCAST, [room, text])


def runtime_of(node, create: bool = True):
    """The `NodeRuntime` attached to actor node `node` (created on first use)."""
    rt = getattr(node, "cluster", None)
    if rt is None and create and node is not None:
        rt = node.cluster = NodeRuntime(node)
        node.exit_hook = rt.on_process_exit
    return rt
