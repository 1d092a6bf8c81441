"""SIGTERM ends a Mesh program cleanly: exit status 0, within the 5 s grace time.

Docker, Fly and systemd stop a service with SIGTERM, then SIGKILL after a grace time (5 s
for Nuitka's onefile bootstrap, which forwards the signal to the program). Python's default
action kills the process with status 143 and without running `at_exit` hooks (the cluster's
goodbyes, DESIGN §3.9), so the runtime stops the node instead, as `Node.shutdown` does when
a program ends: every process is discarded, hooks run, status 0.

The node runs on a big-stack thread (core.run_main) while signal handlers run on the main
thread: the handler hands the stop to the node's Trio loop with `run_sync_soon`. A signal
that arrives before the node exists is remembered and applied when it attaches.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_target: tuple[object, Callable[[], None]] | None = None  # (TrioToken, stop)
_requested = False


def _on_sigterm(signum: int, frame: object) -> None:
    global _requested
    _requested = True
    target = _target
    if target is not None:
        _stop_soon(*target)


def _stop_soon(token, stop: Callable[[], None]) -> None:
    try:
        token.run_sync_soon(stop)
    except Exception:  # noqa: BLE001 - trio.RunFinishedError: the loop already ended
        pass


@contextmanager
def handling_sigterm() -> Iterator[None]:
    """Install the SIGTERM handler for the duration (main thread only; no-op elsewhere)."""
    global _requested
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _requested = False
    try:
        old = signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@contextmanager
def stops_on_sigterm(token, stop: Callable[[], None]) -> Iterator[None]:
    """While inside, a SIGTERM calls `stop()` on the Trio loop of `token`."""
    global _target
    _target = (token, stop)
    if _requested:
        _stop_soon(token, stop)
    try:
        yield
    finally:
        _target = None
