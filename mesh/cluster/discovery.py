"""DNS discovery (spec 07 §11.2): every interval, resolve the seed and dial new addresses.

`config(env, bound_port)` and `plan(...)`/`format_line(...)` are pure; `run(rt, cfg)` is the
loop that `start(rt, env)` places in the node's system nursery (it keeps nothing alive).
Our extension: the seed is a comma-separated list of host names / IP literals.

Addresses are compared as `(ip, port)` pairs with the IP normalised by `ipaddress`, so
`::1` from DNS and `[0:0::1]` from a node name count as the same address.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping
from dataclasses import dataclass

import trio

from .bootstrap import (
    CLUSTER_PORT,
    DEFAULT_DISCOVERY_INTERVAL_MS,
    INTERVAL,
    SEED,
    parse_positive,
)
from .names import NodeNameError, parse_node_name
from .session import log

PLACEHOLDER = "discovery"


@dataclass(frozen=True)
class DiscoveryConfig:
    seed: str  # as configured (logged)
    entries: tuple[str, ...]
    port: int
    interval: float  # seconds


def config(env: Mapping[str, str], bound_port: int):
    """`(DiscoveryConfig, None)`, `(None, reason)` for a bad configuration (discovery is then
    disabled), or `(None, None)` when no seed is set (discovery is off)."""
    seed = (env.get(SEED) or "").strip()
    if not seed:
        return None, None
    entries = tuple(e.strip() for e in seed.split(",") if e.strip())
    if not entries:
        return None, "invalid_seed"
    port_text = (env.get(CLUSTER_PORT) or "").strip()
    port = parse_positive(port_text, 65535) if port_text else bound_port
    if port is None:
        return None, "invalid_cluster_port"
    interval_text = (env.get(INTERVAL) or "").strip()
    interval = parse_positive(interval_text) if interval_text else DEFAULT_DISCOVERY_INTERVAL_MS
    if interval is None:
        return None, "invalid_discovery_interval"
    return DiscoveryConfig(seed, entries, port, interval / 1000), None


def norm(ip: str) -> str:
    try:
        return str(ipaddress.ip_address(ip.split("%", 1)[0]))
    except ValueError:
        return ip


def target(addr: tuple[str, int]) -> str:
    ip, port = addr
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def plan(resolved, own, connected):
    """Step 2: `(accepted, rejected)` from the resolved `(ip, port)` list in order;
    `rejected` holds `(addr, reason)` with reason `duplicate`, `self` or
    `already_connected`."""
    seen = set()
    accepted, rejected = [], []
    for a in resolved:
        if a in seen:
            rejected.append((a, "duplicate"))
            continue
        seen.add(a)
        if a in own:
            rejected.append((a, "self"))
        elif a in connected:
            rejected.append((a, "already_connected"))
        else:
            accepted.append(a)
    return accepted, rejected


def format_line(
    cfg: DiscoveryConfig, n_resolved: int, accepted, rejected, last_error: str | None
) -> str:
    acc = ",".join(target(a) for a in accepted) or "none"
    rej = ",".join(f"{target(a)}:{why}" for a, why in rejected) or "none"
    return (
        f"mesh discovery: provider=dns seed={cfg.seed} cluster_port={cfg.port} "
        f"resolved={n_resolved} accepted={len(accepted)} accepted_targets={acc} "
        f"rejected_targets={rej} last_error={last_error or 'none'}"
    )


def disabled_line(reason: str) -> str:
    return f"mesh discovery: provider=dns status=disabled reason={reason} last_error={reason}"


# ------------------------------------------------------------------------------------------


def start(rt, env: Mapping[str, str]) -> None:
    """Called after a successful `Node.start`: run discovery when a seed is configured."""
    cfg, bad = config(env, rt.port)
    if bad is not None:
        log(disabled_line(bad))
        return
    if cfg is not None:
        rt.node.sys_nursery.start_soon(run, rt, cfg, name="mesh-discovery")


async def _resolve(host: str, port: int) -> list[tuple[str, int]]:
    infos = await trio.socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [
        (norm(sa[0]), port)
        for fam, _t, _p, _c, sa in infos
        if fam in (socket.AF_INET, socket.AF_INET6)
    ]


async def _name_addrs(name: str) -> set[tuple[str, int]]:
    """Addresses a node name stands for; empty when it does not resolve right now."""
    try:
        _b, host, port = parse_node_name(name)
        return set(await _resolve(host, port))
    except (NodeNameError, OSError, UnicodeError):
        return set()


class _Loop:
    def __init__(self, rt, cfg: DiscoveryConfig):
        self.rt = rt
        self.cfg = cfg
        self.dialing: set[tuple[str, int]] = set()
        self.dial_errors: dict[tuple[str, int], str] = {}
        self.last_line = None

    async def round(self, nursery) -> None:
        rt, cfg = self.rt, self.cfg
        resolved, errors = [], []
        for entry in cfg.entries:
            try:
                resolved += await _resolve(entry, cfg.port)
            except OSError as e:
                errors.append(f"resolve {entry}: {e.strerror or type(e).__name__}")
            except UnicodeError:  # the IDNA codec rejects names such as `a..b`
                errors.append(f"resolve {entry}: invalid host name")
        own = await _name_addrs(rt.name)
        connected = set()
        alias = rt.dialed_as
        for name, s in list(rt.sessions.items()):
            if s.alive:
                connected |= await _name_addrs(name)
        # a peer whose advertised name resolves elsewhere is known by the address we dialed
        for a in set(resolved):
            real = alias.get(f"{PLACEHOLDER}@{target(a)}")
            s = rt.sessions.get(real) if real is not None else None
            if s is not None and s.alive:
                connected.add(a)
        accepted, rejected = plan(resolved, own, connected)
        # a failed dial stays reported until the address is dialed successfully or gone,
        # so a slow dial still in flight does not flip the line back and forth
        for a in list(self.dial_errors):
            if a in accepted:
                errors.append(self.dial_errors[a])
            else:
                del self.dial_errors[a]
        for a in accepted:
            if a not in self.dialing:
                self.dialing.add(a)
                nursery.start_soon(self.dial, a)
        line = format_line(
            cfg, len(resolved), accepted, rejected, "; ".join(errors) if errors else None
        )
        if line != self.last_line:
            self.last_line = line
            log(line)

    async def dial(self, a) -> None:
        try:
            rc = await self.rt.connect(f"{PLACEHOLDER}@{target(a)}", quiet=True)
        finally:
            self.dialing.discard(a)
        if rc == 0:
            self.dial_errors.pop(a, None)
        else:
            why = "connect failed" if rc == -2 else "handshake failed"
            self.dial_errors[a] = f"dial {target(a)}: {why}"


async def run(rt, cfg: DiscoveryConfig) -> None:
    loop = _Loop(rt, cfg)
    rt.discovery = loop
    nursery = rt.node.sys_nursery
    while True:
        try:
            await loop.round(nursery)
        except Exception as e:  # a discovery bug must not take the program down with it
            log(f"mesh discovery: provider=dns round failed: {type(e).__name__}")
        await trio.sleep(cfg.interval)
