"""`mesh build --release`: the native executable of a real server, driven like production.

A Nuitka build takes minutes, so this runs only when `CI=true` or `MESH_RELEASE_TESTS=1`
(CI sets CI=true), and it builds ONE program once per run: tests/release/app, whose ROLE
variable picks a server (HTTP + JSON, SQLite, a service, an actor, a WebSocket route,
Timer) or a cluster node (`Node.start_from_env()` with a seed list, `@cluster` startup
work, an `HTTP.clustered` route). The binary is copied to
an empty directory and run under `env -i` with only the variables it needs; it is then
checked over real HTTP and WebSocket connections, through its database file, its SIGTERM
shutdown (status 0 within 5 s), two nodes forming a cluster, and inside a minimal root
filesystem (the binary, glibc + libgcc_s + zlib, CA certificates) as an unprivileged user
without `$HOME` — what a `debian:bookworm-slim` image with `USER` set gives (docs/cli.md).

The same server checks run on a `--standalone` folder (a second Nuitka run: about 2 min
more with a warm ccache; MESH_RELEASE_STANDALONE=0 leaves it out of a local run);
MESH_RELEASE_PREBUILT=<executable> reruns the run-time checks on a binary built before from
tests/release/app, without Nuitka.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import trio
from mesh_build import shared_free_port
from release.driver import APP, Program, http_call, http_json
from trio_websocket import open_websocket_url

ROOT = Path(__file__).resolve().parent.parent.parent
ENABLED = os.environ.get("CI") == "true" or os.environ.get("MESH_RELEASE_TESTS") == "1"
COOKIE = "release-cookie-31f7"
KEY_HEADER = "X-Mesh-Continuity-Request-Key"

pytestmark = [
    pytest.mark.skipif(
        not ENABLED,
        reason="release builds take minutes; set MESH_RELEASE_TESTS=1 (CI sets CI=true)",
    ),
    # one worker runs them all (scripts/test uses --dist loadgroup): ONE Nuitka build
    pytest.mark.xdist_group("release"),
]


def _mesh() -> list[str]:
    exe = Path(sys.executable).parent / "mesh"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "mesh.cli"]


def _ensure_ccache() -> None:
    """ccache cuts a warm rebuild from minutes to about one (08 §16.3); best effort."""
    if shutil.which("ccache") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    subprocess.run(
        ["apt-get", "install", "-y", "-q", "ccache"],
        check=False,
        capture_output=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def _build(proj: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if "PYTHONPATH" in env else "")
    return subprocess.run(
        _mesh() + ["build", str(proj), "--release"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
        stdin=subprocess.DEVNULL,
    )


# An executable built before from tests/release/app, to rerun the run-time tests without
# waiting for Nuitka (the build test then skips).
PREBUILT = os.environ.get("MESH_RELEASE_PREBUILT")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess | None]:
    proj = tmp_path_factory.mktemp("release") / "app"
    proj.mkdir()
    shutil.copy2(APP, proj / "main.mpl")
    if PREBUILT:
        shutil.copy2(PREBUILT, proj / "app")
        return proj, None
    _ensure_ccache()
    r = _build(proj)
    assert r.returncode == 0, r.stdout + r.stderr
    return proj, r


@pytest.fixture
def binary(built, tmp_path) -> Path:
    """The executable alone in an empty directory."""
    home = tmp_path / "elsewhere"
    home.mkdir()
    shutil.copy2(built[0] / "app", home / "app")
    return home / "app"


def _run(binary: Path, **env: str) -> Program:
    """`env -i VAR=... ./app`: no PATH, no HOME, no Python on the environment."""
    return Program(["env", "-i", *(f"{k}={v}" for k, v in env.items()), "./app"], {}, binary.parent)


def test_build_writes_a_native_executable_and_reuses_it(built) -> None:
    proj, r = built
    if r is None:
        pytest.skip("MESH_RELEASE_PREBUILT: no build in this run")
    binary = proj / "app"
    assert binary.read_bytes()[:4] == b"\x7fELF", "release output must be a native executable"
    size_mb = binary.stat().st_size / 1e6
    assert f"Compiled: {binary} (native executable, no Python needed; {size_mb:.1f} MB)" in r.stderr
    # unchanged sources: the previous executable is reused (no Nuitka run)
    again = _build(proj)
    assert again.returncode == 0, again.stderr
    assert "reusing the previous executable" in again.stderr
    # a debug build must not silently replace it with a launcher (docs/cli.md)
    debug = subprocess.run(
        _mesh() + ["build", str(proj)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert debug.returncode == 1 and "is a native release executable" in debug.stderr
    assert binary.read_bytes()[:4] == b"\x7fELF"


async def _ws_exchange(port: int) -> list[str]:
    with trio.fail_after(20):
        async with open_websocket_url(f"ws://127.0.0.1:{port}/ws") as ws:
            got = [await ws.get_message()]
            await ws.send_message("hi there")
            got.append(await ws.get_message())
            return got


def _check_server(port: int) -> None:
    """Every route of the server role answers what tests/release/app/main.mpl says."""
    assert http_json(port, "GET", "/health") == (200, {"role": "server", "status": "ok"})
    assert http_call(port, "GET", "/text") == (200, "hello")
    assert http_json(port, "POST", "/notes", "first note") == (201, {"id": "1"})
    assert http_json(port, "POST", "/notes", "second, with ünïcode") == (201, {"id": "2"})
    assert http_json(port, "GET", "/notes") == (
        200,
        {"notes": ["first note", "second, with ünïcode"]},
    )
    assert http_json(port, "GET", "/count") == (200, {"count": 1})  # the service keeps state
    assert http_json(port, "GET", "/count") == (200, {"count": 2})
    assert http_json(port, "GET", "/shout/release") == (200, {"shout": "RELEASE"})  # actor
    assert http_json(port, "GET", "/timer") == (200, {"timer": "tick"})
    assert http_call(port, "GET", "/missing")[0] == 404
    first, echo = trio.run(_ws_exchange, port)
    assert json.loads(first) == {"status": "connected"}
    assert echo == "echo:hi there"


def _notes_in(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT body FROM notes ORDER BY id")]


def _serve_check_and_stop(prog: Program, db: Path) -> None:
    """The server role answers every route, stops with status 0 on SIGTERM and leaves its
    notes in `db`."""
    try:
        _check_server(prog.wait_port(timeout=120))
        assert prog.terminate() == 0, prog.describe()
    finally:
        prog.kill()
    assert _notes_in(db) == ["first note", "second, with ünïcode"]


def test_server_role_under_env_i(binary: Path) -> None:
    prog = _run(binary, ROLE="server", PORT="0", DB_PATH="notes.sqlite3")
    _serve_check_and_stop(prog, binary.parent / "notes.sqlite3")
    assert not any("Traceback" in ln for ln in prog.err), prog.describe()


def test_http_bind_failure_exits_1(binary: Path) -> None:
    with socket.socket(socket.AF_INET6) as blocker:
        blocker.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        blocker.bind(("::", 0))
        blocker.listen(1)
        port = blocker.getsockname()[1]
        prog = _run(binary, ROLE="server", PORT=str(port), DB_PATH="notes.sqlite3")
        try:
            prog.wait_line(
                rf"\[mesh-rt\] Failed to start HTTP server on \[::\]:{port}: .+", timeout=120
            )
            assert prog.proc.wait(timeout=60) == 1
        finally:
            prog.kill()


def test_two_workers_share_the_port_and_stop_together(binary: Path) -> None:
    """`MESH_WORKERS=2`: the binary re-executes itself as two worker nodes that serve one
    port; SIGTERM to the supervisor stops both with status 0 (docs/workers.md)."""
    port = shared_free_port()
    prog = _run(binary, ROLE="server", PORT=str(port), DB_PATH="notes.sqlite3", MESH_WORKERS="2")
    try:
        pids = {
            int(
                prog.wait_line(
                    rf"\[mesh-rt workers\] worker={i} pid=(\d+) state=running", timeout=120
                ).group(1)
            )
            for i in (0, 1)
        }
        assert len(pids) == 2 and prog.proc.pid not in pids, prog.describe()
        for _ in range(20):
            status, body = http_json(port, "GET", "/health")
            assert (status, body["status"]) == (200, "ok"), prog.describe()
        assert prog.terminate() == 0, prog.describe()
        for pid in pids:
            assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid), prog.describe()
    finally:
        prog.kill()
    assert not any("Traceback" in ln for ln in prog.err), prog.describe()


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return True


def _clustered_get(port: int, path: str) -> tuple[int, str, str | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read().decode("utf-8"), r.getheader(KEY_HEADER)
    finally:
        conn.close()


def test_two_nodes_form_a_cluster(binary: Path) -> None:
    """Two binaries with a DNS-style seed list see each other; the `@cluster` startup work
    runs once, on the primary; `HTTP.clustered` requests sent to either node are placed
    over both members, each answer carrying its continuity key."""
    port = shared_free_port()
    seed = "127.0.0.1,127.0.0.2"
    common = {
        "ROLE": "node",
        "MESH_CLUSTER_COOKIE": COOKIE,
        "MESH_CLUSTER_PORT": str(port),
        "MESH_DISCOVERY_SEED": seed,
        "MESH_DISCOVERY_INTERVAL_MS": "200",
    }
    a_name, b_name = f"a@127.0.0.1:{port}", f"b@127.0.0.2:{port}"
    a_http, b_http = shared_free_port(), shared_free_port()
    b = _run(
        binary,
        **common,
        MESH_NODE_NAME=b_name,
        MESH_CONTINUITY_ROLE="standby",
        HTTP_PORT=str(b_http),
    )
    a = None
    try:
        b.wait_line(f"^boot mode=cluster node={b_name}$", stream="out", timeout=120)
        a = _run(
            binary,
            **common,
            MESH_NODE_NAME=a_name,
            MESH_CONTINUITY_ROLE="primary",
            HTTP_PORT=str(a_http),
        )
        a.wait_line(f"^boot mode=cluster node={a_name}$", stream="out", timeout=120)
        a.wait_line(rf"^peers \[{b_name}\]$", stream="out", timeout=60)
        b.wait_line(rf"^peers \[{a_name}\]$", stream="out", timeout=60)
        a.wait_line(f"^warm ran on {a_name}$", stream="out", timeout=60)
        for node in (a, b):
            node.wait_port()
        owners = set()
        keys = set()
        for i in range(40):
            status, body, key = _clustered_get(a_http if i % 2 else b_http, f"/item/{i}")
            assert status == 200, (status, body)
            assert body.startswith(f"item {i} on "), body
            owners.add(body.rsplit(" ", 1)[1])
            assert key and key.startswith("http-route::Main.owner::"), key
            keys.add(key)
        assert owners == {a_name, b_name}
        assert len(keys) == 40
        assert b.terminate() == 0, b.describe()
        assert a.terminate() == 0, a.describe()
        # exactly once cluster-wide, on the primary
        assert not any(line.startswith("warm ran") for line in b.out), b.describe()
        assert sum(line.startswith("warm ran") for line in a.out) == 1, a.describe()
    finally:
        b.kill()
        if a is not None:
            a.kill()
    for p in (a, b):
        assert COOKIE not in p.describe()


# ------------------------------------------------------------------ minimal root filesystem


# glibc, plus the two libraries Nuitka deliberately leaves to the system (libgcc_s, zlib);
# all three are in every Debian/Ubuntu image, bookworm-slim included (docs/cli.md).
BASE_PACKAGES = ("libc6", "libgcc-s1", "zlib1g")


def _base_library_files() -> list[Path]:
    """The files of the Debian packages in BASE_PACKAGES (documentation excluded)."""
    r = subprocess.run(["dpkg", "-L", *BASE_PACKAGES], capture_output=True, text=True, check=False)
    return [
        Path(p)
        for p in r.stdout.splitlines()
        if not p.startswith("/usr/share") and Path(p).is_file()
    ]


def _ldd(binary: Path) -> list[Path]:
    r = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=False)
    found = []
    for line in r.stdout.splitlines():
        parts = line.split()
        for p in parts:
            if p.startswith("/"):
                found.append(Path(p))
    return found


def _copy_in(rootfs: Path, path: Path) -> None:
    dest = rootfs / path.relative_to("/")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path.resolve(), dest)


def _minimal_rootfs(base: Path, binary: Path) -> Path:
    rootfs = base / "rootfs"
    (rootfs / "tmp").mkdir(parents=True)
    (rootfs / "tmp").chmod(0o1777)
    for d in ("proc", "dev", "data"):
        (rootfs / d).mkdir()
    (rootfs / "data").chmod(0o777)
    for lib in {*_base_library_files(), *_ldd(binary)}:
        _copy_in(rootfs, lib)
    certs = Path("/etc/ssl/certs")
    if certs.is_dir():
        shutil.copytree(
            certs, rootfs / "etc/ssl/certs", symlinks=False, ignore_dangling_symlinks=True
        )
    shutil.copy2(binary, rootfs / "app")
    return rootfs


def _can_chroot() -> str | None:
    if os.geteuid() != 0:
        return "needs root (chroot)"
    for tool in ("chroot", "unshare", "mount", "ldd"):
        if shutil.which(tool) is None:
            return f"needs {tool}"
    if shutil.which("dpkg") is None:
        return "needs dpkg to list the base libraries' files"
    probe = subprocess.run(
        ["unshare", "--mount", "--", "mount", "-t", "proc", "proc", "/proc"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        return "cannot mount in a new mount namespace here"
    return None


def test_runs_in_minimal_rootfs_as_nobody_without_home(binary: Path, tmp_path: Path) -> None:
    why = _can_chroot()
    if why:
        pytest.skip(why)
    rootfs = _minimal_rootfs(tmp_path, binary)
    # What a container runtime adds: /proc and /dev. A private mount namespace (unshare)
    # means nothing to unmount afterwards; exec keeps the binary the child we signal.
    script = (
        f'mount -t proc proc "{rootfs}/proc" && mount --rbind /dev "{rootfs}/dev" && '
        f'exec chroot --userspec=65534:65534 "{rootfs}" /app'
    )
    prog = Program(
        ["unshare", "--mount", "--", "sh", "-c", script],
        {"ROLE": "server", "PORT": "0", "DB_PATH": "/data/notes.sqlite3"},
        tmp_path,
    )
    _serve_check_and_stop(prog, rootfs / "data" / "notes.sqlite3")


# ------------------------------------------------------------------ --standalone folder

STANDALONE = os.environ.get("MESH_RELEASE_STANDALONE") != "0"


@pytest.mark.skipif(
    not STANDALONE or bool(PREBUILT),
    reason="MESH_RELEASE_STANDALONE=0 or MESH_RELEASE_PREBUILT: no second build",
)
def test_standalone_folder_serves_and_stops(built, tmp_path: Path) -> None:
    proj, _ = built
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if "PYTHONPATH" in env else "")
    r = subprocess.run(
        _mesh() + ["build", str(proj), "--release", "--standalone"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "native executable with its libraries in" in r.stderr
    shutil.copytree(proj / "app.dist", tmp_path / "app.dist", symlinks=True)
    folder = tmp_path / "app.dist"
    prog = Program(
        ["env", "-i", "ROLE=server", "PORT=0", "DB_PATH=notes.sqlite3", "./app"], {}, folder
    )
    _serve_check_and_stop(prog, folder / "notes.sqlite3")
