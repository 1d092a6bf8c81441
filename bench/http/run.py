"""One-command HTTP benchmark: GET /text on a built Mesh server vs uvicorn+starlette and Go.

    .venv/bin/python bench/http/run.py [--seconds 5] [--rounds 3] [--connections 100]

Peers, each a separate server process on 127.0.0.1:
  mesh (httptools path)  bench/http/mesh_text/main.mpl, built with `mesh build`, run with
                         MESH_HTTP_PARSER=fast
  mesh (h11 path)        the same executable with MESH_HTTP_PARSER=h11
  mesh (..., baseline)   with `--baseline-tree DIR`: the same executable on the runtime
                         exported in DIR (an earlier commit), to compare a change in one run
  uvicorn+starlette      starlette_server.py (bench-only dependencies, not runtime deps)
  go net/http            go_server/main.go, built with `go build` (also run with
                         GOMAXPROCS=1 for information). Without `go` on PATH the
                         script installs Debian's golang-go (`apt-get install -y golang-go`,
                         only as root with apt-get present; `--no-install` skips that) or
                         leaves the Go row out with a note.

All servers are started once, warmed up, then measured in interleaved rounds (round r runs
the peers in an order rotated by r) so that drift from other load on the machine spreads
over every peer; the table shows the median requests/s and median p99 over the rounds, the
min-max requests/s, and the peak RSS (sum of VmHWM over the server's process tree). Load
comes from `wrk -t1 -cN --latency` (or, without wrk, the asyncio generator in loadgen.py).
Every wrk run opens fresh connections. The table, with date, load average and commit, is
written to bench/RESULTS.md between the http-table markers of "## HTTP" (`--no-record`
skips that).
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PY = sys.executable
START = "<!-- http-table:start -->"
END = "<!-- http-table:end -->"
UVICORN = "uvicorn+starlette"
GO = "go net/http"


# --------------------------------------------------------------------------- helpers


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on {port} did not start")


def tree_pids(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                kids = Path(f"/proc/{p}/task/{task}/children").read_text().split()
                todo.extend(int(k) for k in kids)
        except OSError:
            pass
    return out


def peak_rss_mb(pid):
    """Sum of VmHWM (peak resident set) over the process tree rooted at `pid`."""
    total = 0
    for p in tree_pids(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024 if total else float("nan")


def loadavg():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def commit():
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load(port, secs, conns):
    """(requests/s, p99 ms, tool, error note) for `secs` seconds of GET /text."""
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run(
            [wrk, "-t1", f"-c{conns}", f"-d{secs}s", "--latency", f"http://127.0.0.1:{port}/text"],
            capture_output=True,
            text=True,
            timeout=secs + 60,
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        m = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
        errs = re.findall(r"Non-2xx or 3xx responses: \d+|Socket errors: .*", out)
        return rps, _ms(m.group(1), m.group(2)), "wrk", "; ".join(errs)
    out = subprocess.run(
        [PY, str(HERE / "loadgen.py"), str(port), str(conns), str(secs)],
        capture_output=True,
        text=True,
        timeout=secs + 60,
    ).stdout.split()
    return float(out[0]), float(out[1]), "python loadgen", ""


# --------------------------------------------------------------------------- builds


def mesh_cmd():
    exe = Path(PY).parent / "mesh"
    if exe.is_file() and os.access(exe, os.X_OK):
        return [str(exe)]
    return [PY, "-m", "mesh.cli"]


def build_mesh(out):
    """Build bench/http/mesh_text with the real CLI; returns the executable."""
    exe = out / "mesh_text"
    r = subprocess.run(
        mesh_cmd()
        + [
            "build",
            str(HERE / "mesh_text"),
            "-o",
            str(exe),
            "--no-color",
            "--build-dir",
            str(out / "mesh-build"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    if r.returncode != 0 or not exe.is_file():
        sys.exit(f"mesh build failed (exit {r.returncode}):\n{r.stdout}{r.stderr}")
    return exe


def find_go(install):
    """Path of `go`, installing Debian's golang-go first when allowed; else (None, why)."""
    go = shutil.which("go") or next(
        (p for p in ("/usr/lib/go/bin/go", "/usr/local/go/bin/go") if os.access(p, os.X_OK)), None
    )
    if go:
        return go, ""
    if not install:
        return None, "`go` not found (--no-install given)"
    if not shutil.which("apt-get"):
        return None, "`go` not found and apt-get is not available"
    if os.geteuid() != 0:
        return None, "`go` not found; install golang-go (apt-get needs root)"
    install_cmd = ["apt-get", "install", "-y", "golang-go"]
    if not _apt(install_cmd):
        _apt(["apt-get", "update"]) and _apt(install_cmd)
    go = shutil.which("go")
    if go:
        return go, ""
    return None, "`go` not found and `apt-get install -y golang-go` did not provide it"


