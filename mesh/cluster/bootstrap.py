"""Environment resolution of `Node.start_from_env()` (spec 07 §11.1), sans-IO.

`resolve(env, hostname)` turns an environment mapping into a `BootstrapConfig` or raises
`BootstrapError` whose text is the spec's verbatim `Err` reason. Starting the node (step 7)
is the caller's job (`mesh.runtime.stdlib.node.start_from_env`), so every rule here is
testable without sockets. The cookie only lives in `BootstrapConfig.cookie` (excluded from
`repr`) and never enters an error text.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_CLUSTER_PORT = 4370
DEFAULT_DISCOVERY_INTERVAL_MS = 5000

COOKIE = "MESH_CLUSTER_COOKIE"
SEED = "MESH_DISCOVERY_SEED"
NODE_NAME = "MESH_NODE_NAME"
NODE_HOST = "MESH_NODE_HOST"
CLUSTER_PORT = "MESH_CLUSTER_PORT"
ROLE = "MESH_CONTINUITY_ROLE"
EPOCH = "MESH_CONTINUITY_PROMOTION_EPOCH"
FLY_VARS = ("FLY_APP_NAME", "FLY_REGION", "FLY_MACHINE_ID", "FLY_PRIVATE_IP")
INTERVAL = "MESH_DISCOVERY_INTERVAL_MS"
STARTUP_DELAY = "MESH_STARTUP_WORK_DELAY_MS"

# Step 1 checks them in the order of the spec's table, so the first bad one is reported.
ENV_VARS = (
    COOKIE,
    SEED,
    NODE_NAME,
    NODE_HOST,
    CLUSTER_PORT,
    ROLE,
    EPOCH,
    *FLY_VARS,
    INTERVAL,
    STARTUP_DELAY,
)

ROLES = ("primary", "standby")

# RFC 1123 host names (labels of letters, digits and inner hyphens); IP literals are
# checked separately with `ipaddress`.
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z")


class BootstrapError(Exception):
    """`str(e)` is the `Err(reason)` text of §11.1."""


@dataclass(frozen=True)
class BootstrapConfig:
    mode: str  # "cluster" or "standalone"
    cluster_port: int
    node_name: str = ""
    discovery_seed: str = ""
    role: str = "primary"
    epoch: int = 0
    cookie: str = field(default="", repr=False)


def _valid_utf8(value: str) -> bool:
    # os.environ decodes undecodable bytes as lone surrogates (PEP 383)
    try:
        value.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _get(env: Mapping[str, str], key: str) -> str:
    return (env.get(key) or "").strip()


def parse_positive(text: str, limit: int | None = None) -> int | None:
    """A decimal integer ≥ 1 (and ≤ `limit`), or None. Signs and non-ASCII digits are
    rejected so that `+5` or `٥` never count as numbers."""
    if not text or not text.isascii() or not text.isdigit():
        return None
    n = int(text)
    if n < 1 or (limit is not None and n > limit):
        return None
    return n


def _host_ok(host: str) -> bool:
    if _is_ip(host):
        return True
    if len(host) > 253:
        return False
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return all(_LABEL.match(lb) for lb in labels)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def validate_node_name(name: str, cluster_port: int) -> str | None:
    """Strict `name@host:port` / `name@[v6]:port` check of §11.1 step 5; the `<why>` text
    of the first violation, or None when `name` is acceptable."""
    if any(c.isspace() for c in name):
        return "value cannot contain spaces"
    if "@" not in name:
        return "expected name@host:port"
    base, rest = name.split("@", 1)
    if not base:
        return "node name cannot be blank"
    if not rest:
        return "host cannot be blank"
    if rest.startswith("["):
        end = rest.find("]")
        if end < 0:
            return "IPv6 host must use [addr]:port"
        host, tail = rest[1:end], rest[end + 1 :]
        if not host:
            return "host cannot be blank"
        if not tail.startswith(":"):
            return "expected name@host:port"
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return "host is invalid"
        port_text = tail[1:]
    else:
        if rest.count(":") > 1:
            return "IPv6 host must use [addr]:port"
        if ":" not in rest:
            return "expected name@host:port"
        host, port_text = rest.split(":", 1)
        if not host:
            return "host cannot be blank"
        if not _host_ok(host):
            return "host is invalid"
    port = parse_positive(port_text, 65535)
    if port is None:
        return "port must be a positive integer"
    if port != cluster_port:
        return "port must match MESH_CLUSTER_PORT"
    return None


def _with_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _identity(env: Mapping[str, str], port: int, hostname: str) -> str:
    """Step 5: explicit name, Fly.io identity or the host-name fallback."""
    explicit = _get(env, NODE_NAME)
    if explicit:
        why = validate_node_name(explicit, port)
        if why is not None:
            raise BootstrapError(f"Invalid MESH_NODE_NAME: {why}")
        return explicit
    fly = [_get(env, k) for k in FLY_VARS]
    if any(fly):
        if not all(fly):
            raise BootstrapError(
                "Invalid cluster identity: Fly cluster identity requires FLY_APP_NAME, "
                "FLY_REGION, FLY_MACHINE_ID, and FLY_PRIVATE_IP"
            )
        app, region, machine, ip = fly
        name = f"{app}-{region}-{machine}@{_with_port(ip, port)}"
    else:
        hostname = hostname.strip()
        name = f"{hostname}@{_with_port(_get(env, NODE_HOST) or hostname, port)}"
    why = validate_node_name(name, port)
    if why is not None:
        raise BootstrapError(f"Invalid cluster identity: {why}")
    return name


def resolve(env: Mapping[str, str], hostname: str) -> BootstrapConfig:
    """Steps 1–6 of §11.1 over `env` (e.g. `os.environ`); `hostname` is the system host
    name used by the identity fallback."""
    for key in ENV_VARS:
        v = env.get(key)
        if v is not None and not _valid_utf8(v):
            raise BootstrapError(f"{key} must be valid UTF-8")
    port_text = _get(env, CLUSTER_PORT)
    port = DEFAULT_CLUSTER_PORT if not port_text else parse_positive(port_text, 65535)
    if port is None:
        raise BootstrapError("Invalid MESH_CLUSTER_PORT: expected a positive integer")
    cookie = _get(env, COOKIE)
    seed = _get(env, SEED)
    if not cookie:
        hints = (
            seed,
            _get(env, NODE_NAME),
            _get(env, NODE_HOST),
            *(_get(env, k) for k in FLY_VARS),
        )
        if any(hints):
            raise BootstrapError(
                "MESH_CLUSTER_COOKIE is required when discovery or identity env is set"
            )
        return BootstrapConfig("standalone", port)
    if not seed:
        raise BootstrapError("Missing required environment variable MESH_DISCOVERY_SEED")
    name = _identity(env, port, hostname)
    role = _get(env, ROLE) or "primary"
    if role not in ROLES:
        raise BootstrapError("Invalid MESH_CONTINUITY_ROLE: expected primary or standby")
    epoch_text = _get(env, EPOCH)
    epoch = 0
    if epoch_text:
        if not epoch_text.isascii() or not epoch_text.isdigit():
            raise BootstrapError(
                "Invalid MESH_CONTINUITY_PROMOTION_EPOCH: expected a non-negative integer"
            )
        epoch = int(epoch_text)
    return BootstrapConfig("cluster", port, name, seed, role, epoch, cookie)


START_FAILURES = {
    -1: "node already started",
    -2: "listener bind failed",
    -3: "invalid node name or cookie",
}


def start_failure(name: str, rc: int) -> str:
    """Step 7's error text for a non-zero `Node.start` code."""
    return (
        f"mesh bootstrap start failed node={name}: {START_FAILURES.get(rc, 'listener bind failed')}"
    )
