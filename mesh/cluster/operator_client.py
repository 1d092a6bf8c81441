"""The client side of an operator query (spec 07 §11.9): dial, TLS, the cookie handshake
as the transient `mesh-operator-query@127.0.0.1:1` (creation 0), one `OPERATOR_QUERY`, one
`OPERATOR_REPLY`. It never joins the cluster: no session, no node is started."""

from __future__ import annotations

import trio

from .codec import Codec, DecodeError
from .frames import T_OPERATOR_QUERY, T_OPERATOR_REPLY
from .framing import SESSION_LIMIT, FrameDecoder, FrameTooLarge, encode_frame
from .handshake import Handshake, cert_binding
from .handshake_io import run_handshake
from .names import parse_node_name
from .operator import OPERATOR_NAME
from .tls import SERVER_NAME, client_context
from .transport import TlsStream


class Unavailable(Exception):
    """Connect or handshake failed (`... unavailable: <reason>`)."""


class ReplyDecodeError(Exception):
    """The node answered something that is not an operator reply."""


class _NoPids:
    """Operator replies carry no pids; a pid in one is a decode error."""

    def pid_to_wire(self, pid):
        raise DecodeError("unexpected pid")

    pid_from_wire = pid_to_wire


async def query(node: str, cookie: str, kind: str, arg) -> tuple[bool, str]:
    """(ok, text) from `node` (`name@host:port`, already validated by the caller)."""
    _b, host, port = parse_node_name(node)
    try:
        tcp = await trio.open_tcp_stream(host, port)
    except OSError as e:
        raise Unavailable(f"connect failed: {e.strerror or e}") from None
    tls = TlsStream(tcp, client_context(), server_side=False, server_hostname=SERVER_NAME)
    try:
        try:
            await tls.do_handshake()
            hs = Handshake(
                "initiator",
                OPERATOR_NAME,
                0,
                cookie.encode("utf-8"),
                cert_binding(tls.getpeercert(binary_form=True)),
            )
            await run_handshake(tls, hs)
        except (trio.BrokenResourceError, trio.ClosedResourceError, OSError) as e:
            raise Unavailable(f"handshake failed: {type(e).__name__}") from None
        if not hs.done:
            raise Unavailable(f"handshake failed: {hs.error}")
        codec = Codec(_NoPids())
        try:
            await tls.send_all(encode_frame(bytes([T_OPERATOR_QUERY]) + codec.encode([kind, arg])))
            dec = FrameDecoder(SESSION_LIMIT)
            frames = dec.feed(hs.leftover)
            while not frames:
                data = await tls.receive_some(65536)
                if not data:
                    raise ReplyDecodeError("connection closed before the reply")
                frames = dec.feed(data)
        except (trio.BrokenResourceError, trio.ClosedResourceError, OSError) as e:
            raise ReplyDecodeError(f"connection lost: {type(e).__name__}") from None
        except FrameTooLarge as e:
            raise ReplyDecodeError(str(e)) from None
        frame = frames[0]
        if frame[0] != T_OPERATOR_REPLY:
            raise ReplyDecodeError(f"unexpected frame 0x{frame[0]:02x}")
        try:
            ok, text = codec.decode(memoryview(frame)[1:])
        except (DecodeError, ValueError, TypeError) as e:
            raise ReplyDecodeError(str(e)) from None
        if type(ok) is not bool or type(text) is not str:
            raise ReplyDecodeError("reply fields have the wrong types")
        return ok, text
    finally:
        with trio.CancelScope(shield=True):
            await trio.aclose_forcefully(tls)