def _apt(cmd):
    print(f"go not found: running `{' '.join(cmd)}`", flush=True)
    r = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    if r.returncode != 0:
        tail = (r.stderr or r.stdout).strip().splitlines()
        print(f"  exit {r.returncode}: {tail[-1] if tail else ''}", flush=True)
    return r.returncode == 0


def build_go(go, out):
    exe = out / "go_server"
    env = {**os.environ, "GOPROXY": "off", "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    if not env.get("HOME") and not env.get("GOCACHE"):
        env["GOCACHE"] = str(out / "gocache")
    r = subprocess.run(
        [go, "build", "-o", str(exe), "."],
        cwd=HERE / "go_server",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    if r.returncode != 0:
        return None, f"go build failed: {(r.stderr or r.stdout).strip()}"
    ver = subprocess.run([go, "version"], capture_output=True, text=True).stdout.strip()
    return exe, ver


# --------------------------------------------------------------------------- servers


class Peer:
    def __init__(self, name, argv, env=None, port_in_env=False):
        self.name = name
        self.argv = argv
        self.env = env or {}
        self.port_in_env = port_in_env
        self.proc = None
        self.port = None
        self.runs = []  # (rps, p99)
        self.errs = []
        self.rss = float("nan")

    def start(self):
        self.port = free_port()
        env = {**os.environ, **self.env}
        argv = list(self.argv)
        if self.port_in_env:
            env["PORT"] = str(self.port)
        else:
            argv.append(str(self.port))
        self.proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        wait_port(self.port, self.proc)

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.rss = peak_rss_mb(self.proc.pid)
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def run_rounds(peers, secs, conns, rounds):
    tool = "wrk"
    for p in peers:
        load(p.port, 1, conns)  # warm-up (own connections, not measured)
    for r in range(rounds):
        order = peers[r % len(peers) :] + peers[: r % len(peers)]
        for p in order:
            if p.proc.poll() is not None:
                raise RuntimeError(f"{p.name} exited with {p.proc.returncode}")
            rps, p99, tool, errs = load(p.port, secs, conns)
            p.runs.append((rps, p99))
            if errs:
                p.errs.append(errs)
            print(
                f"  round {r + 1}/{rounds}  {p.name:<22} {rps:>9.0f} req/s  p99 {p99:.2f} ms",
                flush=True,
            )
            time.sleep(0.5)
    return tool


def table(peers, tool, a, notes):
    med = {p.name: statistics.median(x[0] for x in p.runs) for p in peers}
    base = med.get(UVICORN)
    go = med.get(GO)
    lines = [
        "| server | requests/s (median) | min-max | vs uvicorn+starlette | vs Go | "
        "p99 latency (median) | peak RSS |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for p in peers:
        rs = [x[0] for x in p.runs]
        v = med[p.name]
        lines.append(
            f"| {p.name} | {v:,.0f} | {min(rs):,.0f}-{max(rs):,.0f} | "
            f"{v / base:.2f}x | {(f'{v / go:.2f}x' if go else '-')} | "
            f"{statistics.median(x[1] for x in p.runs):.2f} ms | {p.rss:.1f} MB |"
        )
    head = (
        f"GET /text, `{tool} -t1 -c{a.connections}`, {a.seconds} s per run, "
        f"{a.rounds} interleaved rounds (median), Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores"
    )
    body = "\n".join([head, ""] + lines)
    if notes:
        body += "\n\n" + "\n".join(f"- {n}" for n in notes)
    return body, med


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--connections", type=int, default=100)
    ap.add_argument("--no-record", action="store_true", help="do not touch bench/RESULTS.md")
    ap.add_argument("--no-install", action="store_true", help="never run apt-get to get golang-go")
    ap.add_argument(
        "--baseline-tree",
        metavar="DIR",
        help="an export of an earlier commit (`git archive REV | tar -x -C DIR`):"
        " adds its two Mesh rows (same executable, PYTHONPATH=DIR) so a"
        " runtime change is measured against its parent in the same run",
    )
    a = ap.parse_args()
    notes = []
    with tempfile.TemporaryDirectory(prefix="mesh-http-bench-") as tmp:
        out = Path(tmp)
        print("building bench/http/mesh_text with `mesh build` ...", flush=True)
        mesh_exe = build_mesh(out)
        peers = [
            Peer("mesh (httptools path)", [str(mesh_exe)], {"MESH_HTTP_PARSER": "fast"}, True),
            Peer("mesh (h11 path)", [str(mesh_exe)], {"MESH_HTTP_PARSER": "h11"}, True),
            Peer(UVICORN, [PY, str(HERE / "starlette_server.py")]),
        ]
        if a.baseline_tree:
            base = str(Path(a.baseline_tree).resolve())
            for kind, label in (("fast", "httptools"), ("h11", "h11")):
                peers.insert(
                    len(peers) - 1,
                    Peer(
                        f"mesh ({label} path, baseline)",
                        [str(mesh_exe)],
                        {"MESH_HTTP_PARSER": kind, "PYTHONPATH": base},
                        True,
                    ),
                )
            notes.append(f"baseline rows: the same executable on the runtime of {base}.")
        go, why = find_go(not a.no_install)
        if go:
            print(f"building bench/http/go_server with {go} ...", flush=True)
            go_exe, ver = build_go(go, out)
            if go_exe:
                peers.append(Peer(GO, [str(go_exe)]))
                peers.append(Peer(GO + " (GOMAXPROCS=1)", [str(go_exe)], {"GOMAXPROCS": "1"}))
                notes.append(
                    f"Go peer: {ver}; `go net/http` uses the default GOMAXPROCS "
                    f"({os.cpu_count()}), the GOMAXPROCS=1 row (one core, like the "
                    f"Python servers) is for information."
                )
            else:
                why = ver
        if why:
            print(f"note: Go row skipped: {why}", flush=True)
            notes.append(f"Go row skipped: {why}.")
        load_before = loadavg()
        started = datetime.datetime.now(datetime.UTC)
        try:
            for p in peers:
                p.start()
            tool = run_rounds(peers, a.seconds, a.connections, a.rounds)
        finally:
            for p in peers:
                p.stop()
        load_after = loadavg()
    for p in peers:
        for e in sorted(set(p.errs)):
            notes.append(f"{p.name}: {e}")
    notes.insert(
        0,
        f"{started:%Y-%m-%d %H:%M} UTC, commit {commit()}, load average "
        f"(1/5/15 min) {load_before} before, {load_after} after.",
    )
    body, med = table(peers, tool, a, notes)
    print()
    print(body)
    mesh = med[peers[0].name]
    print(
        f"\ngoal mesh (httptools) >= 1.5x uvicorn+starlette: {mesh / med[UVICORN]:.2f}x "
        f"{'PASS' if mesh >= 1.5 * med[UVICORN] else 'FAIL'}"
    )
    if GO in med:
        print(
            f"goal mesh (httptools) >= 0.5x Go net/http:        {mesh / med[GO]:.2f}x "
            f"{'PASS' if mesh >= 0.5 * med[GO] else 'FAIL'}"
        )
    if not a.no_record:
        record(body)
        print("recorded in bench/RESULTS.md (## HTTP)")


def record(body):
    """Replace the text between the http-table markers of "## HTTP" (the notes written by
    hand around them stay); create the section or the markers if missing."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    block = f"{START}\n{body}\n{END}"
    m = re.search(r"^## HTTP\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    if m and START in m.group(0) and END in m.group(0):
        sec = m.group(0)
        i, j = sec.index(START), sec.index(END) + len(END)
        sec = sec[:i] + block + sec[j:]
    else:
        sec = "## HTTP\n\nCommand: `.venv/bin/python bench/http/run.py`\n\n" + block + "\n"
        if m and m.end() < len(text):
            sec += "\n"
    if m:
        text = text[: m.start()] + sec + text[m.end() :]
    else:
        text = text.rstrip("\n") + "\n\n" + sec
    path.write_text(text)


if __name__ == "__main__":
    main()
