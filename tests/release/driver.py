"""Drive a Mesh program under test: a subprocess whose stdout/stderr lines are collected by
threads, with deadline-bounded waits (never fixed sleeps). Used by
tests/integration/test_release.py and tests/integration/test_stop_signals.py."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

APP = Path(__file__).resolve().parent / "app" / "main.mpl"
READY_RE = re.compile(r"\[mesh-rt\] HTTP server listening on \S+:(\d+)")
GRACE = 5.0  # Nuitka's onefile bootstrap kills the program after this (08 §16.4)


class Program:
    """A running program; `out` / `err` hold its lines so far."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path | str) -> None:
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=str(cwd),
        )
        self.cond = threading.Condition()
        self.out: list[str] = []
        self.err: list[str] = []
        self.eofs = 0
        for stream, sink in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True).start()

    def _pump(self, stream, sink: list[str]) -> None:
        for raw in stream:
            with self.cond:
                sink.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.eofs += 1
            self.cond.notify_all()

    def describe(self) -> str:
        with self.cond:
            return "stdout:\n" + "\n".join(self.out) + "\nstderr:\n" + "\n".join(self.err)

    def wait_line(
        self, pattern: str | re.Pattern, *, stream: str = "err", timeout: float = 30.0
    ) -> re.Match:
        """The first line of `stream` matching `pattern`, waiting up to `timeout`."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        sink = self.err if stream == "err" else self.out
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in sink:
                    m = rx.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or self.eofs == 2:
                    raise AssertionError(
                        f"no line matching {rx.pattern!r} on std{stream}\n" + self.describe()
                    )
                self.cond.wait(left)

    def wait_port(self, timeout: float = 60.0) -> int:
        return int(self.wait_line(READY_RE, timeout=timeout).group(1))

    def terminate(self, sig: int = signal.SIGTERM) -> int:
        """Send `sig`; the exit status, which must come within the grace time."""
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=GRACE)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"still running {GRACE} s after SIGTERM\n" + self.describe()
            ) from None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - the kernel ignores SIGKILL
            pass


def http_call(
    port: int, method: str, path: str, body: str | None = None, timeout: float = 10.0
) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=None if body is None else body.encode("utf-8"))
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8")
    finally:
        conn.close()


def http_json(port: int, method: str, path: str, body: str | None = None) -> tuple[int, object]:
    status, text = http_call(port, method, path, body)
    return status, json.loads(text)
