"""Process identifiers (spec 04 §3, 07 §7.1).

A `Pid` is created once per process and compared by identity (`==` is `is`), so it is
cheap to hash and to use as a Map key. Local pids carry a direct reference to their
process record (`_proc`), which makes `send` a pointer chase instead of a table lookup.

Remote pids (distribution, later wave) are `Pid` objects whose `_proc` is `None` and whose
`node` is a remote-node handle providing `route_send(pid, msg)`, `index` and `creation`;
the decoder must intern them (one object per (node, id, creation)) so identity equality
keeps working. The null pid `<0.0>` has `_proc = None` and `node = None`.
"""

from __future__ import annotations


class Pid:
    __slots__ = ("id", "_proc", "node", "__weakref__")

    def __init__(self, id_, proc, node):
        self.id = id_
        self._proc = proc
        self.node = node

    # Equality/hash: identity (object defaults).

    def is_local(self) -> bool:
        n = self.node
        return n is None or getattr(n, "is_local", True)

    def _mesh_display(self) -> str:
        n = self.node
        if n is None or n.is_local:
            return f"<0.{self.id}>"
        return f"<{n.index}.{self.id}.{n.creation}>"

    _mesh_debug = _mesh_display

    def __repr__(self) -> str:
        return self._mesh_display()

    __str__ = __repr__

    def __reduce__(self):  # pids are never pickled (wire format is msgpack, DESIGN §3.7)
        raise TypeError("Pid values cannot be pickled")


NULL_PID = Pid(0, None, None)
"""`<0.0>`: never a live process; sends to it are dropped (spec 04 §3, §13)."""
