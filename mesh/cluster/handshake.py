"""Cookie handshake with channel binding (spec 07 §4.2) as a sans-IO state machine.

Feed received bytes to `receive_data`; send whatever `data_to_send()` returns. Once
`done` is set the handshake succeeded (`peer_name`, `peer_creation`); once `failed` is set
it failed (`error` is the caller-facing reason, `log` the acceptor's log line or None) and
the connection must be closed after flushing `data_to_send()` (a REJECT).

The cookie is only used as an HMAC key: it never appears in any reason or log text.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct

from .framing import HANDSHAKE_LIMIT, FrameDecoder, FrameTooLarge, encode_frame
from .names import NodeNameError, parse_node_name

VERSION = 1
T_HELLO, T_CHALLENGE, T_PROOF, T_ACCEPT, T_REJECT = 1, 2, 3, 4, 5
CONTEXT = b"mesh-dist-v1"
AUTH_FAILED = "authentication failed"
NAME_IN_USE = "name in use"  # REJECT reason: a live node of another incarnation has the name


def lp(s: bytes) -> bytes:
    return struct.pack("<H", len(s)) + s


def cert_binding(der: bytes) -> bytes:
    """`cb`: SHA-256 of the acceptor certificate's DER encoding."""
    return hashlib.sha256(der).digest()


def transcript(
    n_i: str, k_i: int, nonce_i: bytes, n_a: str, k_a: int, nonce_a: bytes, cb: bytes
) -> bytes:
    return (
        CONTEXT
        + lp(n_i.encode())
        + struct.pack("<I", k_i)
        + nonce_i
        + lp(n_a.encode())
        + struct.pack("<I", k_a)
        + nonce_a
        + cb
    )


def proof(cookie: bytes, label: bytes, t: bytes) -> bytes:
    return hmac.new(cookie, label + t, hashlib.sha256).digest()


def _hello(tag: int, name: str, creation: int, nonce: bytes) -> bytes:
    return encode_frame(
        bytes([tag, VERSION]) + lp(name.encode()) + struct.pack("<I", creation) + nonce
    )


def _parse_hello(body: bytes):
    """(version, name, creation, nonce) of a HELLO/CHALLENGE body (tag stripped)."""
    if len(body) < 3:
        raise ValueError("short frame")
    version = body[0]
    (n,) = struct.unpack_from("<H", body, 1)
    if len(body) != 3 + n + 4 + 32:
        raise ValueError("bad frame length")
    name = body[3 : 3 + n].decode("utf-8")
    (creation,) = struct.unpack_from("<I", body, 3 + n)
    nonce = body[3 + n + 4 :]
    return version, name, creation, nonce


