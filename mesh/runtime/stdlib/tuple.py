"""Mesh `Tuple` module (spec 03 B7)."""

from __future__ import annotations

from ..values import MeshPanic as _Panic


def first(t):
    if len(t) < 1:
        raise _Panic(f"mesh_tuple_nth: index 0 out of bounds (len {len(t)})")
    return t[0]


def second(t):
    if len(t) < 2:
        raise _Panic(f"mesh_tuple_nth: index 1 out of bounds (len {len(t)})")
    return t[1]


def nth(t, i):
    if i < 0 or i >= len(t):
        raise _Panic(f"mesh_tuple_nth: index {i} out of bounds (len {len(t)})")
    return t[i]


def size(t):
    return len(t)
