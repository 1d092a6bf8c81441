"""Mesh `Map` module (spec 03 B3): insertion-ordered persistent maps (values.MeshMap)."""

from __future__ import annotations

from ..values import _MISSING, _TOMB, MeshMap as _Map, MeshPanic as _Panic, freeze as _freeze

_ZERO = {int: 0, float: 0.0, bool: False, str: ""}


def new():
    return _Map()


def put(m, k, v):
    return m._put(k, v)


def get(m, k, default=_MISSING):
    """Value for `k`. Missing key: `default` when given (codegen passes 0 / 0.0 / false / ""
    for primitive value types), else the zero of the map's value type if it is primitive,
    else panic `Map.get: key not found`."""
    t = type(k)
    d = m._d
    if d is None:
        d = m._materialize()
    v = d.get(k if (t is str or t is int) else _freeze(k), _MISSING)
    if v is not _MISSING and v is not _TOMB:
        return v
    if default is not _MISSING:
        return default
    for x in m.values():
        z = _ZERO.get(type(x), _MISSING)
        if z is not _MISSING:
            return z
        break
    raise _Panic("Map.get: key not found")


def has_key(m, k):
    return m._has(k)


def delete(m, k):
    return m._delete(k)


def size(m):
    return len(m)


def keys(m):
    return m.keys()


def values(m):
    return m.values()


def merge(a, b):
    out = a
    for k, v in b.items():
        out = out._put(k, v)
    return out


def to_list(m):
    return m.items()


def from_list(pairs):
    return _Map(pairs)


def collect(it):
    return _Map(it)
