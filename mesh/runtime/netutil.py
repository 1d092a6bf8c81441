"""Keeping an accept loop alive when the process runs out of descriptors or buffers.

Why this exists: `accept()` on a listening socket fails with `EMFILE`/`ENFILE` when the
process (or the system) has no descriptor left, and with `ENOBUFS`/`ENOMEM` under memory
pressure. These are conditions of the moment, not faults of the listener: the pending
connection stays in the kernel backlog and can be taken once something else closed. Letting
the error escape ends the listener task, and in a system nursery that ends the whole
program — one extra TCP connect would kill a node at its fd limit. So a listener backs off
(the socket stays readable while the backlog is non-empty, so retrying at once would spin),
says so once per episode rather than once per failed accept, and says when it recovered.
"""

from __future__ import annotations

import errno
from collections.abc import Callable

import trio

# accept() failures that mean "no resources now", not "this listener is broken"
EXHAUSTION_ERRNOS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


def is_exhaustion(e: OSError) -> bool:
    """True for an accept error caused by a lack of descriptors or kernel memory."""
    return e.errno in EXHAUSTION_ERRNOS


class AcceptBackoff:
    """Exponential back-off for a failing accept loop, logging once per episode.

    Call `failed(e)` (awaits the delay) after a failed accept and `succeeded()` after each
    good one; `what` names the listener in the two log lines."""

    def __init__(
        self, what: str, log: Callable[[str], None], initial: float = 0.01, maximum: float = 0.5
    ):
        self.what = what
        self.log = log
        self.initial = initial
        self.maximum = maximum
        self.delay = 0.0
        self.failures = 0

    async def failed(self, e: OSError) -> None:
        if self.failures == 0:
            name = errno.errorcode.get(e.errno or 0, type(e).__name__)
            if is_exhaustion(e):
                self.log(
                    f"{self.what} out of resources ({name}); backing off until connections close"
                )
            else:
                self.log(f"{self.what} accept failed ({name}); retrying with back-off")
            self.delay = self.initial
        self.failures += 1
        await trio.sleep(self.delay)
        self.delay = min(self.delay * 2, self.maximum)

    def succeeded(self) -> None:
        if self.failures:
            self.log(f"{self.what} recovered after {self.failures} failed accepts")
            self.failures = 0
