"""The `rt` facade imported by generated code (docs/internals/runtime-contract.md)."""

from __future__ import annotations

import _signal
import _thread
import sys

from .fmt import debug, display, fmt_float, json_encode, json_float, json_object, json_string  # noqa: F401
from .impls import IMPLS, find_impl, register_impl  # noqa: F401
from .list_view import (  # noqa: F401  (`h :: t` patterns)
    ListView,
    rest as list_rest,
    uncons as list_uncons,
)
from .ops import (  # noqa: F401
    INT_MAX,
    INT_MIN,
    compare,
    concat,
    eq,
    fdiv,
    fmod,
    ge,
    gt,
    idiv,
    imod,
    le,
    lt,
    mesh_hash,
    ne,
    num_add,
    num_div,
    num_mod,
    num_mul,
    num_neg,
    num_sub,
    wrap,
)
from .values import (  # noqa: F401  (re-exports)
    EQUAL,
    GREATER,
    LESS,
    NONE,
    Atom,
    Equal,
    Err,
    Greater,
    Json,
    Less,
    MeshIter,
    MeshMap,
    MeshPanic,
    MeshQueue,
    MeshRange,
    MeshRegex,
    MeshSet,
    None_,
    Ok,
    Option,
    Ordering,
    Result,
    Some,
    Struct,
    Variant,
    freeze,
    thaw,
)

hash = mesh_hash  # noqa: A001  (rt.hash: the Mesh Hash trait)
from .coro import CORO_TYPE  # noqa: E402  (generated code: `type(r) is rt.CORO_TYPE`)
from .stop_signals import (  # noqa: E402
    SIGNALS as STOP_SIGNALS,  # noqa: E402
    handling_stop_signals,
    stops_on_signal,
)

# --------------------------------------------------------------------------------------
# Panics


def panic(message):
    raise MeshPanic(message)


def panic_at(rel_path, line, message):
    raise MeshPanic(f"Mesh panic at {rel_path}:{line}: {message}")


def match_fail(rel_path, line):
    raise MeshPanic(f"Mesh panic at {rel_path}:{line}: non-exhaustive match")


# --------------------------------------------------------------------------------------
# Console (hot: keep lean)


def println(s):
    w = sys.stdout
    w.write(s + "\n")
    w.flush()


def print_(s):
    w = sys.stdout
    w.write(s)
    w.flush()


def eprintln(s):
    w = sys.stderr
    w.write(s + "\n")
    w.flush()


# --------------------------------------------------------------------------------------
# Value constructors used by literals


def make_map(pairs=()):
    """`%{k => v, ...}` literal (duplicates: last value wins, first position kept)."""
    return MeshMap(pairs)


def make_set(items=()):
    return MeshSet(items)


def make_range(start, stop):
    return MeshRange(start, stop)


def make_json(pairs):
    """`json { k: v, ... }`: canonical encoding with sorted keys (spec 05 §6.2)."""
    return Json(json_object(pairs))


_regex_cache: dict = {}


def make_regex(pattern, flags=""):
    """`~r/pattern/flags` (compiled once per (pattern, flags))."""
    key = (pattern, flags)
    rx = _regex_cache.get(key)
    if rx is not None:
        return rx
    import re as _re  # imported on first use: most programs have no regex (start-up)

    known = {"i": _re.IGNORECASE, "m": _re.MULTILINE, "s": _re.DOTALL}
    f = 0
    for c in flags:
        f |= known.get(c, 0)
    py_pattern = pattern
    try:  # the Regex module (spec 05 §7.3) may provide a Rust→Python dialect translator
        from .stdlib import regex as _rxmod  # type: ignore

        tr = getattr(_rxmod, "translate", None)
        if tr is not None:
            py_pattern = tr(pattern, flags)
    except ImportError:
        pass
    try:
        compiled = _re.compile(py_pattern, f)
    except _re.error as e:
        raise MeshPanic(f"invalid regex {pattern!r}: {e}") from None
    rx = MeshRegex(pattern, flags, compiled)
    _regex_cache[key] = rx
    return rx


