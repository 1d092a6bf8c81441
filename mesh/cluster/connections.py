"""Connections (spec 07 §3–§5, §10): the listener, accept and dial, the TLS + cookie
handshake, admission of a peer's incarnation, session registration (simultaneous connects,
transitive mesh) and the end of a session. The Erlang counterpart is `net_kernel` +
`dist_util`.

The membership table is `rt.sessions` (`{advertised name: Session}`): other components
read it, only this one adds and removes transports; the facade runs the disconnect
procedure (`rt.node_down`) when a registered session ends.
"""

from __future__ import annotations

import socket

import trio

from ..runtime.memory import BurstReclaimer
from ..runtime.netutil import AcceptBackoff
from . import operator
from .frames import (
    T_NODE_INFO,
    T_OPERATOR_QUERY,
    T_OPERATOR_REPLY,
    T_PEER_LIST,
    T_PING,
    T_PONG,
    T_REDUNDANT,
    FrameTable,
)
from .framing import FrameDecoder, FrameTooLarge, encode_frame
from .handshake import NAME_IN_USE, Handshake, cert_binding
from .handshake_io import run_handshake
from .names import NodeNameError, parse_node_name
from .route_link import RouteClient, is_route_client
from .session import Session, log
from .tls import SERVER_NAME
from .transport import TlsStream

HANDSHAKE_DEADLINE = 10.0
CONNECT_TIMEOUT = 5.0
FLUSH_TIMEOUT = 2.0
PROBE_TIMEOUT = 5.0  # a live session answers a PING well within this, even under load
RESERVED_NAME = "reserved node name"  # REJECT: a member may not use a transient basename
SERVED = "served"  # `_authenticate`: a transient client was answered and closed


