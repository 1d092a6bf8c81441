"""Compile-time scaling: `mesh build` of generated projects with many small functions.

    .venv/bin/python bench/compile_scale.py [--sizes 10000,30000,100000] [--per-module 500]
                                            [--layout modules|file] [--source DIR]

Each project has N functions `fK(x :: Int) -> Int` (every tenth calls its predecessor),
spread over modules of --per-module functions (`--layout file`: all in main.mpl), and a
`main` that calls the first function of every module. Each build runs cold (fresh build
directory) in its own process; we report wall time, CPU time (user + system; steadier than
wall time on a shared machine), peak RSS of the build process, and CPU time per 1,000
functions (flat when compile time is linear).

Goal (issue 13): 100k functions in ≤ 30 s and ≤ 1 GB, roughly linear.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def function(k: int) -> str:
    body = f"f{k - 1}(x) + {k}" if k % 10 == 9 else f"x * 2 + {k}"
    return f"fn f{k}(x :: Int) -> Int do\n  {body}\nend\n"


def generate(root: Path, n: int, per_module: int, layout: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    if layout == "file":
        fns = "\n".join(function(k) for k in range(n))
        (root / "main.mpl").write_text(fns + '\nfn main() do\n  println("#{f9(1)}")\nend\n')
        return
    (root / "gen").mkdir(exist_ok=True)
    mods = (n + per_module - 1) // per_module
    for m in range(mods):
        ks = range(m * per_module, min(n, (m + 1) * per_module))
        text = "\n".join("pub " + function(k) if k % 10 == 0 else function(k) for k in ks)
        (root / "gen" / f"m{m}.mpl").write_text(text)
    imports = "".join(f"import Gen.M{m}\n" for m in range(mods))
    calls = " + ".join(f"M{m}.f{m * per_module}(1)" for m in range(mods))
    (root / "main.mpl").write_text(
        imports + f'\nfn main() do\n  let total = {calls}\n  println("#{{total}}")\nend\n'
    )


def build_once(project: Path, source: str | None) -> dict:
    """Run in a child process: one cold `mesh build`, reporting its own peak RSS.

    `source`: a directory holding another `mesh` package (e.g. an older commit exported
    with `git archive`) to measure instead of this checkout."""
    out = project / "out"
    env = dict(os.environ)
    if source:
        env["PYTHONPATH"] = source
    t = time.perf_counter()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "mesh.cli",
            "build",
            str(project),
            "-o",
            str(out),
            "--build-dir",
            str(project / "_build"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=project,
    )  # not the checkout: `-m` puts the cwd first on sys.path
    dt = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    ok = r.returncode == 0
    if ok:
        run = subprocess.run([str(out)], capture_output=True, text=True, check=False)
        ok = run.returncode == 0 and run.stdout.strip() != ""
    return {
        "seconds": dt,
        "cpu": cpu,
        "rss_mb": rss_kb / 1024,
        "ok": ok,
        "error": "" if ok else (r.stdout + r.stderr)[-2000:],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--per-module", type=int, default=500)
    ap.add_argument("--layout", choices=["modules", "file"], default="modules")
    ap.add_argument("--source", help="measure the mesh package in this directory instead")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(build_once(Path(a.one), a.source)))
        return
    print(f"mesh build, generated projects ({a.layout}, {a.per_module} functions per module)")
    print(f"{'functions':>10} {'wall':>9} {'CPU':>9} {'peak RSS':>10} {'CPU s / 1k fns':>15}")
    for n in (int(s) for s in a.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="mesh-scale-") as d:
            proj = Path(d) / "proj"
            generate(proj, n, a.per_module, a.layout)
            extra = ["--source", a.source] if a.source else []
            r = subprocess.run(
                [sys.executable, __file__, "--one", str(proj), *extra],
                capture_output=True,
                text=True,
                check=True,
            )
            res = json.loads(r.stdout)
        status = "" if res["ok"] else "  FAILED: " + res["error"].strip().splitlines()[-1]
        print(
            f"{n:>10,} {res['seconds']:>8.2f}s {res['cpu']:>8.2f}s {res['rss_mb']:>8.0f} MB "
            f"{res['cpu'] / n * 1000:>14.3f}s{status}",
            flush=True,
        )


if __name__ == "__main__":
    main()
