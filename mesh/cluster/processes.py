"""Remote processes (spec 07 §7, §7.5, §12): send, link, monitor and spawn across nodes,
node monitors, and their part of the disconnect procedure (§10). The Erlang counterpart is
the distribution side of `erlang:send/link/monitor` plus `net_kernel`'s `monitor_node`.

State is touched on the Trio thread only; sessions are looked up in `rt.sessions`.
"""

from __future__ import annotations

import itertools

import trio

from ..runtime.actors import context as _ctx
from ..runtime.actors.process import (
    DOWN,
    NOCONNECTION,
    NODEDOWN,
    NOPROC,
    Crash,
    ExitSignal,
    Notice,
    is_abnormal,
    killable_wait,
    reason_text,
)
from ..runtime.values import MeshPanic
from . import program
from .codec import EncodeError
from .frames import (
    T_DEMONITOR,
    T_EXIT,
    T_LINK,
    T_MONITOR,
    T_MONITOR_EXIT,
    T_SEND,
    T_SPAWN,
    T_SPAWN_REPLY,
    T_UNLINK,
    FrameTable,
)
from .names import NodeNameError, parse_node_name
from .session import HIGH_WATER, log

SPAWN_TIMEOUT = 5.0


def _reason_wire(reason):
    return [reason_text(reason), type(reason) is Crash]


def _reason_from(v):
    text, crash = v
    return Crash(text) if crash else str(text)


class _RemoteMonitors:
    """Stands in `proc.monitoring[ref]` for a monitor on a remote pid, so the actor runtime's
    `demonitor` and exit cleanup (`target.monitors.pop(ref, None)`) reach the peer."""

    __slots__ = ("procs",)

    def __init__(self, procs):
        self.procs = procs

    @property
    def monitors(self):
        return self

    def pop(self, ref, default=None):
        self.procs.demonitor(ref)
        return default


