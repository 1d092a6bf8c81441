"""Frame tags after the handshake (spec 07 §6) and the frame dispatch table.

Every frame body is one msgpack array of fields (§6). `FrameTable` maps a tag to the
handler of the component that owns it (connections, remote processes, global names,
rooms, continuity), the way Erlang's `dist_util` hands control messages to `net_kernel`,
`global`, ...: a component registers its handlers and never sees the others' frames.
"""

from __future__ import annotations

from collections.abc import Callable

from .codec import Codec, DecodeError

T_SEND, T_PEER_LIST, T_LINK, T_UNLINK, T_EXIT = 0x10, 0x12, 0x13, 0x14, 0x15
T_MONITOR, T_DEMONITOR, T_MONITOR_EXIT, T_SPAWN, T_SPAWN_REPLY = 0x16, 0x17, 0x18, 0x19, 0x1A
T_GLOBAL_REGISTER, T_GLOBAL_UNREGISTER, T_GLOBAL_SYNC = 0x1B, 0x1C, 0x1D
T_ROOM_BROADCAST = 0x1E
# continuity (§11.4): field layouts in mesh/cluster/continuity/wire.py
T_CONT_UPSERT, T_CONT_SYNC, T_CONT_PREPARE, T_CONT_PREPARE_ACK = 0x1F, 0x20, 0x21, 0x22
T_OPERATOR_QUERY, T_OPERATOR_REPLY = 0x23, 0x24  # operator CLI (§11.9)
T_HTTP_ROUTE_QUERY, T_HTTP_ROUTE_REPLY = 0x25, 0x26  # clustered HTTP routes (§11.6)
T_NODE_INFO, T_PING, T_PONG = 0x27, 0xF0, 0xF1
T_REDUNDANT = 0x28  # ours: "I close this transport as the redundant one" (no nodedown)

Handler = Callable[..., None]


class FrameTable:
    """Tag → handler `h(session, *fields)`. Unknown tags are ignored (§6); a frame that does
    not decode, or whose handler raises, is dropped and logged while the session stays up
    (§8): one peer's bad frame must never end the connection or the node."""

    __slots__ = ("codec", "log", "handlers")

    def __init__(self, codec: Codec, log: Callable[[str], None]):
        self.codec = codec
        self.log = log
        self.handlers: dict[int, Handler] = {}

    def register(self, tag: int, handler: Handler) -> None:
        if tag in self.handlers:
            raise ValueError(f"frame tag 0x{tag:02x} already has a handler")
        self.handlers[tag] = handler

    def dispatch(self, s, frame: bytes) -> None:
        if not frame:  # a zero-length frame has no tag: nothing to do
            return
        tag = frame[0]
        h = self.handlers.get(tag)
        if h is None:
            return
        try:
            fields = self.codec.decode(memoryview(frame)[1:])
            if type(fields) is not list:
                raise DecodeError("frame body is not an array")
            h(s, *fields)
        except Exception as e:
            self.log(f"mesh node: dropped malformed frame 0x{tag:02x} from {s.peer_name}: {e}")
