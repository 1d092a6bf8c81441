"""The global name registry on the wire (spec 07 §9): every node holds a full replica
(`registry.GlobalRegistry`, sans-IO), changes are broadcast, new sessions exchange
snapshots. The Erlang counterpart is `global`."""

from __future__ import annotations

from ..runtime.actors.pid import NULL_PID
from .frames import T_GLOBAL_REGISTER, T_GLOBAL_SYNC, T_GLOBAL_UNREGISTER, FrameTable
from .pids import NONODE
from .registry import GlobalRegistry
from .session import log


class GlobalNames:
    def __init__(self, rt):
        self.rt = rt
        self.registry = GlobalRegistry()

    def register_frames(self, table: FrameTable) -> None:
        table.register(T_GLOBAL_REGISTER, self._on_register)
        table.register(T_GLOBAL_UNREGISTER, self._on_unregister)
        table.register(T_GLOBAL_SYNC, self._on_sync)

    # ---------------------------------------------------------------- Global API

    def register(self, name, pid) -> int:
        rt = self.rt
        e = self.registry.register(name, pid, rt.name if rt.started else NONODE)
        if e is None:
            return 1
        rt.broadcast(T_GLOBAL_REGISTER, [name, pid, e.owner, e.clock])
        return 0

    def whereis(self, name):
        pid = self.registry.whereis(name)
        return NULL_PID if pid is None else pid

    def unregister(self, name) -> int:
        e = self.registry.unregister(name)
        if e is None:
            return 1
        self.rt.broadcast(T_GLOBAL_UNREGISTER, [name, e.pid])
        return 0

    # ---------------------------------------------------------------- lifecycle

    def session_up(self, s) -> None:
        """Snapshot to a new peer; its `Node.connect` returns when ours arrived there."""
        s.send(T_GLOBAL_SYNC, self.rt.codec.encode([[list(e) for e in self.registry.snapshot()]]))

    def process_exited(self, p) -> None:
        reg = self.registry
        if reg.by_pid:
            for n in reg.remove_pid(p.pid):
                self.rt.broadcast(T_GLOBAL_UNREGISTER, [n, p.pid])

    def node_down(self, name: str) -> None:
        for n, pid in self.registry.remove_owner(name):
            self.rt.broadcast(T_GLOBAL_UNREGISTER, [n, pid])

    # ---------------------------------------------------------------- incoming frames

    def _on_register(self, s, name, pid, owner, clock):
        self.registry.apply_register(name, pid, owner, clock)
        self._flush_log()

    def _on_unregister(self, s, name, pid):
        self.registry.apply_unregister(name, pid)

    def _on_sync(self, s, entries):
        for name, pid, owner, clock in entries:
            self.registry.apply_register(name, pid, owner, clock)
        self._flush_log()
        s.synced.set()

    def _flush_log(self):
        lines = self.registry.log
        if lines:
            self.registry.log = []
            for ln in lines:
                log(ln)
