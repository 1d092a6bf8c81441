"""Mesh `Set` module (spec 03 B4): insertion-ordered persistent sets (values.MeshSet)."""

from __future__ import annotations

from ..values import MeshSet as _Set


def new():
    return _Set()


def add(s, x):
    return s.add(x)


def remove(s, x):
    return s._delete(x)


def contains(s, x):
    return s._has(x)


def size(s):
    return len(s)


def union(a, b):
    out = a
    for x in b.to_list():
        out = out.add(x)
    return out


def intersection(a, b):
    return _Set(x for x in a.to_list() if b._has(x))


def difference(a, b):
    return _Set(x for x in a.to_list() if not b._has(x))


def to_list(s):
    return s.to_list()


def from_list(xs):
    return _Set(xs)


def collect(it):
    return _Set(it)
