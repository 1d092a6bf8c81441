"""Node-name parsing (spec 07 §1): `name@host[:port]`, IPv6 literals in brackets."""

from __future__ import annotations

import ipaddress

DEFAULT_PORT = 9000


class NodeNameError(ValueError):
    pass


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _port(text: str, allow_zero: bool) -> int:
    if not text.isdigit() or not text.isascii():
        raise NodeNameError(f"invalid port: {text!r}")
    p = int(text)
    if p > 65535 or (p == 0 and not allow_zero):
        raise NodeNameError(f"invalid port: {text!r}")
    return p


def parse_node_name(name: str, allow_zero: bool = False) -> tuple[str, str, int]:
    """Split `name` into `(basename, host, port)` or raise `NodeNameError` (§1 rules 1–4).
    `allow_zero` accepts port 0 (`Node.start` only)."""
    if not isinstance(name, str) or "@" not in name:
        raise NodeNameError("expected name@host[:port]")
    base, host = name.split("@", 1)
    if not base:
        raise NodeNameError("node name cannot be blank")
    if not host:
        raise NodeNameError("host cannot be blank")
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            raise NodeNameError("missing ']' in IPv6 host")
        inner, rest = host[1:end], host[end + 1 :]
        if not inner or not _is_ip(inner):
            raise NodeNameError("host is invalid")
        if rest == "":
            return base, inner, DEFAULT_PORT
        if not rest.startswith(":"):
            raise NodeNameError("only :port may follow ']'")
        return base, inner, _port(rest[1:], allow_zero)
    if host.count(":") > 1:
        if _is_ip(host):
            return base, host, DEFAULT_PORT
        raise NodeNameError("IPv6 hosts with ports must use brackets")
    if ":" in host:
        h, p = host.rsplit(":", 1)
        if not h:
            raise NodeNameError("host cannot be blank")
        return base, h, _port(p, allow_zero)
    return base, host, DEFAULT_PORT


def format_node_name(base: str, host: str, port: int) -> str:
    if ":" in host:
        return f"{base}@[{host}]:{port}"
    return f"{base}@{host}:{port}"
