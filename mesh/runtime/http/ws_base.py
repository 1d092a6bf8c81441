"""What both WebSocket codecs, the server and the node wiring share, importable without a
WebSocket library: trio-websocket pulls in wsproto, h11's events, `importlib.metadata` and
the email package (a fifth of an HTTP server's imports), which a program that never
upgrades a connection should not pay at start-up. The reference codec (ws_reference.py)
and so trio-websocket are imported only when `CODEC` selects them."""

from __future__ import annotations

import os

from .model import env_seconds

CODEC = os.environ.get("MESH_WS_CODEC") or (
    "wsproto" if os.environ.get("MESH_HTTP_PARSER") == "h11" else "fast"
)
"""`fast` (ws_fast.py) or `wsproto` (trio-websocket, the reference)."""

# spec 06 §2.2; the environment override exists for the tests only
HANDSHAKE_TIMEOUT = env_seconds("MESH_WS_HANDSHAKE_TIMEOUT_MS", 5.0)

cluster_broadcast_hook = None
"""Set by the distribution layer: `hook(room, text)` (sync) after each local broadcast."""


class CloseReason:
    """Why a connection closed: the close code and reason (trio-websocket's shape)."""

    __slots__ = ("code", "reason")

    def __init__(self, code: int, reason: str | None) -> None:
        self.code = code
        self.reason = reason

    def __repr__(self) -> str:
        return f"CloseReason(code={self.code!r}, reason={self.reason!r})"


class ConnectionClosed(Exception):
    """The fast codec's end of a connection (trio-websocket raises its own class)."""

    def __init__(self, reason: CloseReason | None) -> None:
        super().__init__(reason)
        self.reason = reason


if CODEC == "fast":
    CLOSED: tuple[type[BaseException], ...] = (ConnectionClosed,)
else:
    from trio_websocket import ConnectionClosed as _ReferenceClosed

    CLOSED = (ConnectionClosed, _ReferenceClosed)
"""What ends a connection in this process: catch `CLOSED`, never one class."""
