"""Mesh `Queue` module (spec 03 B5): persistent FIFO (values.MeshQueue)."""

from __future__ import annotations

from ..values import MeshPanic as _Panic, MeshQueue as _Queue


def new():
    return _Queue()


def push(q, x):
    return q.push(x)


def pop(q):
    f = q._normalized()
    if f is None:
        raise _Panic("mesh_queue_pop: empty queue")
    return (f[0], _Queue(f[1], q.back, q.size - 1))


def peek(q):
    f = q._normalized()
    if f is None:
        raise _Panic("mesh_queue_peek: empty queue")
    return f[0]


def size(q):
    return q.size


def is_empty(q):
    return q.size == 0


def to_list(q):
    return q.to_list()
