"""`mesh build --release` in a log (stderr not a terminal): Nuitka's lines are forwarded and
a progress line (phase, C files compiled, elapsed) comes at least every interval."""

from __future__ import annotations

import io
import sys
import threading
import time
from pathlib import Path

from mesh.tooling.release_progress import (
    count_c_files,
    phase_of,
    progress_line,
    run_with_progress,
)

# Stand-in for Nuitka: announce the C phase, leave 3 .c and 2 .o files, then wait (bounded)
# until the test has seen a progress line and created `go`.
FAKE_NUITKA = r"""
import os, sys, time
b = sys.argv[1]
print("Nuitka: Running C compilation via Scons.", flush=True)
for n in ("a", "b", "c"):
    open(os.path.join(b, n + ".c"), "w").close()
for n in ("a", "b"):
    open(os.path.join(b, n + ".o"), "w").close()
end = time.monotonic() + 60
while not os.path.exists(os.path.join(b, "go")) and time.monotonic() < end:
    time.sleep(0.01)
print("Nuitka: Successfully created 'app'.", flush=True)
"""


class Sink(io.StringIO):
    """A non-terminal stderr whose writes can be awaited."""

    def __init__(self) -> None:
        super().__init__()
        self.cond = threading.Condition()

    def write(self, s: str) -> int:
        with self.cond:
            n = super().write(s)
            self.cond.notify_all()
            return n

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        end = time.monotonic() + timeout
        with self.cond:
            while text not in self.getvalue():
                left = end - time.monotonic()
                assert left > 0, f"no {text!r} in {self.getvalue()!r}"
                self.cond.wait(left)


def test_phase_of_nuitka_lines() -> None:
    assert phase_of("Nuitka: Starting Python compilation with:\n") == "Python compilation"
    assert phase_of("Nuitka: Running C compilation via Scons.") == "C compilation"
    assert phase_of("Nuitka-Onefile: Creating single file from dist folder") == "onefile packing"
    assert phase_of("Nuitka-Scons: Backend C compiler: gcc (gcc 12).") is None


def test_progress_line_text(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("m.c", "n.c", "sub/o.c", "m.o", "x.h"):
        (tmp_path / name).write_text("")
    assert count_c_files(str(tmp_path)) == (1, 3)
    assert (
        progress_line("C compilation", 1, 3, 15.4)
        == "  [release] C compilation: 1/3 C files compiled, 15 s elapsed\n"
    )
    assert (
        progress_line("starting Nuitka", 0, 0, 3)
        == "  [release] starting Nuitka: no C files yet, 3 s elapsed\n"
    )


def test_progress_lines_while_nuitka_is_silent(tmp_path: Path) -> None:
    sink = Sink()
    result: list[int] = []
    cmd = [sys.executable, "-c", FAKE_NUITKA, str(tmp_path)]
    t = threading.Thread(
        target=lambda: result.append(
            run_with_progress(
                cmd, env={}, cwd=str(tmp_path), err=sink, build_dir=str(tmp_path), interval=0.05
            )
        )
    )
    t.start()
    try:
        sink.wait_for("  [release] C compilation: 2/3 C files compiled, ")
    finally:
        (tmp_path / "go").write_text("")
        t.join(60)
    assert result == [0]
    lines = sink.getvalue().splitlines()
    assert "Nuitka: Running C compilation via Scons." in lines  # forwarded whole
    assert "Nuitka: Successfully created 'app'." in lines
    assert all(ln.startswith(("Nuitka", "  [release] ")) for ln in lines), lines
