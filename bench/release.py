"""Release binary (Nuitka) vs debug build vs plain CPython, measured in the same run.

    .venv/bin/python bench/release.py [--repeat 3] [--seconds 5] [--cold]

One Mesh program, built once with `mesh build --release` and once with `mesh build`; its
BENCH variable picks the work: `fib` (fib(30)), `loop` (a 1,000,000-step tail loop),
`empty` (start-up only), `server` (HTTP on PORT, GET /text). Rows:

* fib(30) and the tail loop: best-of-N wall time minus the same executable's empty-program
  start-up, for the release binary, the debug build and the same code in plain CPython;
  ratios are against CPython (goal: release fib(30) <= 0.7x CPython).
* GET /text: requests/s with `wrk -t1 -c50` (install with `apt-get install -y wrk`;
  without it the row is skipped), release vs debug.
* start-up to the first served request of the server role, release vs debug.
* binary size; peak RSS (VmHWM, summed over the process tree: the onefile bootstrap
  plus the unpacked program) of the idle server after one request.
* build time: `--release` with the ccache as it is (warm when the machine built before)
  and after a source change; `--cold` also builds once with an empty ccache and Nuitka
  cache first (minutes).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MESH = [sys.executable, "-m", "mesh.cli"]

PROGRAM = """
fn fib(n :: Int) -> Int do
  if n < 2 do
    n
  else
    fib(n - 1) + fib(n - 2)
  end
end

fn count(n :: Int, acc :: Int) -> Int do
  if n == 0 do
    acc
  else
    count(n - 1, acc + n % 7)
  end
end

fn text(_request :: Request) -> Response do
  HTTP.response(200, "hello")
end

fn main() do
  case Env.get("BENCH", "empty") do
    "fib" -> println("#{fib(30)}")
    "loop" -> println("#{count(1000000, 0)}")
    "server" -> HTTP.serve(HTTP.router() |> HTTP.on_get("/text", text), Env.get_int("PORT", 8080))
    _ -> println("")
  end
end
"""
PEER = """
import os, sys
sys.setrecursionlimit(100000)
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
def count(n, acc):
    while n != 0:
        n, acc = n - 1, acc + n % 7
    return acc
b = os.environ.get("BENCH", "empty")
print(fib(30) if b == "fib" else count(1000000, 0) if b == "loop" else "")
"""


def timed_build(proj: Path, release: bool, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(MESH + ["build", str(proj), *(["--release"] if release else [])],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    if r.returncode != 0:
        raise SystemExit(r.stdout + r.stderr)
    return time.perf_counter() - t0


def best_of(cmd: list[str], bench: str, repeat: int) -> tuple[float, str]:
    best, out = float("inf"), ""
    env = {"BENCH": bench, "PATH": os.environ.get("PATH", "")}
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
        best, out = min(best, time.perf_counter() - t0), p.stdout
    return best, out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_response(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/text")
            if conn.getresponse().read() == b"hello":
                return
        except OSError:
            time.sleep(0.005)
    raise SystemExit("server did not answer")


def tree_hwm_kb(pid: int) -> int:
    """Sum of VmHWM over `pid` and its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
            for t in Path(f"/proc/{p}/task").iterdir():
                kids = (t / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except (OSError, AttributeError):
            continue
    return total


def serve(exe: Path, seconds: float) -> dict[str, float]:
    port = free_port()
    env = {"BENCH": "server", "PORT": str(port), "PATH": os.environ.get("PATH", "")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(exe)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        first_response(port, proc)
        row = {"startup": time.perf_counter() - t0, "rss_mb": tree_hwm_kb(proc.pid) / 1024}
        if shutil.which("wrk"):
            run = ["wrk", "-t1", "-c50", f"-d{seconds:g}s", f"http://127.0.0.1:{port}/text"]
            subprocess.run(run[:3] + ["-d1s"] + run[4:], capture_output=True)  # warm-up
            out = subprocess.run(run, capture_output=True, text=True).stdout
            m = re.search(r"Requests/sec:\s+([\d.]+)", out)
            row["rps"] = float(m.group(1)) if m else 0.0
        return row
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--cold", action="store_true", help="also time a build with empty caches")
    args = ap.parse_args()
    rows: list[tuple[str, str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        proj = work / "bench"
        proj.mkdir()
        (proj / "main.mpl").write_text(PROGRAM)
        (work / "peer.py").write_text(PEER)
        env = dict(os.environ)
        if args.cold:
            env.update(CCACHE_DIR=str(work / "ccache"), NUITKA_CACHE_DIR=str(work / "nuitka"))
            cold = timed_build(proj, True, env)
            rows.append(("build --release, empty ccache", f"{cold:.0f} s", "", "", ""))
        else:
            timed_build(proj, True, env)  # whatever the caches hold
        # a source change: Nuitka runs again, unchanged C files hit the ccache
        (proj / "main.mpl").write_text(PROGRAM + "\nfn changed() -> Int do\n  1\nend\n")
        warm = timed_build(proj, True, env)
        rows.append(("build --release after a change, warm ccache", f"{warm:.0f} s", "", "", ""))
        release = work / "release"
        shutil.copy2(proj / "bench", release)
        debug_t = timed_build(proj, False, env)
        debug = proj / "bench"
        rows.append(("build (debug)", f"{debug_t:.1f} s", "", "", ""))
        peer = [sys.executable, str(work / "peer.py")]
        sides = {"release": [str(release)], "debug": [str(debug)], "cpython": peer}
        base = {k: best_of(cmd, "empty", args.repeat)[0] for k, cmd in sides.items()}
        for bench, label in (("fib", "fib(30)"), ("loop", "tail loop, 1M steps")):
            t, outs = {}, set()
            for k, cmd in sides.items():
                secs, out = best_of(cmd, bench, args.repeat)
                t[k] = max(secs - base[k], 1e-6)
                outs.add(out.strip())
            if len(outs) != 1:
                raise SystemExit(f"{bench}: outputs differ: {outs}")
            rows.append((label, f"{t['release']:.3f} s", f"{t['debug']:.3f} s",
                         f"{t['cpython']:.3f} s", f"{t['release'] / t['cpython']:.2f}x"))
        rows.append(("start-up of an empty program", f"{base['release']:.3f} s",
                     f"{base['debug']:.3f} s", f"{base['cpython']:.3f} s", ""))
        srv = {k: serve(Path(sides[k][0]), args.seconds) for k in ("release", "debug")}
        if "rps" in srv["release"]:
            rows.append(("GET /text, wrk -t1 -c50 (req/s)", f"{srv['release']['rps']:,.0f}",
                         f"{srv['debug']['rps']:,.0f}", "",
                         f"{srv['release']['rps'] / srv['debug']['rps']:.2f}x debug"))
        rows.append(("start-up to first served request", f"{srv['release']['startup']:.2f} s",
                     f"{srv['debug']['startup']:.2f} s", "", ""))
        rows.append(("peak RSS, idle server", f"{srv['release']['rss_mb']:.0f} MB",
                     f"{srv['debug']['rss_mb']:.0f} MB", "", ""))
        rows.append(("binary size", f"{release.stat().st_size / 1e6:.1f} MB",
                     f"{debug.stat().st_size / 1e3:.0f} kB (needs Python)", "", ""))
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"| {'benchmark':45} | release | debug | CPython | release/CPython |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