# --------------------------------------------------------------------------------------
# Dynamic helpers


def struct_update(obj, fields):
    """Copy of struct `obj` with the attributes in dict `fields` replaced."""
    cls = type(obj)
    new = cls.__new__(cls)
    for f in cls._mesh_fields:
        setattr(new, f, fields[f] if f in fields else getattr(obj, f))
    return new


def get_field(obj, name):
    try:
        return getattr(obj, name)
    except AttributeError:
        raise MeshPanic(f"no field `{name}` on value {debug(obj)}") from None


_TYPE_MODULES = {
    str: "string",
    list: "list",
    ListView: "list",
    MeshMap: "map",
    MeshSet: "set",
    MeshRange: "range",
    tuple: "tuple",
    MeshQueue: "queue",
    MeshIter: "iter",
    Json: "string",
}
_KEYWORDS = frozenset(
    {
        "from",
        "in",
        "and",
        "or",
        "not",
        "is",
        "if",
        "else",
        "def",
        "del",
        "import",
        "class",
        "return",
        "pass",
        "for",
        "while",
        "with",
        "try",
        "raise",
        "lambda",
        "global",
        "None",
        "True",
        "False",
        "as",
        "assert",
        "async",
        "await",
        "break",
        "continue",
        "elif",
        "except",
        "finally",
        "nonlocal",
        "yield",
    }
)
_PRIMS = (str, int, float, bool, list, ListView, tuple, type(None))


def call_method(recv, name, *args):
    """`recv.name(args)` when the receiver's type is not known statically."""
    if IMPLS:
        impl = find_impl(recv, name)
        if impl is not None:
            return impl(recv, *args)
    if not isinstance(recv, _PRIMS):
        if isinstance(recv, Struct) and name in recv._mesh_fields:
            return getattr(recv, name)(*args)
        m = getattr(recv, name, None)
        if m is not None and callable(m) and not name.startswith("_"):
            return m(*args)
    if name == "to_string":
        return display(recv)
    if name == "inspect":
        return debug(recv)
    if name == "hash":
        return mesh_hash(recv)
    if name == "compare":
        return compare(recv, args[0])
    if name == "eq":
        return recv == args[0]
    if name == "lt":
        return lt(recv, args[0])
    modname = _TYPE_MODULES.get(type(recv))
    if modname is not None:
        from importlib import import_module

        mod = import_module("mesh.runtime.stdlib." + modname)
        f = getattr(mod, name + "_" if name in _KEYWORDS else name, None)
        if f is not None:
            return f(recv, *args)
    raise MeshPanic(f"no method `{name}` for value {debug(recv)}")


# --------------------------------------------------------------------------------------
# Program entry

RECURSION_LIMIT = 1_000_000
STACK_SIZE = 1 << 30  # bytes of C stack for the main Mesh thread

# The actor runtime may install a coroutine runner: `async_runner(coro) -> None`.
async_runner = None


def _run_coro(coro):
    if async_runner is not None:
        return async_runner(coro)
    import trio

    async def _main():
        return await coro

    return trio.run(_main)


def _flush_all():
    for s in (sys.stdout, sys.stderr):
        try:
            s.flush()
        except Exception:
            pass


