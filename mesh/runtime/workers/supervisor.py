"""The supervisor: the process a user started with `MESH_WORKERS=N` (docs/internals/
workers.md §1, §6). It never runs `main`: it binds the workers' node listeners, re-executes
the program N times, answers their listener requests, lets one worker at a time run
`main`, restarts crashed workers with back-off and stops them all on SIGTERM/SIGINT.

One thread, one `selectors` loop: signals arrive through the wake-up descriptor, workers'
exits are polled after each wake-up (SIGCHLD wakes it) and timers are the select timeout.
It imports no Trio and touches no actor runtime.
"""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

from . import control
from .config import CONTROL_FD, GroupPlan, WorkerIdentity, with_port
from .listeners import HttpListeners, node_listener

READY_TIMEOUT = 5.0  # a worker whose main neither listens nor returns counts as started
BACKOFF_FIRST = 0.1
BACKOFF_MAX = 10.0
STABLE_AFTER = 10.0  # a worker that ran this long restarts with the first back-off

# Set by `mesh run`: the command of the cached debug launcher, so workers do not recompile.
reexec_command: list[str] | None = None


def worker_command() -> list[str]:
    """How to start this very program again, without `python -m` or source files in a
    release binary. There the program is the file the user started: Nuitka records it as
    `__compiled__.original_argv0` (a onefile binary runs unpacked in a temporary directory
    whose `sys.executable` names a `python` that does not exist; each worker unpacks its
    own copy)."""
    if reexec_command is not None:
        return list(reexec_command)
    if "__compiled__" in globals():  # Nuitka: this module is compiled into the binary
        return [_started_binary(), *sys.argv[1:]]
    return [sys.executable, *sys.argv]


def _started_binary() -> str:
    argv0 = getattr(globals()["__compiled__"], "original_argv0", None) or sys.argv[0]
    if os.sep not in argv0:  # started through $PATH
        found = shutil.which(argv0)
        if found:
            return found
    return os.path.abspath(argv0)


