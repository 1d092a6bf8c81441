"""Drive the sans-IO `Handshake` (handshake.py) over a byte stream: one loop for node
sessions, `mesh-http-route` links and operator clients."""

from __future__ import annotations

import trio

from .handshake import Handshake


async def run_handshake(stream, hs: Handshake) -> bool:
    """True once the peer is authenticated (`done`, or `verified` for a deferred
    acceptor, which then still has to `accept` or `reject`)."""
    out = hs.data_to_send()
    if out:
        await stream.send_all(out)
    while not (hs.done or hs.failed or hs.verified):
        data = await stream.receive_some(4096)
        if not data:
            hs.failed = True
            hs.error = hs.error or "connection closed during handshake"
            break
        hs.receive_data(data)
        out = hs.data_to_send()
        if out:
            try:
                await stream.send_all(out)
            except (trio.BrokenResourceError, trio.ClosedResourceError):
                if not hs.failed:
                    raise
    return hs.done or hs.verified
