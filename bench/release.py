"""Release binary (Nuitka) vs debug build vs plain CPython, measured in the same run.

    .venv/bin/python bench/release.py [--repeat 3] [--seconds 5] [--cold] [--rebuild]
                                      [--binary PATH]

The program is tests/release/app (the release tests' program), built once with
`mesh build --release` (or given with `--binary`, built before from it) and once with
`mesh build`; its ROLE variable picks the work: `fib` (fib(30)), `loop` (a
1,000,000-step tail loop), `empty` (start-up only), `server` (HTTP, GET /text). Rows:

* fib(30) and the tail loop: best-of-N time of the work as each program measures it
  (start-up excluded), for the release binary, the debug build and the same code in plain
  CPython; ratios are against CPython (goal: release fib(30) <= 0.7x CPython).
* GET /text: requests/s with `wrk -t1 -c50` (install with `apt-get install -y wrk`;
  without it the row is skipped), release vs debug.
* start-up to the first served request of the server role, release vs debug.
* binary size; RSS and peak RSS (VmRSS, VmHWM, summed over the process tree: the onefile
  bootstrap plus the unpacked program) of the idle server after one request.
* build time of the release build, with the ccache as found (`--cold`: empty ccache and
  Nuitka cache); `--rebuild` also times a second build after a source change (warm ccache).
  Each Nuitka run takes minutes.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import free_port

ROOT = Path(__file__).resolve().parent.parent
MESH = [sys.executable, "-m", "mesh.cli"]

APP = ROOT / "tests" / "release" / "app" / "main.mpl"
PEER = """
import os, sys, time
sys.setrecursionlimit(100000)
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
def count(n, acc):
    while n != 0:
        n, acc = n - 1, acc + n % 7
    return acc
role = os.environ.get("ROLE", "empty")
t0 = time.time()
r = fib(30) if role == "fib" else count(1000000, 0) if role == "loop" else None
if r is None:
    print("")
else:
    print(f"{r} in {int((time.time() - t0) * 1000)} ms")
