"""Mesh `List` module (spec 03 B2). Lists are Python lists, never mutated, or `ListView`
suffixes of one (`tail`, `drop`, `h :: t`: O(1), see mesh/runtime/list_view.py)."""

from __future__ import annotations

import builtins as _bi
import functools as _ft

from ..list_view import rest as _rest
from ..values import NONE as _NONE, MeshPanic as _Panic, Some as _Some


def new():
    return []


def length(xs):
    return len(xs)


def append(xs, x):
    return [*xs, x]


def concat(a, b):
    return a + b


def head(xs):
    if not xs:
        raise _Panic("mesh_list_head: empty list")
    return xs[0]


def tail(xs):
    if not xs:
        raise _Panic("mesh_list_tail: empty list")
    return _rest(xs, 1)


def last(xs):
    if not xs:
        raise _Panic("mesh_list_last: empty list")
    return xs[-1]


def get(xs, i):
    if i < 0 or i >= len(xs):
        raise _Panic(f"mesh_list_get: index {i} out of bounds (len {len(xs)})")
    return xs[i]


nth = get


def reverse(xs):
    return xs[::-1]


def map(xs, f):  # noqa: A001
    return [f(x) for x in xs]


def filter(xs, pred):  # noqa: A001
    return [x for x in xs if pred(x)]


def reduce(xs, init, f):
    acc = init
    for x in xs:
        acc = f(acc, x)
    return acc


def sort(xs, cmp):
    return sorted(xs, key=_ft.cmp_to_key(cmp))


def find(xs, pred):
    for x in xs:
        if pred(x):
            return _Some(x)
    return _NONE


def any(xs, pred):  # noqa: A001
    for x in xs:
        if pred(x):
            return True
    return False


def all(xs, pred):  # noqa: A001
    for x in xs:
        if not pred(x):
            return False
    return True


def contains(xs, x):
    for y in xs:
        if y == x:
            return True
    return False


def zip(a, b):  # noqa: A001
    return list(_bi.zip(a, b))


def enumerate(xs):  # noqa: A001
    return list(_bi.enumerate(xs))


def flat_map(xs, f):
    out = []
    for x in xs:
        out.extend(f(x))
    return out


def flatten(xss):
    out = []
    for xs in xss:
        out.extend(xs)
    return out


def take(xs, n):
    if n <= 0:
        return []
    return xs[:n]


def drop(xs, n):
    if n <= 0:
        return xs
    return _rest(xs, n) if n < len(xs) else []


def collect(it):
    return list(it)


# --------------------------------------------------------------------------------------
# Async variants (DESIGN §3.1): used from async code when a callback may suspend. A callback
# result that is a coroutine is awaited; plain results are used as-is.

from ..coro import CORO_TYPE as _Coro  # noqa: E402


async def _call(f, *args):
    r = f(*args)
    if type(r) is _Coro:
        r = await r
    return r


async def map_async(xs, f):
    out = []
    for x in xs:
        r = f(x)
        if type(r) is _Coro:
            r = await r
        out.append(r)
    return out


async def filter_async(xs, pred):
    out = []
    for x in xs:
        r = pred(x)
        if type(r) is _Coro:
            r = await r
        if r:
            out.append(x)
    return out


async def reduce_async(xs, init, f):
    acc = init
    for x in xs:
        acc = f(acc, x)
        if type(acc) is _Coro:
            acc = await acc
    return acc


async def find_async(xs, pred):
    for x in xs:
        if await _call(pred, x):
            return _Some(x)
    return _NONE


async def any_async(xs, pred):
    for x in xs:
        if await _call(pred, x):
            return True
    return False


async def all_async(xs, pred):
    for x in xs:
        if not await _call(pred, x):
            return False
    return True


async def flat_map_async(xs, f):
    out = []
    for x in xs:
        out.extend(await _call(f, x))
    return out


async def sort_async(xs, cmp):
    """Stable merge sort with a possibly-suspending comparator."""
    items = list(xs)
    if len(items) <= 1:
        return items
    width = 1
    n = len(items)
    while width < n:
        merged = []
        for lo in range(0, n, 2 * width):
            left = items[lo : lo + width]
            right = items[lo + width : lo + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                if await _call(cmp, right[j], left[i]) < 0:
                    merged.append(right[j])
                    j += 1
                else:
                    merged.append(left[i])
                    i += 1
            merged.extend(left[i:])
            merged.extend(right[j:])
        items = merged
        width *= 2
    return items
