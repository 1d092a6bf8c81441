"""Message serialization (spec 07 §8, DESIGN §3.7): msgpack with Mesh extension types.

Decoding only builds the value kinds of §8 and never executes code: pids are resolved by
the node context, struct/sum names through the program's own type table (`program.py`).

Extension codes: 1 tuple, 2 pid, 3 atom, 4 struct, 5 sum-type value, 6 Option,
7 Result, 8 Set, 9 Range, 10 Queue, 11 DateTime.
"""

from __future__ import annotations

import types as _pytypes

import msgpack
from msgpack import ExtType

from ..runtime.actors.pid import Pid
from ..runtime.datetime_value import DateTime
from ..runtime.list_view import ListView
from ..runtime.values import (
    NONE,
    Atom,
    Err,
    MeshIter,
    MeshMap,
    MeshQueue,
    MeshRange,
    MeshRegex,
    MeshSet,
    Ok,
    Ordering,
    Some,
    Struct,
    Variant,
    _FrozenList,
)
from . import program

EXT_TUPLE, EXT_PID, EXT_ATOM, EXT_STRUCT, EXT_SUM = 1, 2, 3, 4, 5
EXT_OPTION, EXT_RESULT, EXT_SET, EXT_RANGE, EXT_QUEUE, EXT_DATETIME = 6, 7, 8, 9, 10, 11

MAX_ELEMENTS = 1_000_000
MAX_NAME = 65_535
MAX_DEPTH = 100
"""Nesting limit for extension values (tuples, structs, variants, ... inside each other).
The spec's 512 (§8) is lowered: every extension level recurses through msgpack's C decoder,
which uses ~30 KiB of C stack per level (300 levels overflow an 8 MiB stack). Plain
arrays/maps are bounded by msgpack's own limit (1024)."""

CLOSURE_ERROR = "STF: closures and function pointers cannot be serialized"

_FN_TYPES = (
    _pytypes.FunctionType,
    _pytypes.BuiltinFunctionType,
    _pytypes.MethodType,
    _pytypes.BuiltinMethodType,
    staticmethod,
    classmethod,
)
_HANDLE_NAMES = {MeshRegex: "Regex", MeshIter: "Iter"}
_unpackb = msgpack.unpackb
# `ExtType(code, data)` validates its arguments in a Python `__new__` (a third of the cost of
# a small tuple's encoding); the codes and payloads built here are ours, so the tuple is
# built directly. `_ext(ExtType, (code, data))` is the same object.
_ext = tuple.__new__
PID_CACHE_LIMIT = 1024
"""Entries of each pid cache (pid -> encoded extension, extension payload -> remote pid):
a request names its sender every time, and encoding or resolving a pid was a fifth of a
request/reply hop. Full caches are dropped, not evicted: a bound on memory, nothing more."""


