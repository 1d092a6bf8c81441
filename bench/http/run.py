"""One-command HTTP benchmark: GET /text on the Mesh runtime vs uvicorn+starlette.

    .venv/bin/python bench/http/run.py [--seconds 5] [--connections 100]

Each server runs in its own process; load comes from `wrk -t1 -cN` (or, without wrk, the
asyncio generator in loadgen.py in a separate process). Prints requests/s, p99 latency and
the server's peak RSS, the ratio Mesh / peer, and records the table in bench/RESULTS.md
under "## HTTP". uvicorn and starlette are bench-only dependencies (not runtime deps).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PY = sys.executable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on {port} did not start")


def peak_rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load(port, secs, conns):
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run([wrk, "-t1", f"-c{conns}", f"-d{secs}s", "--latency",
                              f"http://127.0.0.1:{port}/text"],
                             capture_output=True, text=True, timeout=secs + 30).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        m = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
        errs = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
        return rps, _ms(m.group(1), m.group(2)), ("wrk", errs.group(0) if errs else "")
    out = subprocess.run([PY, str(HERE / "loadgen.py"), str(port), str(conns), str(secs)],
                         capture_output=True, text=True, timeout=secs + 60).stdout.split()
    return float(out[0]), float(out[1]), ("python loadgen", "")


def bench(name, script, secs, conns, env=None):
    port = free_port()
    proc = subprocess.Popen([PY, str(HERE / script), str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    try:
        wait_port(port)
        load(port, 1, conns)  # warm-up
        rps, p99, (tool, errs) = load(port, secs, conns)
        rss = peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"name": name, "rps": rps, "p99": p99, "rss": rss, "tool": tool, "errs": errs}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=100)
    ap.add_argument("--no-record", action="store_true")
    a = ap.parse_args()
    rows = [
        bench("mesh (httptools path)", "mesh_server.py", a.seconds, a.connections,
              {"MESH_HTTP_PARSER": "fast"}),
        bench("mesh (h11 path)", "mesh_server.py", a.seconds, a.connections,
              {"MESH_HTTP_PARSER": "h11"}),
        bench("uvicorn+starlette", "starlette_server.py", a.seconds, a.connections),
    ]
    peer = rows[-1]["rps"]
    lines = [f"GET /text, {rows[0]['tool']} -t1 -c{a.connections}, {a.seconds} s each, "
             f"Python {sys.version.split()[0]}, {os.cpu_count()} cores", "",
             "| server | requests/s | p99 latency | peak RSS | ratio vs peer |",
             "|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['name']} | {r['rps']:.0f} | {r['p99']:.2f} ms | "
                     f"{r['rss']:.1f} MB | {r['rps'] / peer:.2f}x |")
    table = "\n".join(lines)
    print(table)
    for r in rows:
        if r["errs"]:
            print(f"note: {r['name']}: {r['errs']}")
    print(f"\nratio mesh/uvicorn+starlette: {rows[0]['rps'] / peer:.2f} (goal >= 1.5)")
    if not a.no_record:
        record(table)


def record(table):
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    section = "## HTTP\n\nCommand: `.venv/bin/python bench/http/run.py`\n\n" + table + "\n"
    m = re.search(r"^## HTTP\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    if m:
        text = text[:m.start()] + section + ("\n" if m.end() < len(text) else "") + \
            text[m.end():]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


if __name__ == "__main__":
    main()
