"""Placement on the hash ring (spec 07 §11.5 step 5 "Reference", §11.6 step 2), sans-IO.

The ring is the membership (this node and its live peers) sorted by the first 8 bytes of
SHA-256 of each name read as a big-endian u64, then by name. A key's owner is the member at
index `hash("request::" + key) mod size`; with N ≥ 2 the replica is the next member on the
ring. Keys of clustered HTTP requests carry a random suffix, so their owners spread evenly
over the members; every node computes the same placement from the same membership.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


def ring_hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def ring(members: Iterable[str]) -> tuple[str, ...]:
    """The members in ring order (duplicates dropped)."""
    return _ring(frozenset(members))


@lru_cache(maxsize=64)  # membership rarely changes: one sort per membership, not per request
def _ring(members: frozenset) -> tuple[str, ...]:
    return tuple(sorted(members, key=lambda name: (ring_hash(name), name)))


@dataclass(frozen=True)
class Placement:
    owner: str
    replica: str  # "" when N = 1 or there is no other member


def place(key: str, members: Iterable[str], replication_count: int) -> Placement:
    """Owner and replica of `key` over `members` (at least one). A replica is only chosen
    when N ≥ 2 and another member exists; whether N can be honoured is the continuity
    store's decision (§11.4 durability)."""
    order = ring(members)
    if not order:
        raise ValueError("placement needs at least one member")
    i = ring_hash("request::" + key) % len(order)
    replica = order[(i + 1) % len(order)] if replication_count >= 2 and len(order) > 1 else ""
    return Placement(order[i], replica)
