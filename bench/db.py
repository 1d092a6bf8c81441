"""One-command database benchmark: TechEmpower-style endpoints served by a built Mesh server
(bench/db_servers/mesh/main.mpl) vs uvicorn + starlette + asyncpg
(bench/db_servers/peer_starlette.py), both on the same local PostgreSQL, same wrk settings,
same run; then the per-query cost of our protocol client vs asyncpg
(bench/db_servers/query_overhead.py).

    .venv/bin/python bench/db.py [--secs 8] [--conns 32] [--rounds 2] [--pool 16]

Endpoints: /json, /db (one query), /queries?queries=20, /fortunes, /updates?queries=20.
The load generator draws `?seed=N` per request (a wrk Lua script) and both servers derive
their row ids from it, so they do identical work. PostgreSQL: MESH_BENCH_DATABASE_URL (a
database to create the bench database in), else a throw-away cluster started like the test
fixture (tests/db/pg_server.py). The peer's packages are installed with pip into a
temporary directory when they are not importable (never into the venv). Needs `wrk`
(apt-get install -y wrk). Prints requests/s per endpoint (best of the rounds) and the
Mesh/peer ratios; nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchlib import free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SERVERS = HERE / "db_servers"
PY = sys.executable
ENDPOINTS = [
    ("json", "/json"),
    ("single query", "/db"),
    ("20 queries", "/queries?queries=20"),
    ("fortunes", "/fortunes"),
    ("20 updates", "/updates?queries=20"),
]
FORTUNES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]
WRK_SCRIPT = """\
math.randomseed(os.time())
request = function()
  return wrk.format(nil, wrk.path .. (string.find(wrk.path, "?", 1, true) and "&" or "?")
                    .. "seed=" .. math.random(0, 1000000))
