"""Run compiler phases on a thread with a large C stack and a high recursion limit.

The parser, checker and code generator recurse over the tree; left-nested chains such as
`1 + 1 + ... + 1` (thousands of operands) or long pipe chains would otherwise hit Python's
default limit. A phase entry point wraps itself in `deep`, so callers never see a
RecursionError for any input a user could reasonably write.

The cyclic garbage collector is paused while a phase runs: a phase allocates millions of
long-lived objects (trees, types, generated AST) and almost no cyclic garbage, and the
collector's repeated scans of them cost up to half the compile time of a large project
(bench/compile_scale.py). It runs again as soon as the phase returns.
"""

from __future__ import annotations

import functools
import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

_STACK_BYTES = 512 * 1024 * 1024
_LIMIT = 2_000_000
_local = threading.local()
_P = ParamSpec("_P")
_R = TypeVar("_R")


def deep(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorator: run `fn` on a big-stack thread unless already on one."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if getattr(_local, "active", False):
            return fn(*args, **kwargs)
        outcome: dict[str, object] = {}

        def target() -> None:
            _local.active = True
            try:
                outcome["value"] = fn(*args, **kwargs)
            except BaseException as exc:  # re-raised on the caller's thread
                outcome["error"] = exc

        old_limit = sys.getrecursionlimit()
        old_size = threading.stack_size()
        threading.stack_size(_STACK_BYTES)
        sys.setrecursionlimit(max(old_limit, _LIMIT))
        try:
            with gc_paused():
                t = threading.Thread(target=target, name="meshc-phase")
                t.start()
                t.join()
        finally:
            threading.stack_size(old_size)
            sys.setrecursionlimit(old_limit)
        error = outcome.get("error")
        if isinstance(error, BaseException):
            raise error
        return outcome["value"]  # type: ignore[return-value]  # set by `target` when no error

    return wrapper


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection inside (see the module docstring)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
