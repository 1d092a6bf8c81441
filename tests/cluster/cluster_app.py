"""A compiled Mesh program run as cluster nodes (spec 07 §13): build it once, start copies
driven by env vars, observe them through `mesh cluster ... --json` polled with deadlines.

Used by tests/cluster/test_cluster_work.py and bench/cluster_failover.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MESH = Path(sys.executable).parent / "mesh"


def mesh_cmd() -> list[str]:
    return [str(MESH)] if MESH.is_file() else [sys.executable, "-m", "mesh.cli"]


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MESH_", "FLY_")) and k != "PYTHONPATH"
    }
    env.update(NO_COLOR="1", PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def build(source_text: str, workdir: Path, name: str = "app") -> Path:
    src = workdir / f"{name}.mpl"
    src.write_text(source_text, encoding="utf-8")
    exe = workdir / name
    r = subprocess.run(
        mesh_cmd()
        + [
            "build",
            str(src),
            "-o",
            str(exe),
            "--no-color",
            "--build-dir",
            str(workdir / f"{name}-build"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env({}),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return exe


class Node:
    """One node process; stdout/stderr lines are collected by reader threads."""

    def __init__(self, exe: Path, env: dict[str, str], name: str, cookie: str):
        self.name, self.cookie, self.env = name, cookie, env
        self.p = subprocess.Popen(
            [str(exe)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=clean_env(env),
            cwd=str(ROOT),
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self.arrivals: dict[str, float] = {}  # first arrival (monotonic) of each line
        for stream, sink in ((self.p.stdout, self.out), (self.p.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True).start()

    def _pump(self, stream, sink):
        for line in stream:
            line = line.rstrip("\n")
            self.arrivals.setdefault(line, time.monotonic())
            sink.append(line)

    def describe(self) -> str:
        return f"[{self.name}] stdout: {self.out!r}\n[{self.name}] stderr: {self.err[-40:]!r}"

    def wait_out(self, text: str, timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while text not in self.out:
            assert self.p.poll() is None or text in self.out, (
                f"exited waiting for {text!r}\n{self.describe()}"
            )
            assert time.monotonic() < end, f"timed out waiting for {text!r}\n{self.describe()}"
            time.sleep(0.02)

    def alive(self) -> bool:
        return self.p.poll() is None

    def kill(self) -> None:
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGKILL)
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            pass

    # ------------------------------------------------------------ the operator CLI

    def query(self, *args: str, timeout: float = 60.0) -> tuple[int, dict | None, str]:
        """`mesh cluster <args...> <this node> --json`: (exit status, JSON or None, stderr).
        The cookie comes from the environment and must appear in no output."""
        kind, *rest = args
        r = subprocess.run(
            mesh_cmd() + ["cluster", kind, self.name, *rest, "--json"],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            env=clean_env({"MESH_CLUSTER_COOKIE": self.cookie}),
            stdin=subprocess.DEVNULL,
        )
        assert self.cookie not in r.stdout + r.stderr
        return r.returncode, (json.loads(r.stdout) if r.returncode == 0 else None), r.stderr

    def record(self, key: str) -> dict | None:
        rc, doc, _ = self.query("continuity", key)
        return doc["record"] if doc else None

    def status(self) -> dict | None:
        return self.query("status")[1]

    def transitions(self) -> list[str]:
        doc = self.query("diagnostics")[1]
        return [e["transition"] for e in doc["entries"]] if doc else []


def poll(fn, ok, timeout: float = 30.0, what: str = "condition"):
    """Call `fn()` until `ok(value)` holds (bounded by `timeout`); the last value."""
    end = time.monotonic() + timeout
    while True:
        v = fn()
        if ok(v):
            return v
        assert time.monotonic() < end, f"timed out waiting for {what}; last: {v!r}"
        time.sleep(0.05)
