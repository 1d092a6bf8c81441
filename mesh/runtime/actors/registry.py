"""Node-local named registration (spec 04 §13)."""

from __future__ import annotations

from .context import current_node, current_proc
from .pid import NULL_PID


def _node():
    p = current_proc.get()
    return p.node if p is not None else current_node.get()


def register(name, pid) -> int:
    """`Process.register(name, pid)`: `0` on success; `1` if `name` is held by a live process,
    or `pid` is the null pid / not alive."""
    q = pid._proc
    if q is None or not q.alive:
        return 1
    node = q.node
    held = node.names.get(name)
    if held is not None and held.alive:
        return 1
    node.names[name] = q
    if q.names is None:
        q.names = [name]
    else:
        q.names.append(name)
    return 0


def whereis(name):
    """`Process.whereis(name)`: the registered pid, or the null pid `<0.0>`."""
    q = _node().names.get(name)
    if q is None or not q.alive:
        return NULL_PID
    return q.pid


def unregister(name) -> int:
    """Runtime helper (no Mesh surface: spec 04 §13 has no local unregister). `0` if the
    name was held, `1` otherwise."""
    node = _node()
    q = node.names.pop(name, None)
    if q is None:
        return 1
    if q.names is not None and name in q.names:
        q.names.remove(name)
    return 0
