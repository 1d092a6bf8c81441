"""`spawn` and the per-iteration `terminate` registration (spec 04 §4, §5)."""

from __future__ import annotations

from .context import current_node, current_proc
from .process import KIND_ACTOR


def _node():
    p = current_proc.get()
    return p.node if p is not None else current_node.get()


def spawn(fn, *args):
    """`spawn(actor, a1, ..., an)`: start `fn(*args)` (a plain or `async def` callable) as a
    new process and return its pid at once. The process name in crash reports is
    `fn._mesh_name` if set, else `fn.__name__`. The child first runs after the spawner
    suspends (§5)."""
    p = current_proc.get()
    node = p.node if p is not None else current_node.get()
    return node.spawn(fn, args)


def spawn_named(fn, args=(), name=None, kind=KIND_ACTOR):
    """`spawn` with an explicit crash-report name and kind (`"actor"`, `"service"`,
    `"supervisor"`, `"job"`)."""
    return _node().spawn(fn, args, name, kind)


def set_terminate(fn, *args) -> None:
    """Register the current actor's `terminate` clause: `fn(*args)` (plain or async) runs
    when the process ends (§4.1). Codegen calls it at the top of each iteration of an actor
    body that has a `terminate` clause, with the iteration's parameter values."""
    p = current_proc.get()
    p.terminate = fn
    p.terminate_args = args
