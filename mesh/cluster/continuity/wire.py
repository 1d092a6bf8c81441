"""Field layouts of the continuity frames (spec 07 §6, §11.4); tags in `frames.py`.

| frame | fields |
|---|---|
| `CONT_UPSERT` (0x1F) | `[record, watermark]` or `[record, watermark, [record, ...]]` — several transitions in one frame, applied in order |
| `CONT_SYNC` (0x20) | `[[record, ...], watermark]` — sent once to each new session |
| `CONT_PREPARE` (0x21) | `[request id, record]` — owner → named replica |
| `CONT_PREPARE_ACK` (0x22) | `[request id, error]` — `""` when stored |

`record` is `record.to_wire` (18 fields); `watermark` is the sender's highest attempt
token, so attempt ids stay increasing cluster-wide even for keys a node never held.
"""

from __future__ import annotations

from collections.abc import Iterable

from .record import ContinuityRecord, from_wire, to_wire


def upsert(r: ContinuityRecord, watermark: int) -> list:
    return [to_wire(r), watermark]


def upserts(rs: list[ContinuityRecord], watermark: int) -> list:
    """One `CONT_UPSERT` for `rs` (at least one), in order."""
    head = [to_wire(rs[0]), watermark]
    if len(rs) > 1:
        head.append([to_wire(r) for r in rs[1:]])
    return head


def sync(records: Iterable[ContinuityRecord], watermark: int) -> list:
    return [[to_wire(r) for r in records], watermark]


def prepare(req: int, r: ContinuityRecord) -> list:
    return [req, to_wire(r)]


def prepare_ack(req: int, error: str) -> list:
    return [req, error]


def watermark(v) -> int:
    if type(v) is not int or v < -1:
        raise ValueError("continuity watermark must be an integer ≥ -1")
    return v


def records(v) -> list[ContinuityRecord]:
    if type(v) is not list:
        raise ValueError("continuity snapshot must be an array")
    return [from_wire(x) for x in v]
