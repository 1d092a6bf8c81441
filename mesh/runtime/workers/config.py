"""What the supervisor decides before starting workers, sans-IO (docs/internals/workers.md):
the worker count, each worker's node identity (name, listener address, role, epoch) and the
cookie. `plan(env, hostname, app, count)` reuses the cluster bootstrap's resolution so a
configured program's worker 0 is exactly the node `Node.start_from_env()` would start."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from ...cluster import bootstrap

WORKERS = "MESH_WORKERS"
CONTROL_FD = "MESH_WORKER_CONTROL_FD"
LISTENER_MODE = "MESH_WORKERS_LISTENER"
GRACE_MS = "MESH_WORKERS_GRACE_MS"
PIN = "MESH_WORKERS_PIN"
DEFAULT_GRACE_MS = 4000
PRIVATE_HOST = "127.0.0.1"


class WorkersConfigError(Exception):
    """`str(e)` is the start-up error line's text."""


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(env: Mapping[str, str], cpus: int | None = None) -> int:
    """`MESH_WORKERS`: unset/empty → 1, `auto` → the usable CPUs, else a positive integer."""
    text = (env.get(WORKERS) or "").strip()
    if not text:
        return 1
    if text.lower() == "auto":
        return cpus if cpus is not None else available_cpus()
    n = bootstrap.parse_positive(text, 4096)
    if n is None:
        raise WorkersConfigError(f"invalid {WORKERS}={text!r}: expected a positive integer or auto")
    return n


def usable_cpus() -> list[int]:
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return []


def cpu_plan(env: Mapping[str, str], count: int, cpus: list[int]) -> list[int] | None:
    """The CPU each worker is pinned to, or None (no pinning). `MESH_WORKERS_PIN`: unset or
    `auto` pins only with one worker per usable CPU (the host's cores are the group's: a
    worker that stays on its core keeps its caches instead of being moved around by every
    wake-up of another process); `1` pins worker i to the i-th usable CPU (round robin);
    `0` never pins."""
    text = (env.get(PIN) or "").strip().lower()
    if text not in ("", "auto", "0", "1"):
        raise WorkersConfigError(f"invalid {PIN}={text!r}: expected auto, 0 or 1")
    if not cpus or text == "0" or (text != "1" and count != len(cpus)):
        return None
    return [cpus[i % len(cpus)] for i in range(count)]


def grace_seconds(env: Mapping[str, str]) -> float:
    n = bootstrap.parse_positive((env.get(GRACE_MS) or "").strip())
    return (n if n is not None else DEFAULT_GRACE_MS) / 1000


@dataclass(frozen=True)
class WorkerIdentity:
    index: int
    name: str  # the node name (port 0 for a private group: filled in once bound)
    host: str  # listener address
    port: int  # 0 → ephemeral
    role: str
    epoch: int


@dataclass(frozen=True)
class GroupPlan:
    configured: bool  # a cluster configuration (cookie) is present
    workers: tuple[WorkerIdentity, ...]
    cookie: str = field(repr=False)


def worker_name(base: str, index: int) -> str:
    """The basename of worker `index`: the app's own for worker 0, `<base>-w<i>` after."""
    return base if index == 0 else f"{base}-w{index}"


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def plan(env: Mapping[str, str], hostname: str, app: str, count: int) -> GroupPlan:
    """Identities of `count` workers. With a valid cluster configuration (spec 07 §11.1):
    worker 0 is the configured node and carries the host's role and epoch, worker i is
    `<base>-w<i>@<host>:<port+i>`, standby at the same epoch. Otherwise (standalone, or a
    configuration the program will see rejected by `Node.start_from_env()`): a private
    group `<app>-w<i>@127.0.0.1:<ephemeral>` with a fresh cookie, worker 0 primary."""
    try:
        cfg = bootstrap.resolve(env, hostname)
    except bootstrap.BootstrapError:
        cfg = None
    if cfg is not None and cfg.mode == "cluster":
        base, rest = cfg.node_name.split("@", 1)
        host = rest[1 : rest.index("]")] if rest.startswith("[") else rest.rsplit(":", 1)[0]
        workers = []
        for i in range(count):
            port = cfg.cluster_port + i
            if port > 65535:
                raise WorkersConfigError(
                    f"{count} workers need cluster ports up to {cfg.cluster_port + count - 1}"
                )
            name = cfg.node_name if i == 0 else f"{worker_name(base, i)}@{_host_port(host, port)}"
            role = cfg.role if i == 0 else "standby"
            workers.append(WorkerIdentity(i, name, host, port, role, cfg.epoch))
        return GroupPlan(True, tuple(workers), cfg.cookie)
    base = _safe_base(app)
    workers = tuple(
        WorkerIdentity(
            i,
            f"{base}-w{i}@{PRIVATE_HOST}:0",
            PRIVATE_HOST,
            0,
            "primary" if i == 0 else "standby",
            0,
        )
        for i in range(count)
    )
    return GroupPlan(False, workers, secrets.token_hex(32))


def _safe_base(app: str) -> str:
    """A node basename from a program name: no `@`, no spaces, never empty."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in app).strip("-.")
    return cleaned or "mesh"


def with_port(name: str, port: int) -> str:
    """`name` (`base@host:0`) with the bound port."""
    base, rest = name.split("@", 1)
    host = rest[1 : rest.index("]")] if rest.startswith("[") else rest.rsplit(":", 1)[0]
    return f"{base}@{_host_port(host, port)}"