class EncodeError(Exception):
    """A value that may not cross nodes; `.message` is the runtime error text (§7.3, §8)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DecodeError(Exception):
    pass


class _Depth(Exception):
    pass


class Codec:
    """Encoder/decoder bound to a pid context providing `pid_to_wire(pid) -> [name,
    creation, id]` and `pid_from_wire(name, creation, id) -> Pid`."""

    def __init__(self, pids):
        self.pids = pids
        self._depth = 0
        self._edepth = 0
        self._subpackers: list = [None]  # index = ext nesting depth (see _sub)
        self._packer = msgpack.Packer(
            default=self._default, use_bin_type=True, strict_types=True, autoreset=True
        )
        self._hook = self._ext_hook  # bound once: the decoder passes it on every call
        self._pid_out: dict = {}  # Pid -> ExtType, once the pid's wire form is final
        self._pid_in: dict = {}  # ext payload -> remote Pid (interned, so the same object)

    # ------------------------------------------------------------------ encoding

    def _sub(self, obj) -> bytes:
        # One reusable packer per nesting depth (a packer is not re-entrant, and building
        # one per ext value was a third of the cost of encoding a small tuple).
        d = self._edepth = self._edepth + 1
        try:
            if d > MAX_DEPTH:
                raise EncodeError("STF: value is nested too deeply to be sent")
            packers = self._subpackers
            if d >= len(packers):
                packers.append(
                    msgpack.Packer(
                        default=self._default, use_bin_type=True, strict_types=True, autoreset=True
                    )
                )
            return packers[d].pack(obj)
        except BaseException:
            self._subpackers[d:] = []  # a failed pack may leave a packer mid-buffer
            raise
        finally:
            self._edepth -= 1

    def _default(self, o):
        t = type(o)
        if t is tuple:
            return _ext(ExtType, (EXT_TUPLE, self._sub(list(o))))
        if t is Pid:
            e = self._pid_out.get(o)
            if e is None:
                e = self._pid_ext(o)
            return e
        if t is _FrozenList:
            return list(o)
        if t is ListView:
            return o.to_list()
        if t is Atom:
            return ExtType(EXT_ATOM, self._sub(o.name))
        if t is MeshMap:
            return o._live()
        if isinstance(o, Struct):
            return ExtType(EXT_STRUCT, self._sub([program.qualname(t), list(o._mesh_values(o))]))
        if isinstance(o, Variant):
            if t is Some:
                return ExtType(EXT_OPTION, self._sub([o._0]))
            if o is NONE:
                return ExtType(EXT_OPTION, self._sub([]))
            if t is Ok:
                return ExtType(EXT_RESULT, self._sub([0, o._0]))
            if t is Err:
                return ExtType(EXT_RESULT, self._sub([1, o._0]))
            if isinstance(o, Ordering):
                return ExtType(EXT_SUM, self._sub(["Ordering", o._mesh_index, []]))
            return ExtType(
                EXT_SUM,
                self._sub(
                    [program.qualname(program.sum_base(t)), o._mesh_index, list(o._mesh_payload(o))]
                ),
            )
        if t is MeshSet:
            return ExtType(EXT_SET, self._sub(list(o._live())))
        if t is MeshRange:
            return ExtType(EXT_RANGE, self._sub([o.start, o.stop]))
        if t is MeshQueue:
            return ExtType(EXT_QUEUE, self._sub(o.to_list()))
        if t is DateTime:
            return ExtType(EXT_DATETIME, self._sub(o.ms))
        if isinstance(o, str):  # Json and other str subclasses: their text
            return str.__str__(o)
        if isinstance(o, tuple):  # runtime notices etc.: a tuple
            return ExtType(EXT_TUPLE, self._sub(list(o)))
        if t is float:
            return o
        if isinstance(o, _FN_TYPES) or callable(o) and not isinstance(o, type):
            raise EncodeError(CLOSURE_ERROR)
        name = _HANDLE_NAMES.get(t) or getattr(o, "_mesh_name", None) or t.__name__
        raise EncodeError(f"STF: value of type {name} cannot be sent to another node")

    def _pid_ext(self, pid: Pid) -> ExtType:
        e = _ext(ExtType, (EXT_PID, self._sub(self.pids.pid_to_wire(pid))))
        # A pid's wire form only changes when this node starts (its name and creation);
        # a context without `wire_final` (a client with no node) is never cached.
        if getattr(self.pids, "wire_final", False):
            cache = self._pid_out
            if len(cache) >= PID_CACHE_LIMIT:
                cache.clear()
            cache[pid] = e
        return e

    def encode(self, value) -> bytes:
        """One msgpack object. Raises `EncodeError` for values that may not cross."""
        try:
            return self._packer.pack(value)
        except EncodeError:
            self._packer.reset()
            self._edepth = 0
            raise
        except (ValueError, OverflowError, TypeError) as e:
            self._packer.reset()
            raise EncodeError(f"STF: value cannot be serialized: {e}") from None

    # ------------------------------------------------------------------ decoding

    def decode(self, data):
        """Decode one msgpack object (the whole buffer). Raises `DecodeError`."""
        self._depth = 0
        try:
            return self._unpack(data)
        except DecodeError:
            raise
        except _Depth:
            raise DecodeError(f"nesting deeper than {MAX_DEPTH}") from None
        except RecursionError:
            raise DecodeError("nesting too deep") from None
        except Exception as e:  # msgpack's ExtraData/FormatError/ValueError/TypeError...
            raise DecodeError(f"{type(e).__name__}: {e}") from None

    def _unpack(self, data):
        # Keywords spelled out: `**options` built the call's keyword dict every time, which
        # cost more than unpacking a small message (raw=False, use_list=True: defaults).
        return _unpackb(
            data,
            strict_map_key=False,
            max_array_len=MAX_ELEMENTS,
            max_map_len=MAX_ELEMENTS,
            max_bin_len=0,
            ext_hook=self._hook,
            object_pairs_hook=MeshMap,
        )

    def _ext_hook(self, code, data):
        if code == EXT_PID:
            pid = self._pid_in.get(data)
            if pid is not None:
                return pid
        d = self._depth = self._depth + 1
        if d > MAX_DEPTH:
            raise _Depth()
        try:
            v = self._unpack(data)
            if code == EXT_TUPLE and type(v) is list:  # most messages: skip the dispatch
                return tuple(v)
            v = self._build(code, v)
        finally:
            self._depth = d - 1
        if code == EXT_PID and not getattr(getattr(v, "node", None), "is_local", True):
            # Remote pids are interned (one object per pid) and never change: keep the
            # object (and so its interning) alive for the next message naming it.
            cache = self._pid_in
            if len(cache) >= PID_CACHE_LIMIT:
                cache.clear()
            cache[data] = v
        return v

    def _build(self, code, v):
        if code == EXT_TUPLE:
            _need(type(v) is list, "tuple payload")
            return tuple(v)
        if code == EXT_ATOM:
            _need(type(v) is str, "atom payload")
            return Atom(v)
        if code == EXT_PID:
            _need(
                type(v) is list
                and len(v) == 3
                and type(v[0]) is str
                and type(v[1]) is int
                and type(v[2]) is int
                and len(v[0]) <= MAX_NAME,
                "pid payload",
            )
            return self.pids.pid_from_wire(v[0], v[1], v[2])
        if code == EXT_OPTION:
            _need(type(v) is list and len(v) <= 1, "option payload")
            return Some(v[0]) if v else NONE
        if code == EXT_RESULT:
            _need(type(v) is list and len(v) == 2 and v[0] in (0, 1), "result payload")
            return Ok(v[1]) if v[0] == 0 else Err(v[1])
        if code == EXT_STRUCT:
            _need(
                type(v) is list and len(v) == 2 and type(v[0]) is str and type(v[1]) is list,
                "struct payload",
            )
            cls = program.lookup_type(v[0])
            if cls is None or not isinstance(cls, type):
                raise DecodeError(f"unknown struct type {v[0]}")
            fields = v[1]
            if len(fields) != len(cls._mesh_fields):
                raise DecodeError(f"field count mismatch for {v[0]}")
            o = object.__new__(cls)
            for f, x in zip(cls._mesh_fields, fields):
                object.__setattr__(o, f, x)
            return o
        if code == EXT_SUM:
            _need(
                type(v) is list
                and len(v) == 3
                and type(v[0]) is str
                and type(v[1]) is int
                and type(v[2]) is list,
                "sum payload",
            )
            name, idx, payload = v
            if name == "Ordering":
                _need(0 <= idx < 3 and not payload, "ordering payload")
                from ..runtime.values import EQUAL, GREATER, LESS

                return (LESS, EQUAL, GREATER)[idx]
            info = program.lookup_type(name)
            if not isinstance(info, program.SumInfo):
                raise DecodeError(f"unknown sum type {name}")
            k = info.by_index.get(idx)
            if k is None:
                raise DecodeError(f"unknown variant {idx} of {name}")
            if not isinstance(k, type):  # singleton of a nullary variant
                _need(not payload, "payload count")
                return k
            if len(payload) != k._mesh_arity:
                raise DecodeError(f"payload count mismatch for {name}")
            o = object.__new__(k)
            for i, x in enumerate(payload):
                object.__setattr__(o, f"_{i}", x)
            return o
        if code == EXT_SET:
            _need(type(v) is list, "set payload")
            return MeshSet(v)
        if code == EXT_RANGE:
            _need(
                type(v) is list and len(v) == 2 and all(type(x) is int for x in v), "range payload"
            )
            return MeshRange(v[0], v[1])
        if code == EXT_QUEUE:
            _need(type(v) is list, "queue payload")
            q = MeshQueue()
            for x in v:
                q = q.push(x)
            return q
        if code == EXT_DATETIME:
            _need(type(v) is int, "datetime payload")
            return DateTime(v)
        raise DecodeError(f"unknown extension code {code}")


def _need(ok, what):
    if not ok:
        raise DecodeError(f"malformed {what}")
