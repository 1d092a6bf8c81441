"""Mesh `Ws` module (spec 06 §2). `join`/`leave` are plain calls, the rest are coroutines."""

from __future__ import annotations

from ..http import server as _server
from ..http.websocket import (  # noqa: F401
    broadcast,
    broadcast_except,
    close,
    join,
    leave,
    loop,
    receive,
    send,
)


async def serve(on_connect, on_message, on_close, port: int) -> None:
    return await _server.ws_serve(on_connect, on_message, on_close, port)


async def serve_tls(
    on_connect, on_message, on_close, port: int, cert_path: str, key_path: str
) -> None:
    return await _server.ws_serve(on_connect, on_message, on_close, port, tls=(cert_path, key_path))
