"""Mesh `IO` module (spec 03 A8, 05 §1)."""

from __future__ import annotations

import sys

from ..values import Err as _Err, Ok as _Ok


def eprintln(s):
    w = sys.stderr
    w.write(s + "\n")
    w.flush()


def read_line():
    """One line from stdin without its trailing `\\n` / `\\r\\n`; `Ok("")` at end of input.
    (Synchronous; the actor runtime may wrap it to run in a worker thread.)"""
    try:
        sys.stdout.flush()
        stream = getattr(sys.stdin, "buffer", None)
        if stream is not None:
            raw = stream.readline()
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                return _Err("stream did not contain valid UTF-8")
        else:
            line = sys.stdin.readline()
    except OSError as e:
        return _Err(str(e))
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return _Ok(line)


async def read_line_async():
    """`IO.read_line()` from async code: reads stdin in a worker thread (spec 05 §1)."""
    import trio

    return await trio.to_thread.run_sync(read_line)