def bind_listener(host: str, port: int) -> socket.socket:
    """A listening, non-blocking socket on (host, port); raises OSError."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
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
    return sock


def _no_log(line: str) -> None:
    pass


class Connections:
    def __init__(self, rt):
        self.rt = rt
        self.listener = None
        self.connecting: dict[str, trio.Event] = {}
        self._reclaimer = BurstReclaimer()  # memory back to the OS after handshake floods

    def register_frames(self, table: FrameTable) -> None:
        for tag, h in (
            (T_PEER_LIST, self._on_peer_list),
            (T_NODE_INFO, self._on_node_info),
            (T_PING, self._on_ping),
            (T_PONG, self._on_pong),
            (T_REDUNDANT, self._on_redundant),
        ):
            table.register(tag, h)

    def serve(self, sock: socket.socket) -> None:
        self.listener = trio.SocketListener(trio.socket.from_stdlib_socket(sock))
        self.rt.node.sys_nursery.start_soon(self._accept_loop, name="mesh-node-listener")

    async def flush_at_exit(self) -> None:
        with trio.move_on_after(FLUSH_TIMEOUT):
            for s in list(self.rt.sessions.values()):
                await s.wait_drained(0)

    async def contained(self, fn, *args) -> None:
        """Run a connection's task in the system nursery, where an escaping error would end
        the program: whatever one connection does wrong ends that connection only."""
        try:
            await fn(*args)
        except Exception as e:
            log(f"mesh node: connection task failed: {type(e).__name__}: {e}")

    # ---------------------------------------------------------------- accept

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
                self.rt.node.sys_nursery.start_soon(self.contained, self._accept_conn, stream)
        finally:
            listener.socket.close()

    async def _accept_conn(self, tcp):
        self._reclaimer.opened()
        session = None
        try:
            session = await self._authenticate(tcp)
        finally:
            self._reclaimer.closed(failed=session is None)
        if isinstance(session, RouteClient):  # a clustered HTTP route's ingress (§11.6)
            await self.rt.routes.serve(session.tls, session.leftover)
            return
        if not isinstance(session, Session):  # failed, or a transient client was served
            return
        if self._register(session):
            await session.run()
        else:
            await _close_unregistered(session)

    async def _authenticate(self, tcp):
        """TLS + cookie handshake under the 10 s deadline; the session, `SERVED` (a
        transient client got its answer and was closed), a `RouteClient` (to be served
        after the deadline) or None (failed, closed)."""
        rt = self.rt
        tls = None
        session = None
        served = False
        with trio.move_on_after(HANDSHAKE_DEADLINE):
            try:
                tls = TlsStream(tcp, rt.tls.server_ctx, server_side=True)
                await tls.do_handshake()
                hs = Handshake(
                    "acceptor",
                    rt.name,
                    rt.creation,
                    rt._cookie,
                    cert_binding(rt.tls.cert_der),
                    defer_accept=True,
                )
                if await run_handshake(tls, hs):
                    transient = operator.is_operator(hs.peer_name, hs.peer_creation)
                    route = is_route_client(hs.peer_name, hs.peer_creation)
                    if transient or route:
                        hs.accept()
                    elif operator.is_reserved(hs.peer_name):
                        hs.reject(RESERVED_NAME)
                    elif await self._admit(hs.peer_name, hs.peer_creation):
                        hs.accept()
                    else:
                        hs.reject(NAME_IN_USE)
                    await tls.send_all(hs.data_to_send())
                    if hs.done and transient:
                        served = await self._serve_operator(tls, hs.leftover)
                    elif hs.done and route:
                        session = RouteClient(tls, hs.leftover)
                    elif hs.done:
                        session = Session(
                            rt, tls, hs.peer_name, hs.peer_creation, False, hs.leftover
                        )
                elif hs.log:
                    log(f"mesh node: {hs.log}")
            except (trio.BrokenResourceError, trio.ClosedResourceError, OSError, FrameTooLarge):
                pass
        if session is None:
            with trio.CancelScope(shield=True):
                await trio.aclose_forcefully(tls if tls is not None else tcp)
        return SERVED if served else session

    async def _serve_operator(self, tls, leftover: bytes) -> bool:
        """One `OPERATOR_QUERY` → one `OPERATOR_REPLY` (§11.9); True once answered."""
        dec = FrameDecoder(operator.QUERY_LIMIT)
        frames = dec.feed(leftover)
        while not frames:
            data = await tls.receive_some(4096)
            if not data:
                return False
            frames = dec.feed(data)
        frame = frames[0]
        if not frame or frame[0] != T_OPERATOR_QUERY:
            return False
        rt = self.rt
        try:
            kind, arg = rt.codec.decode(memoryview(frame)[1:])
            reply = operator.answer(operator.NodeView(rt.name, rt.list(), rt.cont.store), kind, arg)
        except Exception as e:  # a malformed query is answered, not fatal
            reply = (False, f"malformed query: {type(e).__name__}")
        body = rt.codec.encode(list(reply))
        await tls.send_all(encode_frame(bytes([T_OPERATOR_REPLY]) + body))
        return True

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
        sessions = self.rt.sessions
        while True:
            old = sessions.get(name)
            if old is None or old.peer_creation == creation:
                return True
            if old.alive:
                if await old.probe(PROBE_TIMEOUT):
                    log(
                        f"mesh node: refused {name} (creation {creation}): name in use by "
                        f"a connected node (creation {old.peer_creation})"
                    )
                    return False
                if old.alive:
                    log(
                        f"mesh node: {name} (creation {old.peer_creation}) did not answer; "
                        f"replaced by creation {creation}"
                    )
                    old.end_reason = "replaced by a new incarnation"
                    old.close()
            await old.ended.wait()

    # ---------------------------------------------------------------- dial

    async def connect(self, name: str, quiet: bool = False) -> int:
        """`Node.connect`: 0 ok / -1 not started / -2 TCP connect failed / -3 TLS or
        handshake failed (also: bad name). `quiet`: discovery reports failures itself."""
        rt = self.rt
        if not rt.started:
            return -1
        try:
            _b, host, port = parse_node_name(name)
        except NodeNameError:
            return -3
        if name == rt.name:
            return 0
        while True:
            s = rt.sessions.get(name)
            if s is not None and s.alive:
                return 0
            ev = self.connecting.get(name)
            if ev is None:
                break
            await ev.wait()  # someone else is dialing: share the outcome
            s = rt.sessions.get(name)
            if s is not None and s.alive:
                return 0
        ev = self.connecting[name] = trio.Event()
        try:
            return await self._dial(name, host, port, quiet)
        finally:
            del self.connecting[name]
            ev.set()

    async def _dial(self, name, host, port, quiet=False) -> int:
        rt = self.rt
        say = _no_log if quiet else log
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        deadline = trio.current_time() + HANDSHAKE_DEADLINE
        tls = None
        session = None
        with trio.CancelScope(deadline=deadline) as cs:
            try:
                with trio.fail_after(CONNECT_TIMEOUT):
                    tcp = await trio.open_tcp_stream(host, port)
            except (OSError, trio.TooSlowError) as e:
                say(f"mesh node: connect to {name} failed: {type(e).__name__}: {e}")
                return -2
            try:
                tls = TlsStream(
                    tcp, rt.tls.client_ctx, server_side=False, server_hostname=SERVER_NAME
                )
                await tls.do_handshake()
                der = tls.getpeercert(binary_form=True)
                hs = Handshake("initiator", rt.name, rt.creation, rt._cookie, cert_binding(der))
                if not await run_handshake(tls, hs):
                    say(f"mesh node: handshake with {where} failed: {hs.error}")
                elif await self._admit(hs.peer_name, hs.peer_creation):
                    session = Session(rt, tls, hs.peer_name, hs.peer_creation, True, hs.leftover)
            except (trio.BrokenResourceError, trio.ClosedResourceError, OSError) as e:
                say(f"mesh node: handshake with {where} failed: {type(e).__name__}")
        if cs.cancelled_caught and session is None:
            say(f"mesh node: handshake with {where} failed: timeout")
        if session is None:
            with trio.CancelScope(shield=True):
                await trio.aclose_forcefully(tls if tls is not None else tcp)
            return -3
        if session.peer_name != name:  # dialed by address (discovery): remember who answered
            rt.dialed_as[name] = session.peer_name
        if not self._register(session):
            await _close_unregistered(session)
            return 0 if session.replaced else -3
        rt.node.sys_nursery.start_soon(self.contained, session.run, name="mesh-node-session")
        with trio.move_on_at(deadline):
            await session.synced.wait()
        return 0

    async def _bg_connect(self, name):
        rt = self.rt
        if name in rt.sessions or name in self.connecting or name == rt.name:
            return
        await self.connect(name)

    # ---------------------------------------------------------------- membership

    def _register(self, s: Session) -> bool:
        """Register an authenticated session under the advertised name (§5). False if it is
        the redundant one of a simultaneous connect."""
        rt = self.rt
        name = s.peer_name
        old = rt.sessions.get(name)
        if old is not None and old.alive:
            if old.peer_creation != s.peer_creation:  # another incarnation won `_admit`
                s.alive = False
                return False
            if old.outgoing != s.outgoing:
                keep_outgoing = rt.name.encode() < name.encode()
                if s.outgoing != keep_outgoing:
                    s.replaced = True
                    s.alive = False
                    return False
            old.replaced = True  # its end must not run the disconnect procedure
            rt.node.sys_nursery.start_soon(old.close_redundant)
            rt.sessions[name] = s
        else:
            rt.sessions[name] = s
            rt.pids.index_of(name)
        rt.session_up(s)
        return True

    def send_peer_list(self, s: Session) -> None:
        name = s.peer_name
        s.send(T_PEER_LIST, self.rt.codec.encode([[n for n in self.rt.sessions if n != name]]))

    def session_ended(self, s: Session) -> None:
        """Called by the session task once (after its tasks stopped)."""
        for ev_res in s.pending.values():
            ev_res[1] = (False, "connection lost")
            ev_res[0].set()
        s.pending.clear()
        rt = self.rt
        if rt.sessions.get(s.peer_name) is not s:
            return
        if s.replaced:  # the peer keeps another transport, which registers shortly
            del rt.sessions[s.peer_name]
            return
        rt.node_down(s.peer_name)

    # ---------------------------------------------------------------- incoming frames

    def _on_peer_list(self, s, names):
        rt = self.rt
        for n in names:
            if (
                type(n) is str
                and n != rt.name
                and n not in rt.sessions
                and n not in self.connecting
            ):
                try:
                    parse_node_name(n)
                except NodeNameError:
                    continue
                rt.node.sys_nursery.start_soon(self.contained, self._bg_connect, n)

    def _on_node_info(self, s, role, epoch, fingerprint):
        self.rt.cont.observe_peer(s.peer_name, role, epoch)
        if fingerprint != self.rt.fingerprint():
            log(f"mesh node: build mismatch with {s.peer_name}")

    def _on_redundant(self, s):
        s.replaced = True

    def _on_ping(self, s, nonce):
        s.send(T_PONG, self.rt.codec.encode([nonce]))

    def _on_pong(self, s, nonce):
        ev = s.pings.get(nonce)
        if ev is not None:
            ev.set()


async def _close_unregistered(session: Session) -> None:
    """Close a just-authenticated transport that `_register` refused. If it lost the
    simultaneous-connect rule (§5), tell the peer first so its end does not look like a
    node failure; a transport of another incarnation is simply closed."""
    stream = session.stream
    if session.replaced:
        with trio.move_on_after(1):
            try:
                await stream.send_all(encode_frame(bytes([T_REDUNDANT, 0x90])))
            except (trio.BrokenResourceError, trio.ClosedResourceError, OSError):
                pass
    await trio.aclose_forcefully(stream)