class Handshake:
    """One side of the handshake. `role` is `"initiator"` or `"acceptor"`; `cb` is the
    certificate binding (`cert_binding(acceptor DER)`) as this side sees it.

    `defer_accept` (acceptor): stop at `verified` once the initiator's proof checked out, so
    the caller can still refuse the peer (`reject`) — e.g. because its name is held by a live
    session — instead of ACCEPTing and closing afterwards, which the initiator could not tell
    from a network failure. The caller then calls `accept()` or `reject(reason)`."""

    def __init__(
        self,
        role: str,
        name: str,
        creation: int,
        cookie: bytes,
        cb: bytes,
        nonce: bytes | None = None,
        defer_accept: bool = False,
    ):
        assert role in ("initiator", "acceptor")
        self.role = role
        self.name = name
        self.creation = creation
        self._cookie = cookie
        self.cb = cb
        self.nonce = nonce if nonce is not None else os.urandom(32)
        self._frames = FrameDecoder(HANDSHAKE_LIMIT)
        self._out = bytearray()
        self.peer_name: str | None = None
        self.peer_creation = 0
        self.peer_nonce = b""
        self.defer_accept = defer_accept
        self.verified = False  # acceptor with defer_accept: proof good, decision pending
        self.done = False
        self.failed = False
        self.error = ""
        self.log: str | None = None
        self._expect = T_CHALLENGE if role == "initiator" else T_HELLO
        if role == "initiator":
            self._out += _hello(T_HELLO, name, creation, self.nonce)

    def __repr__(self):
        return f"<Handshake {self.role} {self.name} -> {self.peer_name}>"

    # ---------------------------------------------------------------- io

    def data_to_send(self) -> bytes:
        b = bytes(self._out)
        self._out.clear()
        return b

    def accept(self) -> None:
        """Deferred acceptor: admit the verified peer (queues ACCEPT)."""
        assert self.verified and not (self.done or self.failed)
        self._out += encode_frame(bytes([T_ACCEPT]) + proof(self._cookie, b"acceptor", self._t()))
        self.done = True

    def reject(self, reason: str) -> None:
        """Deferred acceptor: refuse the verified peer (queues REJECT `reason`)."""
        assert self.verified and not (self.done or self.failed)
        self._fail(f"rejected: {reason}", reject=reason)

    def receive_data(self, data: bytes) -> None:
        if self.done or self.failed or self.verified:
            return
        try:
            frames = self._frames.feed(data)
        except FrameTooLarge:
            self._fail("handshake frame too large")
            return
        for f in frames:
            if self.done or self.failed or self.verified:
                return
            if not f:
                self._fail("empty handshake frame")
                return
            try:
                self._on_frame(f[0], f[1:])
            except (ValueError, UnicodeDecodeError, struct.error) as e:
                self._fail(f"malformed handshake frame: {e}")

    @property
    def leftover(self) -> bytes:
        """Bytes received after the last handshake frame (the session's first frames)."""
        return bytes(self._frames.buf)

    # ---------------------------------------------------------------- logic

    def _fail(self, error: str, log: str | None = None, reject: str | None = None):
        self.failed = True
        self.error = error
        self.log = log
        if reject is not None:
            self._out += encode_frame(bytes([T_REJECT]) + reject.encode("ascii"))

    def _t(self) -> bytes:
        if self.role == "initiator":
            return transcript(
                self.name,
                self.creation,
                self.nonce,
                self.peer_name,
                self.peer_creation,
                self.peer_nonce,
                self.cb,
            )
        return transcript(
            self.peer_name,
            self.peer_creation,
            self.peer_nonce,
            self.name,
            self.creation,
            self.nonce,
            self.cb,
        )

    def _check_peer_name(self, name: str) -> str | None:
        try:
            parse_node_name(name)
        except NodeNameError as e:
            return f"invalid remote node name: {name}: {e}"
        if name == self.name:
            return f"invalid remote node name: {name} is this node's own name"
        return None

    def _on_frame(self, tag: int, body: bytes) -> None:
        if tag == T_REJECT and self.role == "initiator":
            reason = body.decode("ascii", "replace")
            if reason == AUTH_FAILED:
                self._fail(f"cookie mismatch: {AUTH_FAILED} from {self.peer_name}")
            else:
                self._fail(f"rejected: {reason}")
            return
        if tag != self._expect:
            self._fail(f"unexpected handshake frame {tag}")
            return
        if tag in (T_HELLO, T_CHALLENGE):
            version, name, creation, nonce = _parse_hello(body)
            if version != VERSION:
                self._fail(
                    f"unsupported protocol version {version}", reject="unsupported protocol version"
                )
                return
            bad = self._check_peer_name(name)
            if bad is not None:
                self._fail(
                    bad,
                    log=bad if self.role == "acceptor" else None,
                    reject="invalid node name" if self.role == "acceptor" else None,
                )
                return
            self.peer_name, self.peer_creation, self.peer_nonce = name, creation, nonce
            if tag == T_HELLO:  # acceptor: answer with our challenge (no cookie involved)
                self._out += _hello(T_CHALLENGE, self.name, self.creation, self.nonce)
                self._expect = T_PROOF
            else:  # initiator: prove knowledge of the cookie over the whole transcript
                p_i = proof(self._cookie, b"initiator", self._t())
                self._out += encode_frame(bytes([T_PROOF]) + p_i)
                self._expect = T_ACCEPT
            return
        if len(body) != 32:
            raise ValueError("bad proof length")
        if tag == T_PROOF:  # acceptor: verify before computing anything else
            expected = proof(self._cookie, b"initiator", self._t())
            if not hmac.compare_digest(expected, body):
                msg = f"cookie mismatch: {AUTH_FAILED} from {self.peer_name}"
                self._fail(msg, log=f"handshake failed: {msg}", reject=AUTH_FAILED)
                return
            self.verified = True
            if not self.defer_accept:
                self.accept()
            return
        # T_ACCEPT (initiator)
        expected = proof(self._cookie, b"acceptor", self._t())
        if not hmac.compare_digest(expected, body):
            self._fail(f"cookie mismatch: {AUTH_FAILED} from {self.peer_name}")
            return
        self.done = True
