"""PostgreSQL connection URLs (spec 06 §3.3):
`postgres[ql]://user[:password]@host[:port][/database][?sslmode=…]`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

SSLMODES = ("disable", "prefer", "require", "verify-full")


class PgUrlError(ValueError):
    """A malformed URL; `str(e)` is the spec's error text."""


@dataclass(frozen=True)
class ConnParams:
    user: str
    password: str | None
    host: str
    port: int
    database: str
    sslmode: str = "prefer"


def parse_url(url: str) -> ConnParams:
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            rest = url[len(scheme) :]
            break
    else:
        raise PgUrlError("URL must start with postgres:// or postgresql://")
    query = ""
    if "?" in rest:
        rest, query = rest.split("?", 1)
    at = rest.rfind("@")
    if at < 0:
        raise PgUrlError("URL missing '@' separator")
    userinfo, hostpart = rest[:at], rest[at + 1 :]
    if ":" in userinfo:
        user, password = userinfo.split(":", 1)
        password = unquote(password)
    else:
        user, password = userinfo, None
    user = unquote(user)
    database = ""
    if "/" in hostpart:
        hostpart, database = hostpart.split("/", 1)
        database = unquote(database)
    if hostpart.startswith("["):  # [IPv6]:port
        end = hostpart.find("]")
        host = hostpart[1:end] if end > 0 else hostpart[1:]
        portpart = hostpart[end + 1 :] if end > 0 else ""
        port_text = portpart[1:] if portpart.startswith(":") else None
    elif ":" in hostpart:
        host, port_text = hostpart.rsplit(":", 1)
    else:
        host, port_text = hostpart, None
    host = unquote(host)
    port = 5432
    if port_text is not None:
        if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise PgUrlError(f"invalid port: {port_text}")
        port = int(port_text)
    sslmode = "prefer"
    for item in query.split("&"):
        if "=" in item:
            key, value = item.split("=", 1)
            if unquote(key) == "sslmode":
                value = unquote(value)
                sslmode = value if value in SSLMODES else "prefer"
    return ConnParams(
        user=user,
        password=password,
        host=host,
        port=port,
        database=database or user,
        sslmode=sslmode,
    )
