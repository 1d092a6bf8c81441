"""Mesh `Iter` module (spec 03 B9): lazy, stateful, single-use iterators (values.MeshIter)."""

from __future__ import annotations

import builtins as _bi
import itertools as _it

from ..ops import wrap as _wrap
from ..values import NONE as _NONE, MeshIter as _Iter, MeshMap as _Map, Some as _Some


def _pull(it):
    """The Python iterator behind `it`: an `Iter`, or a user `Iterable`/`Iterator` value
    (their impls give the class `__iter__`, mesh/runtime/impls.py)."""
    return it.it if type(it) is _Iter else _bi.iter(it)


def from_(src):
    if type(src) is _Map:
        return _Iter(_bi.iter(src.items()))
    if type(src) is _Iter:
        return src
    return _Iter(_bi.iter(src))


def iter(src):  # noqa: A001  (Iterable.iter on built-in collections)
    return from_(src)


def next(it):  # noqa: A001
    for x in _pull(it):
        return _Some(x)
    return _NONE


def map(it, f):  # noqa: A001
    return _Iter(f(x) for x in _pull(it))


def filter(it, pred):  # noqa: A001
    return _Iter(x for x in _pull(it) if pred(x))


def take(it, n):
    if n <= 0:
        return _Iter(_bi.iter(()))
    return _Iter(_it.islice(_pull(it), n))


def skip(it, n):
    if n <= 0:
        return it
    return _Iter(_it.islice(_pull(it), n, None))


def enumerate(it):  # noqa: A001
    return _Iter(_bi.enumerate(_pull(it)))


def zip(a, b):  # noqa: A001
    return _Iter(_bi.zip(_pull(a), _pull(b)))


def count(it):
    n = 0
    for _ in _pull(it):
        n += 1
    return n


def sum(it):  # noqa: A001
    total = 0
    for x in _pull(it):
        total = _wrap(total + x)
    return total


def any(it, pred):  # noqa: A001
    for x in _pull(it):
        if pred(x):
            return True
    return False


def all(it, pred):  # noqa: A001
    for x in _pull(it):
        if not pred(x):
            return False
    return True


def find(it, pred):
    for x in _pull(it):
        if pred(x):
            return _Some(x)
    return _NONE


def reduce(it, init, f):
    acc = init
    for x in _pull(it):
        acc = f(acc, x)
    return acc


# Async terminals (callbacks that may suspend). Adapters stay synchronous.
from ..coro import CORO_TYPE as _Coro  # noqa: E402


async def _call(f, *args):
    r = f(*args)
    if type(r) is _Coro:
        r = await r
    return r


async def any_async(it, pred):
    for x in _pull(it):
        if await _call(pred, x):
            return True
    return False


async def all_async(it, pred):
    for x in _pull(it):
        if not await _call(pred, x):
            return False
    return True


async def find_async(it, pred):
    for x in _pull(it):
        if await _call(pred, x):
            return _Some(x)
    return _NONE


async def reduce_async(it, init, f):
    acc = init
    for x in _pull(it):
        acc = await _call(f, acc, x)
    return acc
