"""The reference WebSocket codec: trio-websocket over wsproto (`MESH_WS_CODEC=wsproto`, and
the default under `MESH_HTTP_PARSER=h11`), kept as the correctness reference for the fast
codec (ws_fast.py): both pass the same tests. Imported only when chosen (ws_base.py)."""

from __future__ import annotations

from trio_websocket import CloseReason, ConnectionClosed, WebSocketConnection
from wsproto import ConnectionType, WSConnection
from wsproto.connection import ConnectionState
from wsproto.events import CloseConnection

from .websocket import truncate_reason


class _Connection(WebSocketConnection):
    """trio-websocket answers a frame wsproto cannot parse by closing the TCP connection
    without a close frame; spec 06 §2.2 wants close 1002 (1007 `invalid UTF-8` for bad
    text) first."""

    async def _handle_close_connection_event(self, event):
        if self._wsproto.state is not ConnectionState.OPEN:
            # a real close frame from the peer (wsproto moved to REMOTE_CLOSING/CLOSED)
            await super()._handle_close_connection_event(event)
            return
        # still OPEN: the event is wsproto's report of a frame that failed to parse
        code = event.code
        why = "invalid UTF-8" if code == 1007 else truncate_reason(event.reason or "")
        self._close_reason = CloseReason(code, why)
        try:
            await self._send(CloseConnection(code=code, reason=why))
        except ConnectionClosed:
            pass
        await self._close_web_socket(code, why)
        self._close_handshake.set()
        await self._close_stream()


async def accept(nursery, stream, max_message: int, receive_bytes: int):
    """trio_websocket.wrap_server_stream with our connection class; the accepted
    connection (its reader task runs in `nursery`)."""
    conn = _Connection(
        stream,
        WSConnection(ConnectionType.SERVER),
        max_message_size=max_message,
        receive_buffer_size=receive_bytes,
    )
    nursery.start_soon(conn._reader_task)
    wreq = await conn._get_request()
    return await wreq.accept()
