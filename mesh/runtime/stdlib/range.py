"""Mesh `Range` module (spec 03 B6): half-open Int ranges."""

from __future__ import annotations

from ..values import MeshRange as _Range


def new(start, end):
    return _Range(start, end)


def length(r):
    n = r.stop - r.start
    return n if n > 0 else 0


def to_list(r):
    return list(range(r.start, r.stop))


def map(r, f):  # noqa: A001
    return [f(i) for i in range(r.start, r.stop)]


def filter(r, pred):  # noqa: A001
    return [i for i in range(r.start, r.stop) if pred(i)]


async def map_async(r, f):
    from .list import map_async as _m

    return await _m(range(r.start, r.stop), f)


async def filter_async(r, pred):
    from .list import filter_async as _f

    return await _f(range(r.start, r.stop), pred)
