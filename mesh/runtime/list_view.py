"""O(1) list tails: `ListView`, a suffix of an immutable Python list sharing its storage.

Mesh lists are Python lists that are never mutated (DESIGN §3.2), so the tail of a list can
share the list's storage instead of copying it. `h :: t` patterns, `List.tail` and
`List.drop` produce a `ListView` for long lists (`rest`); recursion over a list with
`h :: t` is then linear instead of quadratic (issue 19: summing 200k elements took 15 s).

A view is a List to every Mesh operation: generated code only uses `len`, truth, indexing,
slicing, iteration, `==`/ordering and `+` on lists, which the view implements with list
semantics; the places that dispatch on `type(x) is list` (Display, JSON, the wire codec,
freezing map keys, the method table) treat `ListView` the same way. Short suffixes are
copied (`SHORT`): a copy of a few elements is cheaper than a view and keeps most small
lists plain. A view keeps its whole base list alive, like a Go slice.
"""

from __future__ import annotations

from itertools import islice

SHORT = 8
"""Suffixes of at most this many elements are copied into a plain list."""


class ListView:
    """`base[start:]` without the copy (`start` < `len(base)` - SHORT when made by `rest`)."""

    __slots__ = ("_base", "_start")

    def to_list(self) -> list:
        return self._base[self._start :]

    def __len__(self) -> int:
        return len(self._base) - self._start

    # A view always holds more than SHORT elements (`rest` copies shorter suffixes), so it is
    # always true. The test runs once per `h :: t` step: a bound C method answers it without
    # the Python frame a `def __bool__` would cost.
    __bool__ = True.__bool__

    def __iter__(self):
        it = iter(self._base)
        it.__setstate__(self._start)  # list iterators can start anywhere in O(1)
        return it

    def __reversed__(self):
        base = self._base
        return islice(reversed(base), len(base) - self._start)

    def __getitem__(self, i):
        if type(i) is int:
            if i >= 0:
                return self._base[self._start + i]
            n = len(self._base) - self._start
            if i < -n:
                raise IndexError("list index out of range")
            return self._base[len(self._base) + i]
        if type(i) is slice and i.step is None:
            lo = i.start or 0
            hi = i.stop
            if lo >= 0 and hi is None:  # `xs[k:]`: another view
                return rest(self, lo) if lo < len(self) else []
            if lo >= 0 and hi is not None and hi >= 0:  # `xs[a:b]`: copies b - a only
                s = self._start
                return self._base[s + lo : s + hi]
        return self.to_list()[i]

    def __contains__(self, x) -> bool:
        return x in self.to_list()

    def __eq__(self, other) -> bool:
        o = _plain(other)
        if o is None:
            return NotImplemented
        return len(self) == len(o) and self.to_list() == o

    def __ne__(self, other) -> bool:
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __lt__(self, other) -> bool:
        o = _plain(other)
        return NotImplemented if o is None else self.to_list() < o

    def __le__(self, other) -> bool:
        o = _plain(other)
        return NotImplemented if o is None else self.to_list() <= o

    def __gt__(self, other) -> bool:
        o = _plain(other)
        return NotImplemented if o is None else self.to_list() > o

    def __ge__(self, other) -> bool:
        o = _plain(other)
        return NotImplemented if o is None else self.to_list() >= o

    __hash__ = None  # a List, and lists are unhashable (map keys are frozen first)

    def __add__(self, other) -> list:
        o = _plain(other)
        return NotImplemented if o is None else self.to_list() + o

    def __radd__(self, other) -> list:
        o = _plain(other)
        return NotImplemented if o is None else o + self.to_list()

    def __repr__(self) -> str:
        return repr(self.to_list())


def _plain(x) -> list | None:
    t = type(x)
    if t is list:
        return x
    if t is ListView:
        return x.to_list()
    return None


_new = object.__new__


def uncons(xs) -> tuple:
    """`(head, tail)` of a non-empty list: one call for an `h :: t` pattern. (The suffix
    is built inline rather than by `rest`: this runs once per step of a list recursion.)"""
    if type(xs) is ListView:
        base = xs._base
        start = xs._start
    else:
        base = xs
        start = 0
    head = base[start]
    start += 1
    if len(base) - start <= SHORT:
        return head, base[start:]
    v = _new(ListView)
    v._base = base
    v._start = start
    return head, v


def rest(xs, k: int):
    """`xs` without its first `k` elements (0 <= k <= len(xs)), in O(1) for long lists."""
    if type(xs) is ListView:
        base = xs._base
        start = xs._start + k
    else:
        base = xs
        start = k
    if len(base) - start <= SHORT:
        return base[start:]
    v = _new(ListView)
    v._base = base
    v._start = start
    return v
