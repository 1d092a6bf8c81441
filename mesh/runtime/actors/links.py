"""Links, monitors and kills (spec 04 §9–§11)."""

from __future__ import annotations

from .context import current_proc
from .process import DOWN, NOPROC, Notice


def link(pid) -> None:
    """`link(pid)`: bidirectional link with the current process. Idempotent; linking to
    yourself, to the null pid or to a dead process does nothing."""
    cur = current_proc.get()
    q = pid._proc
    if q is None:
        n = pid.node
        if n is not None:  # remote pid (distribution chapter)
            n.route_link(cur, pid)
        return
    if q is cur or not q.alive or not cur.alive:
        return
    if cur.links is None:
        cur.links = {q}
    else:
        cur.links.add(q)
    if q.links is None:
        q.links = {cur}
    else:
        q.links.add(cur)


def link_procs(a, b) -> None:
    """Link two process records (runtime use)."""
    if a is b or not a.alive or not b.alive:
        return
    if a.links is None:
        a.links = set()
    if b.links is None:
        b.links = set()
    a.links.add(b)
    b.links.add(a)


def unlink_procs(a, b) -> None:
    if a.links is not None:
        a.links.discard(b)
    if b.links is not None:
        b.links.discard(a)


def monitor(pid) -> int:
    """`Process.monitor(pid)` / `monitor(pid)`: returns a fresh reference (> 0). When the
    target exits the current process receives `Notice((:down, ref, pid, reason))`; an unknown
    or dead target gives that notice at once with reason `"noproc"`."""
    cur = current_proc.get()
    node = cur.node
    ref = node.next_ref
    node.next_ref = ref + 1
    q = pid._proc
    if q is None and pid.node is not None:  # remote pid (distribution chapter)
        pid.node.route_monitor(cur, pid, ref)
        return ref
    if q is None or not q.alive:
        node.deliver(cur, Notice((DOWN, ref, pid, NOPROC)))
        return ref
    if q.monitors is None:
        q.monitors = {ref: cur}
    else:
        q.monitors[ref] = cur
    if cur.monitoring is None:
        cur.monitoring = {ref: q}
    else:
        cur.monitoring[ref] = q
    return ref


def demonitor(ref) -> int:
    """`Process.demonitor(ref)`: `0` if the reference was active, `1` if unknown. A DOWN
    already queued stays queued."""
    cur = current_proc.get()
    m = cur.monitoring
    if m is None or ref not in m:
        return 1
    q = m.pop(ref)
    if q.monitors is not None:
        q.monitors.pop(ref, None)
    return 0


def exit_process(pid, reason) -> None:
    """Runtime-only kill (there is no Process.exit in Mesh, §9): terminate `pid` with
    `reason` (a reason string from `process`, or a `Crash`)."""
    q = pid._proc
    if q is not None:
        q.node.kill(q, reason)


def trap_exits(flag: bool = True) -> None:
    """Make the current process receive `ExitSignal` messages instead of dying from linked
    crashes (runtime processes only, §9)."""
    current_proc.get().trap_exit = flag


def is_alive(pid) -> bool:
    q = pid._proc
    return q is not None and q.alive
