"""WebSocket rooms across nodes (spec 06 §2.3): after its local delivery `Ws.broadcast`
sends `ROOM_BROADCAST [room, text]` to every peer, and a receiving node delivers to its own
members only (never forwards).

mesh/cluster does not import HTTP code: the HTTP side is injected as hooks, the way the
actor `Node` takes `exit_hook`. `mesh.runtime.stdlib.node` wires both directions once a
node has started (`Ws` calls `broadcast_to_peers`; `deliver_local` ends in
`websocket.broadcast_local`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ..runtime.actors import context as _ctx
from .codec import DecodeError
from .frames import T_ROOM_BROADCAST, FrameTable

deliver_local: Callable[[str, str], Awaitable[object]] | None = None


class Rooms:
    def __init__(self, rt):
        self.rt = rt

    def register_frames(self, table: FrameTable) -> None:
        table.register(T_ROOM_BROADCAST, self._on_room_broadcast)

    def _on_room_broadcast(self, s, room, text):
        if type(room) is not str or type(text) is not str:
            raise DecodeError("room broadcast fields must be strings")
        if deliver_local is not None:
            rt = self.rt
            rt.node.sys_nursery.start_soon(rt.conns.contained, deliver_local, room, text)


def broadcast_to_peers(room: str, text: str) -> None:
    """`ws_base.cluster_broadcast_hook`: `(room, text)` to every connected node, from the
    node of the calling process (a process may run several nodes in tests)."""
    p = _ctx.current_proc.get()
    node = p.node if p is not None else _ctx.current_node.get()
    rt = getattr(node, "cluster", None)
    if rt is not None and rt.started:
        rt.broadcast(T_ROOM_BROADCAST, [room, text])