class RemoteProcesses:
    def __init__(self, rt):
        self.rt = rt
        self.node = rt.node
        self.rlinks: dict = {}  # local Proc -> set of remote Pids it is linked to
        self.mon_out: dict = {}  # ref -> (watcher Proc, remote Pid)
        self.watchers: dict = {}  # local Proc -> {(peer, ref): remote watcher Pid}
        self.node_monitors: dict[str, list] = {}
        self.req_ids = itertools.count(1)
        self._mon_proxy = _RemoteMonitors(self)

    def register_frames(self, table: FrameTable) -> None:
        for tag, h in (
            (T_SEND, self._on_send),
            (T_LINK, self._on_link),
            (T_UNLINK, self._on_unlink),
            (T_EXIT, self._on_exit),
            (T_MONITOR, self._on_monitor),
            (T_DEMONITOR, self._on_demonitor),
            (T_MONITOR_EXIT, self._on_monitor_exit),
            (T_SPAWN, self._on_spawn),
            (T_SPAWN_REPLY, self._on_spawn_reply),
        ):
            table.register(tag, h)

    # ---------------------------------------------------------------- sessions

    def _live_session(self, ref):
        s = self.rt.sessions.get(ref.name)
        if s is None or s.peer_creation != ref.creation:
            return None
        return s

    def _unreachable_reason(self, ref):
        """Why a pid cannot be reached (spec 07 §7.1, §7.4): a pid of an earlier incarnation
        of a node that is connected now is stale (`noproc`); otherwise `noconnection`."""
        s = self.rt.sessions.get(ref.name)
        return NOPROC if s is not None and s.peer_creation != ref.creation else NOCONNECTION

    def _send(self, s, tag: int, fields) -> None:
        s.send(tag, self.rt.codec.encode(fields))

    def exit_signal(self, p, frm, reason) -> None:
        if p.trap_exit:
            self.node.deliver(p, ExitSignal(frm, reason))
        elif is_abnormal(reason):
            self.node.kill(p, reason)

    # ---------------------------------------------------------------- outgoing

    def remote_send(self, ref, pid, msg) -> None:
        s = self.rt.sessions.get(ref.name)
        if s is None or s.peer_creation != ref.creation:
            return
        try:
            body = self.rt.codec.encode([pid.id, ref.creation, msg])
        except EncodeError as e:
            raise MeshPanic(e.message) from None
        s.send(T_SEND, body)
        if s.out_bytes > HIGH_WATER:
            p = _ctx.current_proc.get()
            if p is not None:
                _pressured[p] = s

    def remote_link(self, cur, pid) -> None:
        if cur is None or not cur.alive:
            return
        s = self._live_session(pid.node)
        if s is None:
            self.exit_signal(cur, pid, self._unreachable_reason(pid.node))
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

    def demonitor(self, ref) -> None:
        e = self.mon_out.pop(ref, None)
        if e is None:
            return
        w, pid = e
        s = self._live_session(pid.node)
        if s is not None:
            self._send(s, T_DEMONITOR, [pid, w.pid, ref])

    def monitor_node(self, cur, name: str) -> int:
        if not self.rt.started or not name or cur is None:
            return 1
        self.node_monitors.setdefault(name, []).append(cur)
        if name not in self.rt.sessions:
            cur.node.deliver(cur, Notice((NODEDOWN, name)))
        return 0

    def process_exited(self, p, reason) -> None:
        """EXIT to remote links, MONITOR_EXIT to remote watchers (§7.4)."""
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
            sessions = self.rt.sessions
            for (peer, ref), wpid in ws.items():
                s = sessions.get(peer)
                if s is not None:
                    self._send(s, T_MONITOR_EXIT, [p.pid, wpid, ref, text])
        _pressured.pop(p, None)

    def node_down(self, name: str) -> None:
        """§10 steps 2–4 for a lost node: links, monitors, node monitors."""
        node = self.node
        for p, rps in list(self.rlinks.items()):
            for rp in [rp for rp in rps if rp.node.name == name]:
                rps.discard(rp)
                if p.alive:
                    self.exit_signal(p, rp, NOCONNECTION)
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

    # ---------------------------------------------------------------- spawn (§7.2)

    async def spawn(self, cur, node_name: str, fname: str, args: tuple, link: bool):
        rt = self.rt
        reason = None
        value = None
        try:
            parse_node_name(node_name)
        except NodeNameError:
            reason = "invalid node name"
        if reason is None and not rt.started:
            reason = "node not started"
        if reason is None and node_name == rt.name:
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
                rt.codec.encode(list(args))  # refuse bad args before anything
            except EncodeError as e:
                raise MeshPanic(e.message) from None
            for attempt in range(2):
                s = rt.sessions.get(node_name)
                if s is None or not s.alive:
                    if attempt == 1 and reason is not None and reason != "connection lost":
                        break
                    rc = await rt.connect(node_name)
                    s = rt.sessions.get(node_name)
                    if rc != 0 or s is None:
                        reason = "cannot connect"
                        break
                req = next(self.req_ids)
                slot = [trio.Event(), None]
                s.pending[req] = slot
                self._send(
                    s,
                    T_SPAWN,
                    [req, fname, list(args), cur.pid if (link and cur is not None) else None],
                )
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
        dead = rt.pids.dead_pid()
        if link and cur is not None and cur.alive:
            self.exit_signal(cur, dead, NOPROC)
        return dead

    # ---------------------------------------------------------------- incoming frames

    def _on_send(self, s, id_, creation, msg):
        if creation == self.rt.creation:
            p = self.node.procs.get(id_)
            if p is not None:
                self.node.deliver(p, msg)

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
        self.exit_signal(p, frm, _reason_from(reason))

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


# ------------------------------------------------------------------------------------------
# Backpressure (§12): a process that pushed an outbox past 8 MiB waits at its next
# reduction check until the outbox drained below the mark.

_pressured: dict = {}
pressured = _pressured  # for the actor runtime's reduction check (context.pressured)


async def pressure_wait() -> None:
    """`mesh.runtime.actors.context.pressure_hook` once a node started."""
    if not _pressured:
        return
    p = _ctx.current_proc.get()
    s = _pressured.pop(p, None) if p is not None else None
    if s is not None:
        await killable_wait(p, s.wait_drained)
