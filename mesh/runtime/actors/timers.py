"""`Timer.sleep` and `Timer.send_after` (spec 04 §14)."""

from __future__ import annotations

import trio

from .context import current_node, current_proc
from .mailbox import send


async def sleep(ms) -> None:
    """`Timer.sleep(ms)`: suspend the calling process; `ms <= 0` returns at once."""
    if ms <= 0:
        return
    await trio.sleep(ms / 1000)


def send_after(pid, ms, msg) -> None:
    """`Timer.send_after(pid, ms, msg)`: returns at once; delivers `msg` as by `send` after
    `ms` ms. A pending delivery keeps the program alive (§1.1)."""
    p = current_proc.get()
    node = p.node if p is not None else current_node.get()
    node.timers += 1
    node.nursery.start_soon(_deliver_later, node, pid, ms, msg, name="mesh-timer")


async def _deliver_later(node, pid, ms, msg):
    try:
        if ms > 0:
            await trio.sleep(ms / 1000)
        send(pid, msg)
    finally:
        node.timers -= 1
        if node.main_done:
            node._check_quiet()
