"""`run_main`'s hook (docs/internals/workers.md §1): with `MESH_WORKERS=N` (N > 1) this
process becomes the supervisor and never returns; with `MESH_WORKER_CONTROL_FD` it is a
worker and `main` is wrapped; otherwise nothing changes."""

from __future__ import annotations

import os
import socket
import sys

from .config import CONTROL_FD, LISTENER_MODE, WorkersConfigError


def enter(main_fn):
    fd = os.environ.pop(CONTROL_FD, None)  # programs this worker starts are no workers
    if fd is not None:
        from . import worker

        return worker.wrap_main(main_fn, worker.attach(int(fd)))
    from . import config

    try:
        count = config.worker_count(os.environ)
        if count <= 1:
            return main_fn
        app = os.path.splitext(os.path.basename(sys.argv[0] or "mesh"))[0]
        group = config.plan(os.environ, socket.gethostname(), app, count)
        cpus = config.cpu_plan(os.environ, count, config.usable_cpus())
    except WorkersConfigError as e:
        sys.stderr.write(f"[mesh-rt workers] {e}\n")
        sys.exit(2)
    from . import listeners, supervisor

    mode = listeners.choose_mode(os.environ.get(LISTENER_MODE, ""))
    pinned = ", cpus: " + ",".join(map(str, cpus)) if cpus else ""
    supervisor.log(f"starting {count} workers (listeners: {mode}{pinned})")
    sys.exit(supervisor.run(group, mode, config.grace_seconds(os.environ), cpus))
