"""SIGTERM and SIGINT end a Mesh program cleanly: exit status 0, within the 5 s grace time.

Docker, Fly and systemd stop a service with SIGTERM, then SIGKILL after a grace time. In a
onefile release binary the signal reaches the program as SIGINT: Nuitka's bootstrap turns
SIGTERM into SIGINT for its child, waits 5 s, then kills it. Python's defaults (death with
status 143, or a KeyboardInterrupt traceback and 130) skip the `at_exit` hooks (the
cluster's goodbyes, DESIGN §3.9), so the runtime stops the node instead, as `Node.shutdown`
does when a program ends: every process is discarded, hooks run, status 0. A second signal
while stopping exits at once (status 128 + signal number), so a stuck stop can be cut.

The node runs on a big-stack thread (core.run_main) while signal handlers run on the main
thread: the handler hands the stop to the node's Trio loop with `run_sync_soon`. A signal
that arrives before the node exists is remembered and applied when it attaches.
"""

from __future__ import annotations

# `_signal` is the C module behind `signal`: the same calls without building `signal`'s
# enum classes, which cost a hello world a tenth of its start-up (issue 19 item 9).
import _signal
import os
import sys
from contextlib import contextmanager

TYPE_CHECKING = False  # not `typing`'s: importing typing costs a hello world ~3 ms
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

SIGNALS = (_signal.SIGTERM, _signal.SIGINT)

_target: tuple[object, Callable[[], None]] | None = None  # (TrioToken, stop)
_requested = False


def _on_signal(signum: int, frame: object) -> None:
    global _requested
    if _requested:  # the second one: do not wait for a stop that may be stuck
        for s in (sys.stdout, sys.stderr):
            try:
                s.flush()
            except Exception:  # noqa: BLE001 - exiting anyway
                pass
        os._exit(128 + signum)
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
def handling_stop_signals() -> Iterator[None]:
    """Install the handlers for the duration (main thread only; no-op elsewhere)."""
    global _requested
    requested, _requested = _requested, False
    old = {}
    try:
        for sig in SIGNALS:
            old[sig] = _signal.signal(sig, _on_signal)
    except ValueError:  # not the main thread: handlers cannot be installed here
        for sig, handler in old.items():
            _signal.signal(sig, handler)
        _requested = requested
        yield
        return
    try:
        yield
    finally:
        for sig, handler in old.items():
            _signal.signal(sig, handler)


@contextmanager
def stops_on_signal(token, stop: Callable[[], None]) -> Iterator[None]:
    """While inside, SIGTERM/SIGINT call `stop()` on the Trio loop of `token`."""
    global _target
    _target = (token, stop)
    if _requested:
        _stop_soon(token, stop)
    try:
        yield
    finally:
        _target = None