end
"""


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
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


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


# --------------------------------------------------------------------------- database


@contextlib.contextmanager
def database():
    """Yields the URL of a fresh database filled with `world` (10,000 rows) and `fortune`."""
    sys.path.insert(0, str(ROOT / "tests" / "db"))
    from pg_server import Cluster, find_binaries, run_sql, with_database

    cluster = None
    base = os.environ.get("MESH_BENCH_DATABASE_URL")
    if not base:
        bindir, reason = find_binaries()
        if bindir is None:
            sys.exit(f"no PostgreSQL: {reason}; set MESH_BENCH_DATABASE_URL")
        cluster = Cluster(bindir)
        cluster.start()
        base = cluster.url()
    name = "bench_" + uuid.uuid4().hex[:12]
    try:
        run_sql(base, [f"CREATE DATABASE {name}"])
        url = with_database(base, name)
        values = ", ".join(
            f"({i}, '{m.replace(chr(39), chr(39) * 2)}')" for i, m in enumerate(FORTUNES, 1)
        )
        run_sql(
            url,
            [
                "CREATE TABLE world (id integer PRIMARY KEY, randomnumber integer NOT NULL)",
                "INSERT INTO world SELECT i, (random() * 9999)::int + 1 FROM generate_series(1, 10000) i",
                "CREATE TABLE fortune (id integer PRIMARY KEY, message text NOT NULL)",
                f"INSERT INTO fortune VALUES {values}",
                "ANALYZE",
            ],
        )
        yield url
    finally:
        if cluster is not None:
            cluster.stop()
        else:
            with contextlib.suppress(Exception):
                run_sql(base, [f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"])


# --------------------------------------------------------------------------- servers


def peer_path(tmp: Path, given: str | None) -> str:
    """A PYTHONPATH entry with uvicorn, starlette and asyncpg: `--peer-deps DIR` (filled by
    pip --target on first use and kept), else the venv when it has them, else pip --target
    into the temporary directory."""
    env = dict(os.environ, PYTHONPATH=given or "")
    probe = subprocess.run(
        [PY, "-c", "import uvicorn, starlette, asyncpg"], capture_output=True, env=env
    )
    if probe.returncode == 0:
        return given or ""
    target = Path(given) if given else tmp / "peer-deps"
    print(f"installing uvicorn, starlette, asyncpg into {target} (bench only) ...", flush=True)
    subprocess.run(
        [
            PY,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--target",
            str(target),
            "uvicorn",
            "starlette",
            "asyncpg",
        ],
        check=True,
    )
    return str(target)


def build_mesh(tmp: Path) -> Path:
    exe = tmp / "db_mesh"
    r = subprocess.run(
        [PY, "-m", "mesh.cli", "build", str(SERVERS / "mesh"), "-o", str(exe)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        sys.exit(f"mesh build failed:\n{r.stdout}{r.stderr}")
    return exe


@contextlib.contextmanager
def server(kind: str, exe: Path, url: str, pool: int, deps: str):
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, PORT=str(port), DB_POOL_SIZE=str(pool))
    if kind == "mesh":
        env.pop("PYTHONPATH", None)
        argv = [str(exe)]
    else:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (deps, str(ROOT)) if p)
        argv = [PY, str(SERVERS / "peer_starlette.py"), str(port)]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log
    )
    try:
        try:
            wait_port(port, proc)
        except RuntimeError:
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", "replace"))
            raise
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def check_answers(port: int) -> None:
    """Both servers must answer the same shapes before they are measured."""
    import http.client

    def get(path: str) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read().decode()

    assert json.loads(get("/json")[1]) == {"message": "Hello, World!"}
    one = json.loads(get("/db?seed=41")[1])
    assert one["id"] == 42 and isinstance(one["randomNumber"], int), one
    many = json.loads(get("/queries?queries=20&seed=1")[1])
    assert [w["id"] for w in many] == [(1 + k * 7919) % 10000 + 1 for k in range(20)]
    status, page = get("/fortunes")
    assert status == 200 and page.count("<tr>") == 14 and "&lt;script&gt;" in page, page
    updated = json.loads(get("/updates?queries=20&seed=5")[1])
    again = json.loads(get("/queries?queries=20&seed=5")[1])
    assert updated == again, (updated, again)


def wrk(port: int, path: str, secs: int, conns: int, script: Path) -> float:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{conns}",
            f"-d{secs}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=secs + 60,
    ).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if not m or errors:
        raise RuntimeError(f"wrk failed:\n{out}")
    return float(m.group(1))


def measure(args, exe: Path, url: str, deps: str, script: Path) -> dict[str, dict[str, float]]:
    best: dict[str, dict[str, float]] = {"mesh": {}, "peer": {}}
    for rnd in range(args.rounds):
        for kind in ("mesh", "peer"):
            with server(kind, exe, url, args.pool, deps) as port:
                check_answers(port)
                for label, path in ENDPOINTS:
                    wrk(port, path, 2, args.conns, script)  # warm-up
                    rps = wrk(port, path, args.secs, args.conns, script)
                    best[kind][label] = max(best[kind].get(label, 0.0), rps)
                    print(
                        f"  round {rnd + 1} {kind:<4} {label:<13} {rps:>9,.0f} req/s "
                        f"(load {loadavg()})",
                        flush=True,
                    )
    return best


def overhead(url: str, deps: str, n: int, rounds: int) -> dict[str, tuple[float, float]]:
    result = {}
    for kind in ("unnamed", "cached", "asyncpg"):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (deps, str(ROOT)) if p))
        runs = []
        for _ in range(rounds):
            out = subprocess.run(
                [PY, str(SERVERS / "query_overhead.py"), kind, url, str(n)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            wall, cpu = (float(x) for x in out.split())
            runs.append((wall, cpu))
        result[kind] = (
            statistics.median(w for w, _ in runs),
            statistics.median(c for _, c in runs),
        )
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--secs", type=int, default=8)
    ap.add_argument("--conns", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--pool", type=int, default=16)
    ap.add_argument("--queries", type=int, default=5000, help="per-query overhead sample size")
    ap.add_argument("--peer-deps", help="directory for the peer's packages (kept between runs)")
    args = ap.parse_args()
    if not subprocess.run(["sh", "-c", "command -v wrk"], capture_output=True).stdout:
        sys.exit("wrk is required (apt-get install -y wrk)")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_start = loadavg()
    with tempfile.TemporaryDirectory() as d, database() as url:
        tmp = Path(d)
        script = tmp / "seed.lua"
        script.write_text(WRK_SCRIPT)
        deps = peer_path(tmp, args.peer_deps)
        exe = build_mesh(tmp)
        best = measure(args, exe, url, deps, script)
        cost = overhead(url, deps, args.queries, 3)
    print(
        f"\n{started}; wrk -t1 -c{args.conns} -d{args.secs}s, best of {args.rounds}; pool "
        f"{args.pool} connections each; load {load_start} -> {loadavg()}"
    )
    print("| endpoint | Mesh req/s | uvicorn+starlette+asyncpg req/s | ratio |")
    print("|---|---|---|---|")
    for label, _ in ENDPOINTS:
        m, p = best["mesh"][label], best["peer"][label]
        print(f"| {label} | {m:,.0f} | {p:,.0f} | {m / p:.2f}× |")
    for label in ("single query", "fortunes"):
        ratio = best["mesh"][label] / best["peer"][label]
        print(f"goal {label} >= 1.5x peer: {ratio:.2f}x {'PASS' if ratio >= 1.5 else 'MISS'}")
    print("\nper query, one connection, sequential (median of 3): wall µs / client CPU µs")
    names = {
        "unnamed": "our client, unnamed statement each time (no cache)",
        "cached": "our client as Pg.query runs it (statement cache)",
        "asyncpg": "asyncpg fetchrow (its statement cache)",
    }
    for kind, (wall, cpu) in cost.items():
        print(f"| {names[kind]} | {wall:.0f} | {cpu:.0f} |")


if __name__ == "__main__":
    main()