"""
WORK_RE = re.compile(r"^(\d+) in (\d+) ms$")


def timed_build(proj: Path, release: bool, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(
        MESH + ["build", str(proj), *(["--release"] if release else [])],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    if r.returncode != 0:
        raise SystemExit(r.stdout + r.stderr)
    return time.perf_counter() - t0


def best_of(cmd: list[str], role: str, repeat: int) -> tuple[float, str]:
    """Best wall time of the whole run, and the output of the last one."""
    best, out = float("inf"), ""
    env = {"ROLE": role, "PATH": os.environ.get("PATH", "")}
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
        best, out = min(best, time.perf_counter() - t0), p.stdout
    return best, out


def best_work(cmd: list[str], role: str, repeat: int) -> tuple[float, str]:
    """Best time of the work alone, as the program measured it (`<result> in <ms> ms`):
    start-up, which is noisy and differs a lot between the sides, is left out."""
    best, result = float("inf"), ""
    for _ in range(repeat):
        _, out = best_of(cmd, role, 1)
        m = WORK_RE.match(out.strip())
        if m is None:
            raise SystemExit(f"{role}: unexpected output {out!r}")
        result, best = m.group(1), min(best, int(m.group(2)) / 1000)
    return best, result


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


def tree_kb(pid: int, field: str) -> int:
    """Sum of a /proc status field (VmRSS, VmHWM) over `pid` and its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(field + r":\s+(\d+)", status).group(1))
            for t in Path(f"/proc/{p}/task").iterdir():
                kids = (t / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except (OSError, AttributeError):
            continue
    return total


def serve(exe: Path, seconds: float, work: Path) -> dict[str, float]:
    port = free_port()
    env = {
        "ROLE": "server",
        "PORT": str(port),
        "PATH": os.environ.get("PATH", ""),
        "DB_PATH": str(work / f"{exe.name}.sqlite3"),
    }
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        first_response(port, proc)
        row = {
            "startup": time.perf_counter() - t0,
            "rss_mb": tree_kb(proc.pid, "VmRSS") / 1024,
            "hwm_mb": tree_kb(proc.pid, "VmHWM") / 1024,
        }
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
    ap.add_argument("--cold", action="store_true", help="build with empty caches")
    ap.add_argument(
        "--rebuild", action="store_true", help="also time a rebuild after a source change"
    )
    ap.add_argument("--binary", help="a release executable built before from the program")
    args = ap.parse_args()
    rows: list[tuple[str, str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        proj = work / "app"
        proj.mkdir()
        shutil.copy2(APP, proj / "main.mpl")
        (work / "peer.py").write_text(PEER)
        env = dict(os.environ)
        if args.binary:
            shutil.copy2(args.binary, proj / "app")
        else:
            label = "build --release, ccache as found"
            if args.cold:
                env.update(CCACHE_DIR=str(work / "ccache"), NUITKA_CACHE_DIR=str(work / "nuitka"))
                label = "build --release, empty ccache and Nuitka cache"
            first = timed_build(proj, True, env)
            rows.append((label, f"{first:.0f} s", "", "", ""))
            if args.rebuild:
                # a source change: Nuitka runs again, unchanged C files hit the ccache
                (proj / "main.mpl").write_text(
                    APP.read_text() + "\nfn changed() -> Int do\n  1\nend\n"
                )
                warm = timed_build(proj, True, env)
                rows.append(
                    ("build --release after a change, warm ccache", f"{warm:.0f} s", "", "", "")
                )
        release = work / "release"
        shutil.copy2(proj / "app", release)
        (proj / "app").unlink()  # a debug build never replaces a native executable
        debug_t = timed_build(proj, False, env)
        debug = proj / "app"
        rows.append(("build (debug)", f"{debug_t:.1f} s", "", "", ""))
        peer = [sys.executable, str(work / "peer.py")]
        sides = {"release": [str(release)], "debug": [str(debug)], "cpython": peer}
        base = {k: best_of(cmd, "empty", args.repeat)[0] for k, cmd in sides.items()}
        for role, label in (("fib", "fib(30)"), ("loop", "tail loop, 1M steps")):
            t, outs = {}, set()
            for k, cmd in sides.items():
                t[k], result = best_work(cmd, role, args.repeat)
                t[k] = max(t[k], 1e-3)
                outs.add(result)
            if len(outs) != 1:
                raise SystemExit(f"{role}: outputs differ: {outs}")
            rows.append(
                (
                    label,
                    f"{t['release']:.3f} s",
                    f"{t['debug']:.3f} s",
                    f"{t['cpython']:.3f} s",
                    f"{t['release'] / t['cpython']:.2f}x",
                )
            )
        rows.append(
            (
                "start-up of an empty program",
                f"{base['release']:.3f} s",
                f"{base['debug']:.3f} s",
                f"{base['cpython']:.3f} s",
                "",
            )
        )
        srv = {k: serve(Path(sides[k][0]), args.seconds, work) for k in ("release", "debug")}
        if "rps" in srv["release"]:
            rows.append(
                (
                    "GET /text, wrk -t1 -c50 (req/s)",
                    f"{srv['release']['rps']:,.0f}",
                    f"{srv['debug']['rps']:,.0f}",
                    "",
                    f"{srv['release']['rps'] / srv['debug']['rps']:.2f}x debug",
                )
            )
        rows.append(
            (
                "start-up to first served request",
                f"{srv['release']['startup']:.2f} s",
                f"{srv['debug']['startup']:.2f} s",
                "",
                "",
            )
        )
        rows.append(
            (
                "RSS of the idle server after one request (peak)",
                f"{srv['release']['rss_mb']:.0f} MB ({srv['release']['hwm_mb']:.0f} MB)",
                f"{srv['debug']['rss_mb']:.0f} MB ({srv['debug']['hwm_mb']:.0f} MB)",
                "",
                "",
            )
        )
        rows.append(
            (
                "binary size",
                f"{release.stat().st_size / 1e6:.1f} MB",
                f"{debug.stat().st_size / 1e3:.0f} kB (needs Python)",
                "",
                "",
            )
        )
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"| {'benchmark':45} | release | debug | CPython | release/CPython |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
