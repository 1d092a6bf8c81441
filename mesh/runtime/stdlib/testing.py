"""Mesh `Test` module and the runtime half of `mesh test` (spec 08 §6.3, §7).

A compiled `*.test.mpl` file (see mesh/compiler/testforms.py) calls:

* `check_assert` / `check_eq` / `check_ne` / `receive_timeout` / `assert_raises` — the
  assertions; a failure raises `TestFailure` (a `MeshPanic`, so an assertion failing inside
  some other process crashes that process with the assertion text);
* `guard_body(f)` / `finish_body(r)` — run a test body so that the group's teardown runs
  after a failure too, then re-raise the body's failure;
* `run_tests(labels, fns)` — the generated `main`: runs every test in a fresh process,
  prints the per-test lines, `Failures:` and the summary, and ends the program with status
  1 when a test failed (0 otherwise).

The runner (`mesh.tooling.test_runner`) configures it through the environment:
`MESH_TEST_FILTER` (substring of the labels to run), `MESH_TEST_TIMEOUT` (seconds per test,
default 60) and `MESH_TEST_QUIET=1` (one `.`/`F` per test).

Names here are part of the `Test` stdlib module (`Test.mock_actor` is the public one).
"""

from __future__ import annotations

import os
import sys
import time

from ..actors.context import current_node, current_proc
from ..actors.job import job_async, job_await_timeout
from ..actors.links import exit_process
from ..actors.mailbox import receive_any
from ..actors.process import KILLED, Notice, reason_text
from ..actors.spawn import spawn
from ..coro import CORO_TYPE as _Coro
from ..fmt import display as _display
from ..values import NONE as _NONE, MeshPanic, Ok as _Ok, Some as _Some


class TestFailure(MeshPanic):
    """A failed assertion: ends the test; its message is the report text."""

    __test__ = False  # not a pytest class


_MOCKS: list = []


# ---------------------------------------------------------------------------
# Assertions (spec 08 §7.2)


def check_assert(cond, src):
    if not cond:
        raise TestFailure(f"assert failed: {src}")


def check_eq(ok, a, b, srcs):
    if not ok:
        raise TestFailure(
            f"assert_eq failed: {srcs}\n  left:  {_display(a)}\n  right: {_display(b)}"
        )


def check_ne(ok, a, b, srcs):
    if not ok:
        raise TestFailure(f"assert_ne failed: {srcs}\n  both sides equal: {_display(a)}")


def receive_timeout(pattern_src, ms):
    raise TestFailure(f"assert_receive {pattern_src} timed out after {ms}ms")


async def assert_raises(f):
    """Passes when `f()` fails an assertion or panics (our choice, §7.2)."""
    try:
        r = f()
        if type(r) is _Coro:
            await r
    except Exception:  # TestFailure, MeshPanic, RecursionError, runtime errors
        return None
    raise TestFailure("assert_raises failed: expression did not raise")


async def guard_body(f):
    """Run a test body; `None` (Mesh `None`) or `Some(exception)` for `finish_body`."""
    try:
        r = f()
        if type(r) is _Coro:
            await r
    except Exception as e:
        return _Some(e)
    return _NONE


def finish_body(r):
    if r is not _NONE:
        raise r._0


# ---------------------------------------------------------------------------
# Test.mock_actor (spec 08 §7.3)


async def _mock_loop(handler):
    while True:
        got = await receive_any()
        msg = got[0]
        if type(msg) is Notice:
            continue
        out = handler(msg)
        if type(out) is _Coro:
            out = await out
        if out == "stop":
            return None


_mock_loop._mesh_name = "mock_actor"


def mock_actor(handler):
    """Spawn an actor calling `handler(message)` per message until it returns "stop"."""
    pid = spawn(_mock_loop, handler)
    _MOCKS.append(pid)
    return pid


# ---------------------------------------------------------------------------
# The generated `main`


def _indent(text: str, prefix: str = "    ") -> str:
    return "".join(prefix + line + "\n" for line in text.split("\n"))


def _raised(message: str) -> str:
    return f"test raised: {message}"


async def _run_one(fn):
    """Process body of one test: `None` when it passed, else the failure text."""
    try:
        r = fn()
        if type(r) is _Coro:
            await r
    except TestFailure as e:
        return e.message
    except MeshPanic as e:
        return _raised(e.message)
    except RecursionError:
        return _raised("stack overflow")
    except Exception as e:  # an internal error is still a failure of this test only
        return _raised(f"internal error: {type(e).__name__}: {e}")
    return None


def _summary(failed: int, passed: int, seconds: float) -> str:
    if failed:
        return f"{failed} failed, {passed} passed in {seconds:.2f}s"
    return f"{passed} passed in {seconds:.2f}s"


async def run_tests(labels, fns):
    start = time.monotonic()
    out = sys.stdout
    filt = os.environ.get("MESH_TEST_FILTER") or ""
    quiet = os.environ.get("MESH_TEST_QUIET") == "1"
    try:
        timeout_ms = int(float(os.environ.get("MESH_TEST_TIMEOUT") or "60") * 1000)
    except ValueError:
        timeout_ms = 60000
    try:
        tty = out.isatty()
    except Exception:
        tty = False
    failures: list[tuple[str, str]] = []
    passed = 0
    ran = 0
    for label, fn in zip(labels, fns):
        if filt and filt not in label:
            continue
        ran += 1
        running = ""
        if tty and not quiet:
            running = f"  running: {label}"
            out.write(running)
            out.flush()
        job = job_async(lambda fn=fn: _run_one(fn))
        res = await job_await_timeout(job, timeout_ms)
        proc = job._proc
        if proc is not None and proc.result is None:  # still running: timed out
            exit_process(job, KILLED)
            message = f"test timed out after {timeout_ms}ms"
        elif type(res) is _Ok:
            message = res._0
        else:
            message = _raised(reason_text(res._0))
        for pid in _MOCKS:
            exit_process(pid, KILLED)
        _MOCKS.clear()
        ok = message is None
        if ok:
            passed += 1
        else:
            failures.append((label, message))
        if quiet:
            out.write("." if ok else "F")
        else:
            if running:
                out.write("\r")
            line = f"  {'✓' if ok else '✗'} {label}"
            if running and len(running) > len(line):
                line = line.ljust(len(running))
            out.write(line + "\n")
            if not ok:
                out.write(_indent(message))
        out.flush()
    if quiet and ran:
        out.write("\n")
    if failures:
        out.write("\nFailures:\n")
        for label, message in failures:
            out.write(f"  ✗ {label}\n")
            out.write(_indent(message))
    out.write("\n" + _summary(len(failures), passed, time.monotonic() - start) + "\n")
    out.flush()
    cur = current_proc.get()
    node = cur.node if cur is not None else current_node.get()
    node.shutdown(1 if failures else 0)
