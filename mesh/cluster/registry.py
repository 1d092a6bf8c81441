"""Global name registry replica (spec 07 §9) — pure logic, no I/O.

Every node holds a full replica `name -> Entry(pid, owner, clock)`. Concurrent registrations
converge: each node keeps a Lamport clock; on conflict the entry with the smaller
`(clock, owner)` wins on every replica. Unregisters carry the pid they remove and are
ignored when the current binding differs.
"""

from __future__ import annotations


class Entry:
    __slots__ = ("pid", "owner", "clock")

    def __init__(self, pid, owner: str, clock: int):
        self.pid = pid
        self.owner = owner
        self.clock = clock

    def key(self):
        return (self.clock, self.owner)

    def __repr__(self):
        return f"Entry({self.pid}, {self.owner!r}, {self.clock})"


class GlobalRegistry:
    def __init__(self):
        self.entries: dict[str, Entry] = {}
        self.clock = 0
        self.log = []  # conflict lines not yet written (the runtime drains it)
        self.by_pid: dict = {}  # pid -> set of names (exit cleanup without a scan)

    def _put(self, name, e):
        old = self.entries.get(name)
        if old is not None:
            self._unindex(name, old.pid)
        self.entries[name] = e
        self.by_pid.setdefault(e.pid, set()).add(name)

    def _unindex(self, name, pid):
        s = self.by_pid.get(pid)
        if s is not None:
            s.discard(name)
            if not s:
                del self.by_pid[pid]

    def _del(self, name):
        e = self.entries.pop(name, None)
        if e is not None:
            self._unindex(name, e.pid)
        return e

    # ---------------------------------------------------------------- local API

    def register(self, name: str, pid, owner: str) -> Entry | None:
        """Local `Global.register`: the new entry (to broadcast), or None (`1`)."""
        if not name or name in self.entries:
            return None
        self.clock += 1
        e = Entry(pid, owner, self.clock)
        self._put(name, e)
        return e

    def whereis(self, name: str):
        e = self.entries.get(name)
        return None if e is None else e.pid

    def unregister(self, name: str) -> Entry | None:
        return self._del(name)

    # ---------------------------------------------------------------- replication

    def apply_register(self, name: str, pid, owner: str, clock: int) -> bool:
        """Merge a remote entry (GLOBAL_REGISTER or one GLOBAL_SYNC item). True when the
        local binding changed."""
        self.clock = max(self.clock, clock) + 1
        if not name:
            return False
        cur = self.entries.get(name)
        new = Entry(pid, owner, clock)
        if cur is None:
            self._put(name, new)
            return True
        if cur.key() == new.key():
            return False
        if new.key() < cur.key():
            self._put(name, new)
            self.log.append(
                f"mesh global: name conflict name={name} kept={owner} dropped={cur.owner}"
            )
            return True
        self.log.append(f"mesh global: name conflict name={name} kept={cur.owner} dropped={owner}")
        return False

    def apply_unregister(self, name: str, pid) -> bool:
        cur = self.entries.get(name)
        if cur is None or cur.pid is not pid:
            return False
        self._del(name)
        return True

    def snapshot(self) -> list:
        return [(n, e.pid, e.owner, e.clock) for n, e in self.entries.items()]

    # ---------------------------------------------------------------- cleanup

    def remove_pid(self, pid) -> list[str]:
        names = self.by_pid.get(pid)
        if not names:
            return []
        names = sorted(names)
        for n in names:
            self._del(n)
        return names

    def remove_owner(self, owner: str) -> list[tuple[str, object]]:
        gone = [(n, e.pid) for n, e in self.entries.items() if e.owner == owner]
        for n, _ in gone:
            self._del(n)
        return gone
