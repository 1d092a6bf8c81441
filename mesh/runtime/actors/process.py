"""Process records, exit reasons and runtime notifications (spec 04 §9–§12)."""

from __future__ import annotations

from collections import deque

import trio
from trio.lowlevel import Abort as _Abort

from ..values import Atom

# --------------------------------------------------------------------------------------
# Exit reasons (spec 04 §11). Reasons are `str`s; a crash message is a `Crash` (a `str`
# subclass) so that `panic("normal")` is still abnormal.

NORMAL = "normal"
SHUTDOWN = "shutdown"
KILLED = "killed"
NOPROC = "noproc"
NOCONNECTION = "noconnection"


class Crash(str):
    """An abnormal exit reason carrying an error message."""

    __slots__ = ()


def is_abnormal(reason) -> bool:
    return type(reason) is Crash or (reason != NORMAL and reason != SHUTDOWN)


def reason_text(reason) -> str:
    """The string form seen by Mesh code (DOWN payloads, Job errors)."""
    return str.__str__(reason)


# --------------------------------------------------------------------------------------
# Runtime notifications that reach Mesh code: `(:down, ref, pid, reason)` and (07 §7.5)
# `(:nodedown, name)`. They are tuples of a distinct class so that `receive` can keep them
# away from matchers that do not ask for them (see mailbox.receive `notices`).

DOWN = Atom("down")
NODEDOWN = Atom("nodedown")


class Notice(tuple):
    __slots__ = ()

    def _mesh_display(self):
        from ..fmt import display

        return "(" + ", ".join(map(display, self)) + ")"

    def _mesh_debug(self):
        from ..fmt import debug

        return "(" + ", ".join(map(debug, self)) + ")"


class Killed(BaseException):
    """Raised inside a process without a cancel scope (see `Node.spawn`) when it is killed
    while parked in a runtime wait, or at its next runtime wait after being killed while
    runnable. A `BaseException`, so crash handlers (`except Exception`) never see it."""


def kill_pending(p) -> bool:
    """`p` was killed and has not started exiting: the check at every runtime wake-up of a
    process without a cancel scope."""
    return p.exit_reason is not None and not p.exiting


async def killable_wait(p, wait):
    """`await wait()` (a Trio-level wait) so that `kill` interrupts it also in a process
    without its own cancel scope: one is lent for the duration of the wait."""
    if p.cancel_scope is not None:
        return await wait()
    from .light import promote  # a lent cancel scope needs a Trio task of its own

    await promote(p)
    if kill_pending(p):
        raise Killed
    with trio.CancelScope() as cs:
        p.cancel_scope = cs
        try:
            return await wait()
        finally:
            p.cancel_scope = None
    raise Killed  # only reached when `kill` cancelled the lent scope


class ExitSignal:
    """EXIT notification for a process that traps exits (only runtime processes do)."""

    __slots__ = ("pid", "reason")

    def __init__(self, pid, reason):
        self.pid = pid
        self.reason = reason

    def __repr__(self):
        return f"ExitSignal({self.pid}, {self.reason!r})"


# --------------------------------------------------------------------------------------

KIND_MAIN = "main"
KIND_ACTOR = "actor"
KIND_SERVICE = "service"
KIND_SUPERVISOR = "supervisor"
KIND_JOB = "job"


class Proc:
    """One process. Fields are touched directly by the runtime modules (no methods on the
    hot path). `mailbox` becomes `None` when the process exits (its messages are freed)."""

    __slots__ = (
        "pid",
        "node",
        "kind",
        "name",
        "task",
        "mailbox",
        "scan_from",
        "mbox_waiter",
        "waiter",
        "idle",
        "cancel_scope",
        "exit_reason",
        "exiting",
        "alive",
        "term_scope",
        "term_deadline",
        "terminate",
        "terminate_args",
        "links",
        "monitors",
        "monitoring",
        "names",
        "trap_exit",
        "exit_waiters",
        "result",
        "jobs",
        "owner",
        "current_call",
        "on_exit",
        "coro",
    )

    def __init__(self, node, pid, kind, name, cancel_scope=None):
        self.node = node
        self.pid = pid
        self.kind = kind
        self.name = name
        self.task = None
        self.mailbox = deque()
        self.scan_from = 0
        self.mbox_waiter = None
        self.waiter = None
        self.idle = False
        self.cancel_scope = cancel_scope
        self.exit_reason = None
        self.exiting = False
        self.alive = True
        self.term_scope = None
        self.term_deadline = None
        self.terminate = None
        self.terminate_args = ()
        self.links = None  # set[Proc] | None
        self.monitors = None  # {ref: watcher Proc} — who watches me
        self.monitoring = None  # {ref: target Proc} — whom I watch
        self.names = None  # list[str] | None
        self.trap_exit = False
        self.exit_waiters = None  # list[Proc] parked until I exit
        self.result = None  # jobs: Ok(value) / Err(reason) once finished
        self.jobs = None  # set[Proc]: unfinished jobs started by me
        self.owner = None  # jobs: the Proc that started me
        self.current_call = None  # services: the request being handled
        self.on_exit = None  # [cb(proc, reason)]: release what the process holds
        self.coro = None  # light processes (`task is self`): the body coroutine

    # Parking abort (trio.lowlevel.wait_task_rescheduled): kills and deadlines interrupt.
    def _abort(self, raise_cancel):
        self.mbox_waiter = None
        self.waiter = None
        if self.idle:
            self.idle = False
            self.node.idle -= 1
        return _Abort.SUCCEEDED

    def __repr__(self):
        return f"<Proc {self.pid} {self.kind} {self.name}>"