def run_main(main_fn, entry_rel_path=None, cluster_work=()):
    """Run `main_fn()` (plain or async) as the main process of an actor node on a big-stack
    thread; exit 0 once the program is quiescent (spec 04 §1.1), or 101 after
    `panic: <message>`. `cluster_work` holds the program's `@cluster` declarations
    `(runtime name, replication count, function, arity)` (spec 07 §11.5)."""
    if cluster_work:
        from ..cluster.startup import with_startup_work

        main_fn = with_startup_work(main_fn, cluster_work)
    import os

    if os.environ.get("MESH_WORKERS") or os.environ.get("MESH_WORKER_CONTROL_FD"):
        from .workers.entry import enter  # docs/internals/workers.md

        main_fn = enter(main_fn)  # a supervisor never returns from here
    for s in (sys.stdout, sys.stderr):
        try:
            s.reconfigure(encoding="utf-8", errors="surrogateescape")
        except Exception:
            pass
    result = {"code": 0}

    def body():
        try:
            result["code"] = _run_main_body(main_fn)
        except MeshPanic as e:
            _report_panic(e.message)
            result["code"] = 101
        except RecursionError:
            _report_panic("stack overflow")
            result["code"] = 101
        except KeyboardInterrupt:
            result["code"] = 130
        except SystemExit as e:
            result["code"] = e.code if isinstance(e.code, int) else 1
        except BaseException as e:  # an internal error: still a panic for the user
            import traceback

            _flush_all()
            traceback.print_exc()
            _report_panic(f"internal error: {type(e).__name__}: {e}")
            result["code"] = 101

    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(RECURSION_LIMIT)
    with handling_stop_signals():  # SIGTERM/SIGINT: stop the node, exit 0
        if not _run_on_big_stack(body):
            body()
    sys.setrecursionlimit(old_limit)
    _flush_all()
    code = result["code"]
    if code:
        sys.exit(code)
    return 0


def _run_on_big_stack(body) -> bool:
    """Run `body()` on a new thread with a big C stack and wait for it; False when no such
    thread can be made. (`_thread`, not `threading`: a program without a node never needs
    the `threading` module, a twentieth of a hello world's start-up.)"""
    old_size = _thread.stack_size()
    done = _thread.allocate_lock()
    done.acquire()

    def run():
        # Stop signals must reach the main thread: only there do Python's handlers run, and
        # a signal the kernel hands to this thread would leave the main thread asleep in
        # `done.acquire()` with the handler never called (a hung SIGTERM under load).
        _signal.pthread_sigmask(_signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            body()
        finally:
            done.release()

    started = False
    for size in (STACK_SIZE, 512 << 20, 256 << 20, 0):
        try:
            _thread.stack_size(size)
            _thread.start_new_thread(run, ())
            started = True
            break
        except (ValueError, RuntimeError, MemoryError):
            continue
    _thread.stack_size(old_size)
    if started:
        # Wait in slices: a signal that lands after the lock released the GIL but before
        # the thread sleeps in sem_wait only sets CPython's "tripped" flag, and an endless
        # acquire would never return to run the handler (a SIGTERM lost under load).
        while not done.acquire(timeout=0.2):
            pass
    return started


def _run_main_body(main_fn) -> int:
    """Run main; return the exit code. `main` runs as the first Mesh process of a node
    (spec 04 §1.1): the node prints `panic: <message>` for a crash of main and returns 101.

    A program that cannot reach the actor runtime (no module of it imported
    `mesh.runtime.actors`: no spawn, receive, timers, services, HTTP, cluster...) and whose
    main is a plain function runs without a node, so it never imports Trio (two thirds of
    a hello world's start-up). It behaves the same: no other process can exist, crashes
    are reported by `run_main`, and a stop signal ends it with status 0 at once."""
    if "mesh.runtime.actors" not in sys.modules:
        with stops_on_signal(_StopAtOnce(), _exit_now):
            result = main_fn()
        if type(result) is not CORO_TYPE:
            return 0
        result.close()  # async main: not started yet, run it on a node instead
    from .actors.node import run_program

    return run_program(main_fn)


class _StopAtOnce:
    """The stop target of a program without a node (stop_signals.stops_on_signal): the
    signal handler calls `run_sync_soon`, which exits with status 0 like a stopped node."""

    def run_sync_soon(self, stop) -> None:
        stop()


def _exit_now() -> None:
    import os

    _flush_all()
    os._exit(0)


def _report_panic(message):
    try:
        sys.stdout.flush()
    except Exception:
        pass
    sys.stderr.write("panic: " + message + "\n")
    sys.stderr.flush()
