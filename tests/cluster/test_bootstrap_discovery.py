"""`Node.start_from_env()` + DNS discovery (spec 07 §11.1, §11.2) with compiled programs.

Two copies of one Mesh program boot from the environment on the same port, one on
127.0.0.1 and one on 127.0.0.2 (Linux routes all of 127/8 to loopback), with the
comma-separated seed `127.0.0.1,127.0.0.2`. They must find each other without any
`Node.connect`, log the discovery line, and find a SIGKILLed peer again after its restart.
Every wait is bounded by a deadline (no timing assertions); every child is killed at the end.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from mesh_build import shared_free_port

ROOT = Path(__file__).resolve().parents[2]
COOKIE = "boot-cookie-5be1d0"
WAIT = 30.0

PROGRAM = """\
fn watch(last :: String) do
  let now = "${Node.list()}"
  if now != last do
    println("peers ${now}")
  end
  Timer.sleep(20)
  watch(now)
end

fn main() do
  case Node.start_from_env() do
    Ok(st) -> boot(st)
    Err(why) -> println("boot failed: ${why}")
  end
end

fn boot(st :: BootstrapStatus) do
  println("boot mode=${st.mode} node=${st.node_name} port=${st.cluster_port} seed=${st.discovery_seed}")
  watch("none yet")
end
"""


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MESH_", "FLY_")) and k != "PYTHONPATH"
    }
    env.update(NO_COLOR="1", PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def exe(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bootstrap")
    src = d / "boot.mpl"
    src.write_text(PROGRAM, encoding="utf-8")
    mesh = Path(sys.executable).parent / "mesh"
    cmd = [str(mesh)] if mesh.is_file() else [sys.executable, "-m", "mesh.cli"]
    r = subprocess.run(
        cmd
        + ["build", str(src), "-o", str(d / "boot"), "--no-color", "--build-dir", str(d / "build")],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env({}),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return d / "boot"


class Proc:
    def __init__(self, exe: Path, env: dict[str, str], label: str):
        self.label = label
        self.p = subprocess.Popen(
            [str(exe)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_env(env),
            cwd=str(ROOT),
        )
        self.lines: queue.Queue = queue.Queue()
        self.out: list[str] = []
        self.err: list[str] = []
        threading.Thread(
            target=self._pump, args=(self.p.stdout, self.out, True), daemon=True
        ).start()
        threading.Thread(
            target=self._pump, args=(self.p.stderr, self.err, False), daemon=True
        ).start()

    def _pump(self, stream, sink, queued):
        for line in stream:
            sink.append(line.rstrip("\n"))
            if queued:
                self.lines.put(sink[-1])
        if queued:
            self.lines.put(None)

    def _describe(self) -> str:
        return f"[{self.label}] stdout: {self.out!r}\n[{self.label}] stderr: {self.err!r}"

    def expect(self, text: str, timeout: float = WAIT) -> None:
        """Skip stdout lines until one equals `text`."""
        end = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(
                    f"timed out waiting for {text!r}\n{self._describe()}"
                ) from None
            if line is None:
                raise AssertionError(f"EOF waiting for {text!r}\n{self._describe()}")
            if line == text:
                return

    def wait_stderr(self, pattern: str, timeout: float = WAIT) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for ln in list(self.err):
                if re.fullmatch(pattern, ln):
                    return ln
            time.sleep(0.02)
        raise AssertionError(f"no stderr line {pattern!r}\n{self._describe()}")

    def close(self) -> None:
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGKILL)
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            pass


@pytest.fixture
def spawn():
    procs: list[Proc] = []

    def start(exe: Path, env: dict[str, str], label: str) -> Proc:
        p = Proc(exe, env, label)
        procs.append(p)
        return p

    start.procs = procs
    try:
        yield start
    finally:
        for p in procs:
            p.close()


def test_discovery_finds_and_refinds_peer(exe, spawn):
    port = shared_free_port()
    seed = "127.0.0.1,127.0.0.2"
    common = {
        "MESH_CLUSTER_COOKIE": COOKIE,
        "MESH_CLUSTER_PORT": str(port),
        "MESH_DISCOVERY_SEED": seed,
        "MESH_DISCOVERY_INTERVAL_MS": "100",
    }
    a_name, b_name = f"a@127.0.0.1:{port}", f"b@127.0.0.2:{port}"
    a_env = dict(common, MESH_NODE_NAME=a_name)
    b_env = dict(common, MESH_NODE_NAME=b_name, MESH_CONTINUITY_ROLE="standby")

    a = spawn(exe, a_env, "a")
    a.expect(f"boot mode=cluster node={a_name} port={port} seed={seed}")
    a.expect("peers []")
    b = spawn(exe, b_env, "b")
    b.expect(f"boot mode=cluster node={b_name} port={port} seed={seed}")
    a.expect(f"peers [{b_name}]")
    b.expect(f"peers [{a_name}]")
    steady = (
        rf"mesh discovery: provider=dns seed={re.escape(seed)} cluster_port={port} "
        rf"resolved=2 accepted=0 accepted_targets=none rejected_targets="
        rf"127\.0\.0\.1:{port}:{{a}},127\.0\.0\.2:{port}:{{b}} last_error=none"
    )
    a.wait_stderr(steady.format(a="self", b="already_connected"))
    b.wait_stderr(steady.format(a="already_connected", b="self"))

    b.close()  # SIGKILL: a sees EOF, then keeps dialing 127.0.0.2 until b is back
    a.expect("peers []")
    a.wait_stderr(
        rf"mesh discovery: .* accepted=1 accepted_targets=127\.0\.0\.2:{port} "
        rf".*last_error=dial 127\.0\.0\.2:{port}: connect failed"
    )
    b2 = spawn(exe, b_env, "b2")
    b2.expect(f"boot mode=cluster node={b_name} port={port} seed={seed}")
    a.expect(f"peers [{b_name}]")
    b2.expect(f"peers [{a_name}]")

    # each distinct discovery line is logged once, and the cookie is in no output
    for p in spawn.procs:
        disc = [ln for ln in p.err if ln.startswith("mesh discovery:")]
        assert all(x != y for x, y in zip(disc, disc[1:])), p._describe()
        assert not any(COOKIE in ln for ln in p.out + p.err), p._describe()
