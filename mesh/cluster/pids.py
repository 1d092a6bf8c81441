"""Pids across nodes (spec 07 §7.1): the `pid.node` handles of remote and dead pids, and
the table that turns pids into wire triples `[node name, creation, id]` and back."""

from __future__ import annotations

import weakref

from ..runtime.actors.pid import NULL_PID, Pid
from ..runtime.actors.process import DOWN, NOPROC, Notice
from ..runtime.actors.service import _Cast
from . import service_calls

NONODE = "nonode@nohost"


class NodeRef:
    """`pid.node` of a remote pid: one per (node name, creation), interned by `PidTable`.
    Sends, links and monitors on the pid are routed to the remote-process component."""

    __slots__ = ("procs", "name", "creation", "index")
    is_local = False

    def __init__(self, procs, name: str, creation: int, index: int):
        self.procs = procs
        self.name = name
        self.creation = creation
        self.index = index

    def route_send(self, pid, msg):
        if type(msg) is _Cast:  # a service cast (service_calls.py)
            service_calls.cast(self.procs.rt, pid, msg.tag, msg.args)
            return
        self.procs.remote_send(self, pid, msg)

    async def route_call(self, pid, tag, args, timeout_ms):
        """A service call to a process of this node (service_calls.py)."""
        return await service_calls.call(self.procs.rt, pid, tag, args, timeout_ms)

    def route_link(self, cur, pid):
        self.procs.remote_link(cur, pid)

    def route_monitor(self, cur, pid, ref):
        self.procs.remote_monitor(cur, pid, ref)

    def __repr__(self):
        return f"<NodeRef {self.name} #{self.index} c{self.creation}>"


class StaleRef:
    """`pid.node` of a dead pid: a previous incarnation of this node, an unknown local id or
    a failed remote spawn. Sends are dropped, links do nothing, monitors fire `noproc`."""

    __slots__ = ("name", "creation")
    is_local = True
    index = 0

    def __init__(self, name: str, creation: int):
        self.name = name
        self.creation = creation

    def route_send(self, pid, msg):
        pass

    def route_link(self, cur, pid):
        pass

    def route_monitor(self, cur, pid, ref):
        if cur is not None and cur.alive:
            cur.node.deliver(cur, Notice((DOWN, ref, pid, NOPROC)))


class PidTable:
    """The pid context of the codec (`pid_to_wire`/`pid_from_wire`). Remote pids are
    interned weakly per (name, creation, id) so equal pids decode to one object; local pids
    that went out are remembered weakly so they come back as the same object."""

    def __init__(self, rt):
        self.rt = rt  # name, creation, node, procs: read at call time (set by `start`)
        self.node_index: dict[str, int] = {}
        self.refs: dict[tuple, NodeRef] = {}
        self.remote = weakref.WeakValueDictionary()  # (name, creation, id) -> remote Pid
        self.local = weakref.WeakValueDictionary()  # id -> local Pid that went out
        self.stale = StaleRef(NONODE, -1)

    @property
    def wire_final(self) -> bool:
        """Pids encode the same way from now on (the codec may cache their encoding): the
        node has started, so its name and creation are fixed (a node starts once)."""
        return self.rt.started

    def index_of(self, name: str) -> int:
        i = self.node_index.get(name)
        if i is None:
            i = self.node_index[name] = len(self.node_index) + 1
        return i

    def ref(self, name: str, creation: int) -> NodeRef:
        r = self.refs.get((name, creation))
        if r is None:
            r = NodeRef(self.rt.procs, name, creation, self.index_of(name))
            self.refs[(name, creation)] = r
        return r

    def pid_to_wire(self, pid):
        n = pid.node
        rt = self.rt
        if n is rt.node:
            # Register the pid only when it is not there yet: a weak-dict store builds a
            # weak reference on every call, and a reply names the same pid each time.
            id_ = pid.id
            ref = self.local.data.get(id_)
            if ref is None or ref() is not pid:
                self.local[id_] = pid
            return [rt.name, rt.creation, id_]
        if n is None:
            return ["", 0, 0]
        return [n.name, n.creation, pid.id]

    def pid_from_wire(self, name, creation, id_):
        if id_ == 0 and name == "":
            return NULL_PID
        rt = self.rt
        key = (name, creation, id_)
        if name == rt.name:
            if creation == rt.creation:
                p = rt.node.procs.get(id_)
                if p is not None:
                    return p.pid
                pid = self.local.get(id_)
                if pid is not None:
                    return pid
            pid = self.remote.get(key)
            if pid is None:
                pid = self.remote[key] = Pid(id_, None, StaleRef(name, creation))
            return pid
        pid = self.remote.get(key)
        if pid is None:
            pid = self.remote[key] = Pid(id_, None, self.ref(name, creation))
        return pid

    def dead_pid(self):
        """A pid naming no process (failed remote spawn, §7.2)."""
        return Pid(0, None, self.stale)
