"""Listening sockets the supervisor makes for its workers (docs/internals/workers.md §2–§3).

HTTP/WebSocket ports: with `SO_REUSEPORT` every worker gets a socket of its own bound to
the same port (the kernel spreads connections over them); the first request binds a
*reservation* socket in the group that never listens, which turns port 0 into one real port
and keeps the port while a worker restarts. Without it (or `MESH_WORKERS_LISTENER=shared`)
one listening socket per port is shared by every worker (pre-fork accept).

Node listeners: one per worker, bound once, so a restarted worker keeps its name and port.
"""

from __future__ import annotations

import errno
import socket

REUSEPORT = "reuseport"
SHARED = "shared"
_NO_IPV6 = (errno.EAFNOSUPPORT, errno.EADDRNOTAVAIL)


def reuseport_available() -> bool:
    if not hasattr(socket, "SO_REUSEPORT"):
        return False
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        return True
    except OSError:
        return False


def choose_mode(requested: str) -> str:
    if requested.strip().lower() == SHARED or not reuseport_available():
        return SHARED
    return REUSEPORT


def _bound(port: int, host: str | None, reuseport: bool, listen: bool) -> tuple[socket.socket, str]:
    """A socket bound like `http.server.bind_socket` (dual stack `[::]`, else `0.0.0.0`, or
    `host`); `(sock, shown_host)`. Raises OSError."""
    attempts = []
    if host is None and socket.has_ipv6:
        attempts.append((socket.AF_INET6, "::", "[::]"))
    h = host or "0.0.0.0"
    attempts.append(
        (socket.AF_INET6 if ":" in h else socket.AF_INET, h, f"[{h}]" if ":" in h else h)
    )
    for i, (family, addr, shown) in enumerate(attempts):
        try:
            s = socket.socket(family, socket.SOCK_STREAM)
        except OSError as e:
            if i + 1 < len(attempts) and e.errno in _NO_IPV6:
                continue
            raise
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if reuseport:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            if family == socket.AF_INET6 and addr == "::":
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            s.bind((addr, port))
            if listen:
                s.listen(1024)
            return s, shown
        except OSError as e:
            s.close()
            if i + 1 < len(attempts) and e.errno in _NO_IPV6:
                continue
            raise
    raise OSError(errno.EADDRNOTAVAIL, "no usable address")


class HttpListeners:
    """The HTTP/WebSocket ports asked for by workers, keyed by (host, requested port)."""

    def __init__(self, mode: str):
        self.mode = mode
        self._held: dict[tuple, tuple[socket.socket, str]] = {}

    def socket_for(self, host: str | None, port: int) -> tuple[socket.socket, str, bool]:
        """`(sock, shown_host, owned)` for one worker's request; `owned` means the caller
        closes `sock` once it was sent (the worker then holds the only copy)."""
        key = (host, port)
        held = self._held.get(key)
        if self.mode == SHARED:
            if held is None:
                held = self._held[key] = _bound(port, host, False, True)
            return held[0], held[1], False
        if held is None:
            held = self._held[key] = _bound(port, host, True, False)
        real_port = held[0].getsockname()[1]
        s, shown = _bound(real_port, host, True, True)
        return s, shown, True

    def close(self) -> None:
        for s, _shown in self._held.values():
            s.close()
        self._held.clear()


def node_listener(host: str, port: int) -> socket.socket:
    """A worker's node (cluster) listener, like `cluster.connections.bind_listener`."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    fam, typ, proto, _c, addr = infos[0]
    s = socket.socket(fam, typ, proto)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(addr)
        s.listen(128)
    except OSError:
        s.close()
        raise
    return s
