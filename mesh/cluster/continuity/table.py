"""The records of one node's store (spec 07 §11.4), kept cheap for Python's cyclic GC.

A node keeps every record for an hour beyond the newest 10,000 — tens of thousands on a
busy node with clustered HTTP routes. As `ContinuityRecord` objects each one is tracked by
the GC, and a full collection walking 60,000 of them stalls the whole node (≈ 100 ms, the
p99 of bench/cluster_http.py). So a terminal record is stored as the exact tuple of its
field values: its fields are only str/int/bool, and CPython stops tracking such a tuple at
the first collection that sees it (only an exact tuple: a `ContinuityRecord`, a named
tuple, stays tracked). Pending records (few, and the ones transitions read)
stay objects. Reading a terminal record rebuilds the object (a few µs; reads of completed
records are rare: lookups, listings, syncs).

`RecordTable` is a `MutableMapping` request key → `ContinuityRecord`, so the store and its
readers use it like the dict it replaces.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping

from .record import FIELDS, ContinuityRecord, field_values, from_values

_ROLE = FIELDS.index("cluster_role")
_EPOCH = FIELDS.index("promotion_epoch")
assert _EPOCH == _ROLE + 1  # `restamp` replaces both with one slice


class RecordTable(MutableMapping):
    __slots__ = ("_live", "_done")

    def __init__(self) -> None:
        self._live: dict[str, ContinuityRecord] = {}  # pending records
        self._done: dict[str, tuple] = {}  # terminal records, as field tuples

    def __getitem__(self, key: str) -> ContinuityRecord:
        r = self._live.get(key)
        if r is not None:
            return r
        return from_values(self._done[key])

    def get(self, key: str, default=None):
        r = self._live.get(key)
        if r is not None:
            return r
        t = self._done.get(key)
        return default if t is None else from_values(t)

    def __setitem__(self, key: str, r: ContinuityRecord) -> None:
        if r.pending:
            self._live[key] = r
            self._done.pop(key, None)
        else:
            self._done[key] = field_values(r)
            self._live.pop(key, None)

    def __delitem__(self, key: str) -> None:
        if self._live.pop(key, None) is None:
            del self._done[key]

    def __contains__(self, key) -> bool:
        return key in self._live or key in self._done

    def __iter__(self) -> Iterator[str]:
        yield from self._live
        yield from self._done

    def __len__(self) -> int:
        return len(self._live) + len(self._done)

    def is_pending(self, key: str) -> bool:
        return key in self._live

    def pending(self) -> list[ContinuityRecord]:
        """The pending records (no terminal record is rebuilt)."""
        return list(self._live.values())

    def field(self, name: str) -> Iterator:
        """One field of every record, without rebuilding terminal records."""
        i = FIELDS.index(name)
        for r in self._live.values():
            yield getattr(r, name)
        for t in self._done.values():
            yield t[i]

    def restamp(self, role: str, epoch: int) -> None:
        """Every copy carries its holder's authority (§11.4): after a fence or promotion."""
        for k, r in self._live.items():
            if r.cluster_role != role or r.promotion_epoch != epoch:
                self._live[k] = r.with_(cluster_role=role, promotion_epoch=epoch)
        stamp = (role, epoch)
        for k, t in self._done.items():
            if t[_ROLE : _EPOCH + 1] != stamp:
                self._done[k] = t[:_ROLE] + stamp + t[_EPOCH + 1 :]
