"""Progress lines for `mesh build --release` when stderr is not a terminal.

Nuitka draws progress bars on a terminal; in a `docker build` or CI log it prints a few
phase lines and then stays silent for minutes while gcc runs, which looks hung. Here
Nuitka's output is forwarded line by line and, at least every `interval` seconds, one line
says where the build is:

    [release] C compilation: 120/299 C files compiled, 95 s elapsed

The phase comes from Nuitka's own messages (`phase_of`, pure); the file counts from the
`.c`/`.o` files in its build directory (what gcc has finished, ccache hits included).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from typing import TextIO

# Nuitka message prefix -> phase shown; first match wins, later phases override earlier.
_PHASES = (
    ("Starting Python compilation", "Python compilation"),
    ("Completed Python level compilation", "Python compilation done"),
    ("Generating source code for C backend", "generating C"),
    ("Running data composer", "generating C"),
    ("Running C compilation", "C compilation"),
    ("Nuitka-Onefile:", "onefile packing"),
    ("Keeping build directory", "finishing"),
    ("Successfully created", "finishing"),
)


def phase_of(line: str) -> str | None:
    """The build phase a Nuitka output line announces, or None."""
    for needle, phase in _PHASES:
        if needle in line:
            return phase
    return None


def count_c_files(build_dir: str) -> tuple[int, int]:
    """(compiled, total): `.o` and `.c` files under Nuitka's `<entry>.build/` directory."""
    done = total = 0
    for _dirpath, _dirs, files in os.walk(build_dir):
        for name in files:
            if name.endswith(".c"):
                total += 1
            elif name.endswith(".o"):
                done += 1
    return min(done, total), total


def progress_line(phase: str, done: int, total: int, elapsed: float) -> str:
    files = f"{done}/{total} C files compiled" if total else "no C files yet"
    return f"  [release] {phase}: {files}, {elapsed:.0f} s elapsed\n"


def run_with_progress(
    cmd: list[str],
    *,
    env: dict[str, str],
    cwd: str,
    err: TextIO,
    build_dir: str,
    interval: float = 15.0,
) -> int:
    """Run `cmd`, copy its output to `err`, add a progress line every `interval` seconds;
    return the exit status."""
    start = time.monotonic()
    state = {"phase": "starting Nuitka"}
    lock = threading.Lock()  # one writer at a time on `err`
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=cwd,
    )
    assert proc.stdout is not None

    def pump() -> None:
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            phase = phase_of(line)
            with lock:
                if phase is not None:
                    state["phase"] = phase
                err.write(line)
                err.flush()

    reader = threading.Thread(target=pump, name="nuitka-output", daemon=True)
    reader.start()
    while True:
        try:
            status = proc.wait(timeout=interval)
            break
        except subprocess.TimeoutExpired:
            done, total = count_c_files(build_dir)
            with lock:
                err.write(progress_line(state["phase"], done, total, time.monotonic() - start))
                err.flush()
    reader.join()
    return status
