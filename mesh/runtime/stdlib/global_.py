"""Mesh `Global` module (spec 07 §9): the cluster-wide name registry (plain calls)."""

from __future__ import annotations

from ...cluster.runtime import runtime_of
from ..actors.context import current_node, current_proc
from ..actors.pid import NULL_PID


def _rt():
    p = current_proc.get()
    node = p.node if p is not None else current_node.get()
    return runtime_of(node) if node is not None else None


def register(name, pid):
    """`Global.register(name, pid) -> Int`: 0 ok; 1 name present locally or empty."""
    rt = _rt()
    if rt is None:
        return 1
    return rt.global_register(name, pid)


def whereis(name):
    """`Global.whereis(name) -> Pid`: local replica lookup; the null pid when unknown."""
    rt = _rt()
    if rt is None:
        return NULL_PID
    return rt.global_whereis(name)


def unregister(name):
    """`Global.unregister(name) -> Int`: 0 removed; 1 not found."""
    rt = _rt()
    if rt is None:
        return 1
    return rt.global_unregister(name)