def log(line: str) -> None:
    try:
        sys.stderr.write(f"[mesh-rt workers] {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


@dataclass
class Worker:
    ident: WorkerIdentity
    name: str
    node_sock: socket.socket
    proc: subprocess.Popen | None = None
    ctrl: socket.socket | None = None
    reader: control.Reader | None = None
    state: str = "stopped"  # waiting → starting → running; restarting; stopped
    started_at: float = 0.0
    ready_deadline: float = 0.0
    ever_ready: bool = False
    crashes: int = 0
    restarts: int = 0
    restart_at: float | None = None
    last_status: int | None = None


def _status_code(rc: int) -> int:
    return 128 - rc if rc < 0 else rc


class Supervisor:
    def __init__(
        self, group: GroupPlan, listener_mode: str, grace: float, cpus: list[int] | None = None
    ):
        self.group = group
        self.cpus = cpus  # worker i runs on cpus[i] (config.cpu_plan), None: anywhere
        self.http = HttpListeners(listener_mode)
        self.grace = grace
        self.sel = selectors.DefaultSelector()
        self.workers: list[Worker] = []
        self.signals: list[int] = []
        self.stopping = False
        self.stop_signal: int | None = None
        self.stop_deadline: float | None = None
        self.exit_code = 0
        self.command = worker_command()

    # ------------------------------------------------------------------ start

    def bind_nodes(self) -> None:
        for ident in self.group.workers:
            s = node_listener(ident.host, ident.port)
            name = ident.name if ident.port else with_port(ident.name, s.getsockname()[1])
            self.workers.append(Worker(ident, name, s))

    def spawn(self, w: Worker) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        env = dict(os.environ)
        env[CONTROL_FD] = str(child.fileno())
        try:
            w.proc = subprocess.Popen(self.command, env=env, pass_fds=(child.fileno(),))
        finally:
            child.close()
        if self.cpus is not None:
            _pin(w.proc.pid, self.cpus[w.ident.index])
        w.ctrl, w.reader = parent, control.Reader(parent)
        w.state, w.started_at, w.restart_at = "waiting", time.monotonic(), None
        ident = w.ident
        control.send(
            parent,
            {
                "op": "hello",
                "index": ident.index,
                "name": w.name,
                "cookie": self.group.cookie,
                "role": ident.role,
                "epoch": ident.epoch,
                "configured": self.group.configured,
                "siblings": [x.name for x in self.workers],
            },
            (w.node_sock.fileno(),),
        )
        parent.setblocking(False)
        self.sel.register(parent, selectors.EVENT_READ, w)
        self._say(w)

    def _say(self, w: Worker, **extra) -> None:
        pid = w.proc.pid if w.proc is not None else "-"
        more = "".join(f" {k}={v}" for k, v in extra.items())
        log(
            f"worker={w.ident.index} pid={pid} state={w.state} node={w.name} "
            f"restarts={w.restarts}{more}"
        )

    # ------------------------------------------------------------------ loop

    def run(self) -> int:
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        self.sel.register(wake_r, selectors.EVENT_READ, None)
        old_wake = signal.set_wakeup_fd(wake_w)
        old = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        old[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, lambda *_: None)
        try:
            for w in self.workers:
                self.spawn(w)
            while True:
                self._step(wake_r)
                if all(w.proc is None and w.restart_at is None for w in self.workers):
                    break
        finally:
            signal.set_wakeup_fd(old_wake)
            for s, h in old.items():
                signal.signal(s, h)
            for w in self.workers:
                _kill(w, signal.SIGKILL)
            self.http.close()
            os.close(wake_r)
            os.close(wake_w)
        return self.exit_code

    def _on_signal(self, signum, frame) -> None:
        self.signals.append(signum)

    def _step(self, wake_r: int) -> None:
        for key, _ev in self.sel.select(self._timeout()):
            if key.data is None:
                try:
                    while os.read(wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
            else:
                self._on_control(key.data)
        while self.signals:
            self._signalled(self.signals.pop(0))
        for w in self.workers:
            if w.proc is not None:
                rc = w.proc.poll()
                if rc is not None:
                    self._exited(w, rc)
        now = time.monotonic()
        if self.stopping and self.stop_deadline is not None and now >= self.stop_deadline:
            self.stop_deadline = None
            for w in self.workers:
                if w.proc is not None:
                    log(f"worker={w.ident.index} still running after the grace time: killed")
                    _kill(w, signal.SIGKILL)
        for w in self.workers:
            if w.state == "starting" and now >= w.ready_deadline:
                self._ready(w)
            if w.restart_at is not None and now >= w.restart_at and not self.stopping:
                w.restarts += 1
                self.spawn(w)
        self._release()

    def _timeout(self) -> float | None:
        times = [w.restart_at for w in self.workers if w.restart_at is not None]
        times += [w.ready_deadline for w in self.workers if w.state == "starting"]
        if self.stop_deadline is not None:
            times.append(self.stop_deadline)
        # a worker's exit wakes us through SIGCHLD; poll anyway in case it raced the select
        return max(0.0, min(times) - time.monotonic()) if times else 0.5

    # ------------------------------------------------------------------ the start gate

    def _release(self) -> None:
        """Let the next waiting worker run `main` once none is starting (§2)."""
        if self.stopping or any(w.state == "starting" for w in self.workers):
            return
        waiting = [w for w in self.workers if w.state == "waiting"]
        if not waiting:
            return
        w = waiting[0]
        running = [x.name for x in self.workers if x.state == "running" and x is not w]
        try:
            control.send(w.ctrl, {"op": "go", "connect": running})
        except OSError:
            return  # it died; its exit is handled by the next poll
        w.state, w.ready_deadline = "starting", time.monotonic() + READY_TIMEOUT

    def _ready(self, w: Worker) -> None:
        if w.state == "starting":
            w.state, w.ever_ready = "running", True
            self._say(w)

    # ------------------------------------------------------------------ requests

    def _on_control(self, w: Worker) -> None:
        try:
            alive = w.reader.feed()
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            alive = False
        while True:
            m = w.reader.next()
            if m is None:
                break
            self._request(w, *m)
        if not alive:
            self.sel.unregister(w.ctrl)
            w.ctrl.close()
            w.ctrl = None

    def _request(self, w: Worker, msg: dict, fds: list[int]) -> None:
        for fd in fds:  # a worker never sends descriptors
            os.close(fd)
        op = msg.get("op")
        if op == "ready":
            self._ready(w)
        elif op == "listen":
            host, port = msg.get("host"), msg.get("port")
            try:
                s, shown, owned = self.http.socket_for(host, int(port))
            except OSError as e:  # not started: the worker reports it and exits 1
                control.send(
                    w.ctrl, {"ok": False, "errno": e.errno or 0, "error": e.strerror or str(e)}
                )
                return
            self._ready(w)  # serving: the next worker may run its main
            try:
                control.send(w.ctrl, {"ok": True, "shown": shown}, (s.fileno(),))
            finally:
                if owned:
                    s.close()

    # ------------------------------------------------------------------ exits

    def _exited(self, w: Worker, rc: int) -> None:
        if w.ctrl is not None:
            self.sel.unregister(w.ctrl)
            w.ctrl.close()
            w.ctrl = None
        w.proc.wait()
        w.last_status = rc
        ran = time.monotonic() - w.started_at
        was_ready = w.ever_ready or w.state == "running"
        if self.stopping or rc == 0:
            w.state = "stopped"
            self._say(w, status=rc)
            w.proc = None
            # 130/143: the stop signal reached it twice (a terminal's Ctrl-C hits the whole
            # process group, and the supervisor forwards its own): still a clean stop
            if (
                rc
                and not self.exit_code
                and not (
                    self.stopping
                    and _status_code(rc) in (128 + signal.SIGINT, 128 + signal.SIGTERM)
                )
            ):
                self.exit_code = _status_code(rc)
            return
        if not was_ready and w.restarts == 0:
            w.state = "stopped"
            self._say(w, status=rc, reason="failed_before_start")
            w.proc = None
            self.exit_code = _status_code(rc)
            self._begin_stop()
            return
        w.crashes = 1 if ran >= STABLE_AFTER else w.crashes + 1
        delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (w.crashes - 1))
        w.state, w.restart_at = "restarting", time.monotonic() + delay
        self._say(w, status=rc, restart_in_ms=int(delay * 1000))
        w.proc = None

    # ------------------------------------------------------------------ stopping

    def _signalled(self, signum: int) -> None:
        if self.stop_signal is not None:  # the second one: do not wait for a stuck stop
            for w in self.workers:
                _kill(w, signal.SIGKILL)
            sys.stderr.flush()
            os._exit(128 + signum)
        self.stop_signal = signum
        self._begin_stop()

    def _begin_stop(self) -> None:
        if self.stopping:
            return
        self.stopping = True
        self.stop_deadline = time.monotonic() + self.grace
        for w in self.workers:
            w.restart_at = None
            if w.state != "stopped":
                w.state = "stopping" if w.proc is not None else "stopped"
            _kill(w, signal.SIGTERM)


def _kill(w: Worker, sig: int) -> None:
    if w.proc is not None and w.proc.poll() is None:
        try:
            w.proc.send_signal(sig)
        except OSError:
            pass


def _pin(pid: int, cpu: int) -> None:
    """Run the worker on `cpu`. Popen returns once the child exec'd, before the program
    starts any thread, so the threads it makes inherit the mask. A refusal (a container's
    policy) only costs the placement."""
    try:
        os.sched_setaffinity(pid, {cpu})
    except OSError as e:
        log(f"could not pin pid {pid} to cpu {cpu}: {e.strerror or e}")


def run(group: GroupPlan, listener_mode: str, grace: float, cpus: list[int] | None = None) -> int:
    sup = Supervisor(group, listener_mode, grace, cpus)
    try:
        sup.bind_nodes()
    except OSError as e:
        log(f"cannot bind the workers' node listeners: {e.strerror or e}")
        return 1
    return sup.run()
