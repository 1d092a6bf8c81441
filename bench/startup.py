"""Start-up and whole-process benchmarks: built Mesh programs vs plain CPython, same run.

    .venv/bin/python bench/startup.py [--repeat N] [--release HELLO_BINARY]

Rows (issue 19): a built hello world vs `python -c pass` (goal ≤ 1.3×), fib(30) as a
whole process (start-up included) vs `python3 fib.py` (goal ≤ 1.3×), and an HTTP server
from exec to its first `GET /text` answer vs uvicorn + starlette (bench/http/
starlette_server.py; the row is left out when they are not installed: bench/workers.py
installs them). The peer runs on the
interpreter the debug launcher's shebang names (the one running this script). Each row
prints the best wall time and the best CPU time (user + system of the child): on a machine
shared with other work the CPU time is the steadier of the two. `--release` adds a row for
a prebuilt `mesh build --release` hello world binary.

Bytecode caching is left on (PYTHONDONTWRITEBYTECODE is dropped for the children, after
one warm-up run) so runtime modules load from `.pyc` as in an installed Mesh.
"""

from __future__ import annotations

import argparse
import http.client
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import FIB_MESH, FIB_PY, build, free_port, measure as _measure

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

HELLO_MESH = 'fn main() do\n  println("Hello")\nend\n'


WEB_MESH = """
fn text(_request :: Request) -> Response do
  HTTP.response(200, "Hello, World!")
end

fn main() do
  let router = HTTP.router() |> HTTP.on_get("/text", text)
  HTTP.serve(router, Env.get_int("PORT", 8080))
end
"""
STARLETTE = Path(__file__).resolve().parent / "http" / "starlette_server.py"


def first_response(cmd: list[str], port: int) -> tuple[float, float]:
    """(wall s, CPU s) of a server process from exec to its first answered GET /text."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env={**ENV, "PORT": str(port)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = t0 + 30
        while True:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                conn.request("GET", "/text")
                if conn.getresponse().status == 200:
                    break
            except OSError:  # not listening yet
                pass
            finally:
                conn.close()
            if time.perf_counter() > deadline or proc.poll() is not None:
                raise SystemExit(f"{cmd[0]}: no answer on port {port}")
            time.sleep(0.002)
        wall = time.perf_counter() - t0
    finally:
        proc.kill()
        proc.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def http_row(web: Path, repeat: int) -> tuple | None:
    probe = [sys.executable, "-c", "import uvicorn, starlette"]
    if subprocess.run(probe, capture_output=True).returncode != 0:
        print(
            "(HTTP row left out: uvicorn/starlette not installed; bench/workers.py installs them)"
        )
        return None
    best = {"mesh": (float("inf"), float("inf")), "peer": (float("inf"), float("inf"))}
    cmds = {"mesh": [str(web)], "peer": [sys.executable, str(STARLETTE)]}
    for round_no in range(repeat + 1):  # interleaved; round 0 warms the bytecode caches
        for who in ("mesh", "peer"):
            port = free_port()
            cmd = cmds[who] + ([str(port)] if who == "peer" else [])
            wall, cpu = first_response(cmd, port)
            if round_no > 0:
                best[who] = (min(best[who][0], wall), min(best[who][1], cpu))
    (mw, mc), (pw, pc) = best["mesh"], best["peer"]
    return "HTTP server, exec to first response vs uvicorn", mw, pw, mc, pc


def measure(cmd: list[str], repeat: int) -> tuple[float, float, str]:
    """(best wall s, best CPU s, stdout) over `repeat` runs after one warm-up."""
    return _measure(cmd, repeat, env=ENV, warm_up=True)


def row(label: str, mesh_cmd: list[str], peer_cmd: list[str], repeat: int) -> tuple:
    m_wall, m_cpu, m_out = measure(mesh_cmd, repeat)
    p_wall, p_cpu, p_out = measure(peer_cmd, repeat)
    if p_out and m_out.strip() != p_out.strip():
        raise SystemExit(f"{label}: outputs differ: mesh={m_out!r} python={p_out!r}")
    return label, m_wall, p_wall, m_cpu, p_cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--release", help="a `mesh build --release` hello world binary")
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        hello = build(HELLO_MESH, work, "hello")
        fib = build(FIB_MESH, work, "fib")
        web = build(WEB_MESH, work, "web")
        (work / "fib.py").write_text(FIB_PY)
        rows = [
            row(
                "hello world (debug build) vs python -c pass",
                [str(hello)],
                [py, "-c", "pass"],
                args.repeat,
            )
        ]
        if args.release:
            rows.append(
                row(
                    "hello world (release binary) vs python -c pass",
                    [args.release],
                    [py, "-c", "pass"],
                    args.repeat,
                )
            )
        rows.append(
            row(
                "fib(30) whole process (debug build) vs python fib.py",
                [str(fib)],
                [py, str(work / "fib.py")],
                max(3, args.repeat // 3),
            )
        )
        web_row = http_row(web, max(3, args.repeat // 3))
        if web_row is not None:
            rows.append(web_row)
    print(
        f"{'benchmark':52} {'mesh wall':>10} {'peer wall':>10} {'ratio':>6}"
        f" {'mesh cpu':>9} {'peer cpu':>9} {'ratio':>6}"
    )
    for label, mw, pw, mc, pc in rows:
        print(
            f"{label:52} {mw * 1000:8.1f}ms {pw * 1000:8.1f}ms {mw / pw:6.2f}"
            f" {mc * 1000:7.1f}ms {pc * 1000:7.1f}ms {mc / pc:6.2f}"
        )


if __name__ == "__main__":
    main()
