"""Mesh actor runtime on Trio (spec 04; API for codegen: docs/internals/actors-contract.md).

Every name codegen uses is re-exported here; import as `from mesh.runtime import actors as
_a` (or import hot names directly).
"""

from . import context as sched  # noqa: F401  (`sched.red`, `sched.yield_now`)
from .context import current_node, current_proc, yield_now  # noqa: F401
from .job import job_async, job_await, job_await_timeout, job_map  # noqa: F401
from .links import (  # noqa: F401
    demonitor,
    exit_process,
    is_alive,
    link,
    monitor,
    trap_exits,
    unlink_procs,
)
from .mailbox import (  # noqa: F401
    TIMEOUT,
    mailbox_size,
    receive,
    receive_any,
    self_pid,
    send,
)
from .node import Node, crash_reason, run_program  # noqa: F401
from .pid import NULL_PID, Pid  # noqa: F401
from .process import (  # noqa: F401
    DOWN,
    KILLED,
    NODEDOWN,
    NOPROC,
    NORMAL,
    SHUTDOWN,
    Crash,
    ExitSignal,
    Notice,
    is_abnormal,
    reason_text,
)
from .registry import register, unregister, whereis  # noqa: F401
from .service import ServiceSpec, call, cast, start_service  # noqa: F401
from .spawn import set_terminate, spawn, spawn_named  # noqa: F401
from .supervisor import (  # noqa: F401
    BRUTAL_KILL,
    ONE_FOR_ALL,
    ONE_FOR_ONE,
    PERMANENT,
    REST_FOR_ONE,
    SIMPLE_ONE_FOR_ONE,
    TEMPORARY,
    TRANSIENT,
    ChildSpec,
    SupervisorSpec,
    start_supervisor,
)
from .timers import send_after, sleep  # noqa: F401
