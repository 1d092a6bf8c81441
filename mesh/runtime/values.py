"""Runtime value classes shared by all generated code (see docs/internals/runtime-contract.md).

Primitive Mesh values are plain Python objects (int, float, str, bool, None, list, tuple).
This module holds the classes for everything else: Struct / Variant bases, Option / Result /
Ordering, Atom, persistent Map / Set, Range, Queue, Iter, Regex, Json and MeshPanic.
"""

from __future__ import annotations

from operator import attrgetter as _attrgetter

from .list_view import ListView


class MeshPanic(Exception):
    """An unrecoverable Mesh runtime failure of the current process (spec 03 A9)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------------------
# Freezing: make any Mesh value hashable (lists become _FrozenList, a tuple subclass).


class _FrozenList(tuple):
    __slots__ = ()


def freeze(v):
    t = type(v)
    if t is str or t is int:
        return v
    if t is list or t is ListView:
        return _FrozenList(map(freeze, v))
    if t is tuple:
        for x in v:
            tx = type(x)
            if tx is list or tx is tuple or tx is ListView:
                return tuple(map(freeze, v))
        return v
    return v


def thaw(v):
    t = type(v)
    if t is _FrozenList:
        return list(map(thaw, v))
    if t is tuple:
        for x in v:
            tx = type(x)
            if tx is _FrozenList or tx is tuple:
                return tuple(map(thaw, v))
        return v
    return v


def _display(v):  # late-bound to fmt.display (avoids an import cycle)
    from .fmt import display

    return display(v)


# --------------------------------------------------------------------------------------
# Structs


def _make_getter(names):
    n = len(names)
    if n == 0:
        return lambda o: ()
    if n == 1:
        g = _attrgetter(names[0])
        return lambda o: (g(o),)
    return _attrgetter(*names)


class Struct:
    """Base of generated struct classes. Subclasses set `__slots__`, `_mesh_name`,
    `_mesh_fields` (declaration order) and `_mesh_derives`."""

    __slots__ = ()
    _mesh_name = "Struct"
    _mesh_fields: tuple = ()
    _mesh_derives = frozenset({"Eq", "Ord", "Debug", "Hash"})
    _mesh_values = staticmethod(lambda o: ())

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if "_mesh_values" not in cls.__dict__:
            cls._mesh_values = staticmethod(_make_getter(tuple(cls._mesh_fields)))

    def __eq__(self, other):
        if type(other) is not type(self):
            return False
        g = self._mesh_values
        return g(self) == g(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        g = self._mesh_values
        return g(self) < g(other)

    def __gt__(self, other):
        return other.__lt__(self)

    def __le__(self, other):
        return not other.__lt__(self)

    def __ge__(self, other):
        return not self.__lt__(other)

    def __hash__(self):
        return hash(freeze(self._mesh_values(self)))

    def _mesh_display(self):
        if "Display" in self._mesh_derives:
            return self._mesh_name + "(" + ", ".join(map(_display, self._mesh_values(self))) + ")"
        return self._mesh_debug()

    def _mesh_debug(self):
        fields = self._mesh_fields
        if not fields:
            return self._mesh_name + " {}"
        vals = self._mesh_values(self)
        return (
            self._mesh_name
            + " { "
            + ", ".join(f + ": " + _display(v) for f, v in zip(fields, vals))
            + " }"
        )

    def __repr__(self):
        return self._mesh_debug()


# --------------------------------------------------------------------------------------
# Sum types


_PAYLOAD_NAMES = tuple(f"_{i}" for i in range(64))


class Variant:
    """Base of sum-type variants. Subclasses set `_mesh_tag`, `_mesh_index`, `_mesh_arity`;
    payload fields are `_0`, `_1`, ..."""

    __slots__ = ()
    _mesh_tag = "Variant"
    _mesh_index = 0
    _mesh_arity = 0
    _mesh_derives = frozenset({"Eq", "Ord", "Debug"})
    _mesh_payload = staticmethod(lambda o: ())

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if "_mesh_payload" not in cls.__dict__:
            cls._mesh_payload = staticmethod(_make_getter(_PAYLOAD_NAMES[: cls._mesh_arity]))

    def __eq__(self, other):
        if type(other) is not type(self):
            return False
        g = self._mesh_payload
        return g(self) == g(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        if type(other) is not type(self):
            return self._mesh_index < other._mesh_index
        g = self._mesh_payload
        return g(self) < g(other)

    def __gt__(self, other):
        return other.__lt__(self)

    def __le__(self, other):
        return not other.__lt__(self)

    def __ge__(self, other):
        return not self.__lt__(other)

    def __hash__(self):
        return hash((self._mesh_index, freeze(self._mesh_payload(self))))

    def _mesh_display(self):
        if not self._mesh_arity:
            return self._mesh_tag
        if "Display" in self._mesh_derives:
            return self._mesh_tag + "(" + ", ".join(map(_display, self._mesh_payload(self))) + ")"
        return self._mesh_debug()

    def _mesh_debug(self):
        if not self._mesh_arity:
            return self._mesh_tag
        return self._mesh_tag + "(...)"

    def __repr__(self):
        return self._mesh_display()


class _BuiltinVariant(Variant):
    """Built-in sum types: Display and Debug are identical and show the payload."""

    __slots__ = ()
    _mesh_derives = frozenset({"Eq", "Ord", "Debug", "Display", "Hash"})

    def _mesh_debug(self):
        if not self._mesh_arity:
            return self._mesh_tag
        return self._mesh_tag + "(" + ", ".join(map(_display, self._mesh_payload(self))) + ")"

    _mesh_display = _mesh_debug


class Option(_BuiltinVariant):
    __slots__ = ()


class Some(Option):
    __slots__ = ("_0",)
    _mesh_tag = "Some"
    _mesh_index = 0
    _mesh_arity = 1

    def __init__(self, _0):
        self._0 = _0

    def __eq__(self, other):
        return type(other) is Some and self._0 == other._0

    def __hash__(self):
        return hash((0, freeze(self._0)))


class None_(Option):
    __slots__ = ()
    _mesh_tag = "None"
    _mesh_index = 1
    _mesh_arity = 0

    def __eq__(self, other):
        return other is self

    def __hash__(self):
        return 0x4E4F4E45


NONE = None_()


class Result(_BuiltinVariant):
    __slots__ = ()


class Ok(Result):
    __slots__ = ("_0",)
    _mesh_tag = "Ok"
    _mesh_index = 0
    _mesh_arity = 1

    def __init__(self, _0):
        self._0 = _0

    def __eq__(self, other):
        return type(other) is Ok and self._0 == other._0

    def __hash__(self):
        return hash((0, freeze(self._0)))


class Err(Result):
    __slots__ = ("_0",)
    _mesh_tag = "Err"
    _mesh_index = 1
    _mesh_arity = 1

    def __init__(self, _0):
        self._0 = _0

    def __eq__(self, other):
        return type(other) is Err and self._0 == other._0

    def __hash__(self):
        return hash((1, freeze(self._0)))


class Ordering(_BuiltinVariant):
    __slots__ = ()

    def __eq__(self, other):
        return other is self

    def __hash__(self):
        return self._mesh_index


class Less(Ordering):
    __slots__ = ()
    _mesh_tag = "Less"
    _mesh_index = 0
    _mesh_arity = 0


class Equal(Ordering):
    __slots__ = ()
    _mesh_tag = "Equal"
    _mesh_index = 1
    _mesh_arity = 0


class Greater(Ordering):
    __slots__ = ()
    _mesh_tag = "Greater"
    _mesh_index = 2
    _mesh_arity = 0


LESS = Less()
EQUAL = Equal()
GREATER = Greater()


# --------------------------------------------------------------------------------------
# Atom


class Atom:
    """Interned `:name` value. Display is the bare name, Debug is `:name`."""

    __slots__ = ("name",)
    _table: dict = {}

    def __new__(cls, name):
        a = cls._table.get(name)
        if a is None:
            a = object.__new__(cls)
            a.name = name
            cls._table[name] = a
        return a

    def __reduce__(self):
        return (Atom, (self.name,))

    def __lt__(self, other):
        return self.name < other.name

    def __le__(self, other):
        return self.name <= other.name

    def __gt__(self, other):
        return self.name > other.name

    def __ge__(self, other):
        return self.name >= other.name

    def _mesh_display(self):
        return self.name

    def _mesh_debug(self):
        return ":" + self.name

    def __repr__(self):
        return ":" + self.name


# --------------------------------------------------------------------------------------
# Persistent insertion-ordered Map / Set.
#
# The newest version of a map owns a Python dict (`_d`); `put`/`delete` on the owner mutate
# that dict in place (O(1)), hand it to the new version and turn the old version into a
# "stale" node that records how to undo the change (`_uk`, `_uv`) plus a link to the newer
# version (`_next`). A stale version is materialised (copied) on first access. Deletes leave a
# tombstone so that undoing them restores the original position. Keys are stored frozen
# (lists -> _FrozenList) and thawed when exposed.

_MISSING = object()
_TOMB = object()


class _PDict:
    __slots__ = ("_d", "_next", "_uk", "_uv", "_nt", "_frz")

    def _init(self, d, nt=0, frz=False):
        self._d = d
        self._next = None
        self._nt = nt
        self._frz = frz
        return self

    @classmethod
    def _new(cls, d=None, nt=0, frz=False):
        o = object.__new__(cls)
        o._d = {} if d is None else d
        o._next = None
        o._nt = nt
        o._frz = frz
        return o

    def _data(self):
        """The backing dict (may contain tombstones when self._nt > 0)."""
        d = self._d
        if d is None:
            d = self._materialize()
        return d

    def _materialize(self):
        chain = []
        m = self
        while m._d is None:
            chain.append(m)
            m = m._next
        d = dict(m._d)
        for node in reversed(chain):
            k = node._uk
            v = node._uv
            if v is _MISSING:
                del d[k]
            else:
                d[k] = v
        if m._nt:
            d = {k: v for k, v in d.items() if v is not _TOMB}
        self._d = d
        self._nt = 0
        self._next = None
        self._uk = self._uv = None
        return d

    def _live(self):
        """A dict without tombstones (may be the shared backing dict: do not mutate)."""
        d = self._d
        if d is None:
            return self._materialize()
        if self._nt:
            return {k: v for k, v in d.items() if v is not _TOMB}
        return d

    def _hand_over(self, d, fk, old, nt, frz):
        new = object.__new__(type(self))
        new._d = d
        new._next = None
        new._nt = nt
        new._frz = frz
        self._d = None
        self._next = new
        self._uk = fk
        self._uv = old
        return new

    def _put(self, k, v):
        t = type(k)
        fk = k if (t is str or t is int) else freeze(k)
        d = self._d
        if d is None:
            d = self._materialize()
        old = d.get(fk, _MISSING)
        if old is _TOMB:
            # re-adding a deleted key moves it to the end: rebuild a fresh dict.
            nd = {kk: vv for kk, vv in d.items() if vv is not _TOMB and kk != fk}
            nd[fk] = v
            return type(self)._new(nd, 0, self._frz or fk is not k)
        d[fk] = v
        return self._hand_over(d, fk, old, self._nt, self._frz or fk is not k)

    def _delete(self, k):
        t = type(k)
        fk = k if (t is str or t is int) else freeze(k)
        d = self._d
        if d is None:
            d = self._materialize()
        old = d.get(fk, _MISSING)
        if old is _MISSING or old is _TOMB:
            return self
        nt = self._nt + 1
        if nt > 32 and nt * 2 > len(d):
            nd = {kk: vv for kk, vv in d.items() if vv is not _TOMB and kk != fk}
            return type(self)._new(nd, 0, self._frz)
        d[fk] = _TOMB
        return self._hand_over(d, fk, old, nt, self._frz)

    def _has(self, k):
        t = type(k)
        fk = k if (t is str or t is int) else freeze(k)
        d = self._d
        if d is None:
            d = self._materialize()
        v = d.get(fk, _MISSING)
        return v is not _MISSING and v is not _TOMB

    def __len__(self):
        d = self._d
        if d is None:
            d = self._materialize()
        return len(d) - self._nt

    def _keys(self):
        d = self._live()
        if self._frz:
            return [thaw(k) for k in d]
        return list(d)


class MeshMap(_PDict):
    """Insertion-ordered persistent map. Iterating yields `(key, value)` tuples."""

    __slots__ = ()

    def __init__(self, pairs=()):
        self._init({})
        d = self._d
        for k, v in pairs:  # duplicates: last value wins, first position kept
            t = type(k)
            fk = k if (t is str or t is int) else freeze(k)
            if fk is not k:
                self._frz = True
            d[fk] = v

    @classmethod
    def from_pairs(cls, pairs):
        """Map from `(key, value)` pairs (later keys win, first position kept)."""
        return cls(pairs)

    def put(self, k, v):
        return self._put(k, v)

    def delete(self, k):
        return self._delete(k)

    def has_key(self, k):
        return self._has(k)

    def get(self, k, default=_MISSING):
        t = type(k)
        fk = k if (t is str or t is int) else freeze(k)
        d = self._d
        if d is None:
            d = self._materialize()
        v = d.get(fk, _MISSING)
        if v is _MISSING or v is _TOMB:
            return default
        return v

    def keys(self):
        return self._keys()

    def values(self):
        return [v for v in self._data().values() if v is not _TOMB]

    def items(self):
        d = self._live()
        if self._frz:
            return [(thaw(k), v) for k, v in d.items()]
        return list(d.items())

    def __iter__(self):
        return iter(self.items())

    def __eq__(self, other):
        return type(other) is MeshMap and self._live() == other._live()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(frozenset((k, freeze(v)) for k, v in self._live().items()))

    def _mesh_display(self):
        if not len(self):
            return "%{}"
        return "%{" + ", ".join(_display(k) + " => " + _display(v) for k, v in self.items()) + "}"

    _mesh_debug = _mesh_display

    def __repr__(self):
        return self._mesh_display()


class MeshSet(_PDict):
    """Insertion-ordered persistent set."""

    __slots__ = ()

    def __init__(self, items=()):
        self._init({})
        d = self._d
        for x in items:
            t = type(x)
            fx = x if (t is str or t is int) else freeze(x)
            if fx is not x:
                self._frz = True
            d[fx] = True

    def add(self, x):
        if self._has(x):
            return self
        return self._put(x, True)

    def remove(self, x):
        return self._delete(x)

    def contains(self, x):
        return self._has(x)

    def to_list(self):
        return self._keys()

    def __iter__(self):
        return iter(self._keys())

    def __eq__(self, other):
        return type(other) is MeshSet and self._live().keys() == other._live().keys()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(frozenset(self._live()))

    def _mesh_display(self):
        return "#{" + ", ".join(map(_display, self._keys())) + "}"

    _mesh_debug = _mesh_display

    def __repr__(self):
        return self._mesh_display()


# --------------------------------------------------------------------------------------
# Range, Queue, Iter


class MeshRange:
    """Half-open Int range `start..stop` (empty when stop <= start)."""

    __slots__ = ("start", "stop")

    def __init__(self, start, stop):
        self.start = start
        self.stop = stop

    def __iter__(self):
        return iter(range(self.start, self.stop))

    def __len__(self):
        n = self.stop - self.start
        return n if n > 0 else 0

    def __eq__(self, other):
        return type(other) is MeshRange and self.start == other.start and self.stop == other.stop

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.start, self.stop))

    def _mesh_display(self):
        return f"{self.start}..{self.stop}"

    _mesh_debug = _mesh_display

    def __repr__(self):
        return self._mesh_display()


class MeshQueue:
    """Persistent FIFO: `front` is a cons list `(x, rest)` / None, `back` a reversed cons list."""

    __slots__ = ("front", "back", "size")

    def __init__(self, front=None, back=None, size=0):
        self.front = front
        self.back = back
        self.size = size

    def push(self, x):
        return MeshQueue(self.front, (x, self.back), self.size + 1)

    def _normalized(self):
        if self.front is None and self.back is not None:
            front = None
            b = self.back
            while b is not None:
                front = (b[0], front)
                b = b[1]
            self.front = front
            self.back = None
        return self.front

    def to_list(self):
        out = []
        f = self.front
        while f is not None:
            out.append(f[0])
            f = f[1]
        rest = []
        b = self.back
        while b is not None:
            rest.append(b[0])
            b = b[1]
        rest.reverse()
        out.extend(rest)
        return out

    def __iter__(self):
        return iter(self.to_list())

    def __len__(self):
        return self.size

    def __eq__(self, other):
        return type(other) is MeshQueue and self.to_list() == other.to_list()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(freeze(self.to_list()))

    def _mesh_display(self):
        return "Queue([" + ", ".join(map(_display, self.to_list())) + "])"

    _mesh_debug = _mesh_display


class MeshIter:
    """Stateful single-use iterator (spec 03 B9). Wraps a Python iterator."""

    __slots__ = ("it",)

    def __init__(self, it):
        self.it = it

    def __iter__(self):
        return self.it

    def __next__(self):
        return next(self.it)

    def next(self):
        for x in self.it:
            return Some(x)
        return NONE

    def _mesh_display(self):
        return "<Iter>"

    _mesh_debug = _mesh_display


# --------------------------------------------------------------------------------------
# Regex and Json


class MeshRegex:
    """Compiled pattern (`~r/.../flags` or Regex.compile)."""

    __slots__ = ("pattern", "flags", "compiled")

    def __init__(self, pattern, flags, compiled):
        self.pattern = pattern
        self.flags = flags
        self.compiled = compiled

    def __eq__(self, other):
        return (
            type(other) is MeshRegex and self.pattern == other.pattern and self.flags == other.flags
        )

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def _mesh_display(self):
        return "<Regex>"

    _mesh_debug = _mesh_display


class Json(str):
    """A JSON document; it *is* its canonical encoded text (spec 05 §6.1)."""

    __slots__ = ()
