import functools
import os
import queue
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("node_driver.py")
WAIT = 30.0  # bound on a reply, event or log line: every wait returns as soon as it comes


def _set_nofile(n):
    resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))


class NodeProc:
    """One node process; `cmd()` sends a line and returns the reply line (bounded wait)."""

    def __init__(self, env=None, nofile=None):
        e = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        e.update(env or {})
        # `nofile`: a lowered RLIMIT_NOFILE, to drive the node into EMFILE on purpose
        limit = None if nofile is None else functools.partial(_set_nofile, nofile)
        self.p = subprocess.Popen(
            [sys.executable, str(DRIVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=e,
            cwd=str(ROOT),
            preexec_fn=limit,
        )
        self.replies = queue.Queue()
        self.events = queue.Queue()
        self.stderr_lines = []
        threading.Thread(target=self._read_out, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read_out(self):
        for line in self.p.stdout:
            line = line.rstrip("\n")
            (self.events if line.startswith("EVENT ") else self.replies).put(line)

    def _read_err(self):
        for line in self.p.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def cmd(self, line, timeout=WAIT):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        try:
            return self.replies.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no reply to {line!r}; stderr: {self.stderr_lines}") from None

    def event(self, timeout=WAIT):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no event; stderr: {self.stderr_lines}") from None

    def start(self, base, cookie):
        rc, name = self.cmd(f"start {base}@127.0.0.1:0 {cookie}").split()
        assert rc == "0"
        self.name = name
        return name

    def wait_stderr(self, text, timeout=WAIT):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(text in ln for ln in self.stderr_lines):
                return True
            time.sleep(0.02)
        return False

    def kill(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGKILL)
        self.p.wait(5)

    def close(self):
        if self.p.poll() is None:
            try:
                self.p.stdin.close()
            except OSError:
                pass
            try:
                self.p.wait(3)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def nodes():
    made = []

    def make(env=None, nofile=None):
        n = NodeProc(env, nofile)
        made.append(n)
        return n

    yield make
    for n in made:
        n.close()
        if n.p.poll() is None:
            n.kill()


@pytest.hookimpl(tryfirst=True)  # before xdist's hook turns the marker into a group
def pytest_collection_modifyitems(config, items):
    """Run every cluster test on one xdist worker, one after another (`--dist loadgroup` in
    scripts/test): the 1,000-connection floods saturate a core for ~10 s each, and a
    handshake running beside one on a 2-core machine could miss its 10 s deadline."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.xdist_group("cluster"))
