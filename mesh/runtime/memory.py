"""Give memory back to the operating system after a burst of short-lived connections.

Why this exists: a flood of connections that fail early (garbage bytes, wrong cookies,
aborted TLS handshakes) leaves two kinds of debris. Each failed TLS stream sits in a small
reference cycle (the exception's traceback holds the frame that holds the stream), so its
OpenSSL buffers wait for the cyclic collector; and once freed, glibc keeps the pages in its
arenas instead of returning them. Measured on a node hit by 1,000 concurrent failed
handshakes: +45–50 MB of RSS that never went away, although no object survived. A full
collection followed by `malloc_trim(0)` brings it back to within a few MB of the baseline.

The work is done once per burst (when the last in-flight connection of a burst of failures
ends), so a steady trickle of failures costs nothing and a sustained attack pays one
collection per `threshold` failures, far less than the TLS handshakes it already paid for.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def _find_malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): collection alone
        return None


_malloc_trim = _find_malloc_trim()


def reclaim() -> None:
    """Collect cyclic garbage, then hand free heap pages back to the OS where possible."""
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


class BurstReclaimer:
    """Counts in-flight connections and failures; reclaims when a burst has drained."""

    def __init__(self, threshold: int = 200):
        self.threshold = threshold
        self.inflight = 0
        self.failures = 0

    def opened(self) -> None:
        self.inflight += 1

    def closed(self, failed: bool) -> None:
        self.inflight -= 1
        if failed:
            self.failures += 1
        if self.inflight == 0 and self.failures >= self.threshold:
            self.failures = 0
            reclaim()
