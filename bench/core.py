"""Core-language benchmarks: compiled Mesh vs plain CPython, measured in the same run.

    .venv/bin/python bench/core.py [--repeat N]

Prints one row per benchmark with the best-of-N wall time of each side and the ratio
(Mesh / peer; lower is better). Budgets (DESIGN §4): fib(30) ≤ 1.3× plain CPython;
`mesh build` of a 5,000-line project ≤ 3 s without Nuitka.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import FIB_MESH, FIB_PY, MESH, ROOT, best_of, build

LOOP_MESH = """
fn count(n :: Int, acc :: Int) -> Int do
  if n == 0 do
    acc
  else
    count(n - 1, acc + n % 7)
  end
end

fn main() do
  println("#{count(3000000, 0)}")
end
"""
LOOP_PY = """
def count(n, acc):
    while n != 0:
        n, acc = n - 1, acc + n % 7
    return acc
print(count(3000000, 0))
"""
LIST_MESH = """
fn main() do
  let xs = Range.to_list(0..200000)
  let ys = xs |> List.map(fn x -> x * 3 end) |> List.filter(fn x -> x % 2 == 0 end)
  let total = List.reduce(ys, 0, fn acc, x -> acc + x end)
  println("#{total}")
end
"""
LIST_PY = """
from functools import reduce
xs = list(range(0, 200000))
ys = [x for x in (x * 3 for x in xs) if x % 2 == 0]
print(reduce(lambda acc, x: acc + x, ys, 0))
"""


def run_pair(label: str, mesh_src: str, py_src: str, workdir: Path, repeat: int) -> tuple:
    exe = build(mesh_src, workdir, label)
    py = workdir / f"{label}.py"
    py.write_text(py_src)
    # Subtract interpreter + runtime start-up on both sides so the ratio compares the work.
    empty = build('fn main() do\n  println("")\nend\n', workdir, label + "_empty")
    base_mesh, _ = best_of([str(empty)], repeat)
    base_py, _ = best_of([sys.executable, "-c", "print('')"], repeat)
    t_mesh, out_mesh = best_of([str(exe)], repeat)
    t_py, out_py = best_of([sys.executable, str(py)], repeat)
    if out_mesh.strip() != out_py.strip():
        raise SystemExit(f"{label}: outputs differ: mesh={out_mesh!r} python={out_py!r}")
    work_mesh = max(t_mesh - base_mesh, 1e-6)
    work_py = max(t_py - base_py, 1e-6)
    return label, work_mesh, work_py, work_mesh / work_py


def compile_5k(workdir: Path, repeat: int) -> tuple:
    proj = workdir / "big"
    proj.mkdir()
    lines = 0
    for m in range(25):
        parts = []
        for f in range(20):
            parts.append(
                f"pub fn f{f}(x :: Int, y :: Int) -> Int do\n"
                f"  let a = x + {f}\n"
                f"  let b = case a % 3 do\n"
                f"    0 -> a * 2\n"
                f"    1 -> a + y\n"
                f"    _ -> a - y\n"
                f"  end\n"
                f"  if b > 100 do\n"
                f"    b - 100\n"
                f"  else\n"
                f"    b\n"
                f"  end\n"
                f"end\n"
            )
        # Interfaces and impls, so the checker's trait machinery is part of the budget.
        parts.append(
            f"pub interface Shape{m} do\n  fn area(self) -> Int\n"
            f'  fn describe(self) -> String do\n    "shape"\n  end\nend\n'
        )
        for k in range(8):
            parts.append(
                f"pub struct Box{k} do\n  w :: Int\n  h :: Int\nend deriving(Eq, Display)\n\n"
                f"impl Shape{m} for Box{k} do\n  fn area(self) -> Int do\n"
                f"    self.w * self.h + {k}\n  end\nend\n\n"
                f"impl Add for Box{k} do\n  type Output = Box{k}\n"
                f"  fn add(self, o :: Box{k}) -> Box{k} do\n"
                f"    Box{k} {{ w: self.w + o.w, h: self.h + o.h }}\n  end\nend\n\n"
                f"pub fn use{k}(a :: Box{k}, b :: Box{k}) -> String do\n"
                f'  let c = a + b\n  "#{{c}} #{{c.area()}} #{{c.describe()}}"\nend\n'
            )
        text = "\n".join(parts)
        lines += text.count("\n")
        (proj / f"mod{m}.mpl").write_text(text)
    imports = "\n".join(f"import Mod{m}" for m in range(25))
    calls = " + ".join(f"Mod{m}.f{m % 20}(1, 2)" for m in range(25))
    (proj / "main.mpl").write_text(f'{imports}\n\nfn main() do\n  println("#{{{calls}}}")\nend\n')
    best = float("inf")
    for _ in range(repeat):
        shutil.rmtree(proj / ".mesh", ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run(MESH + ["build", str(proj)], check=True, capture_output=True, cwd=ROOT)
        best = min(best, time.perf_counter() - t0)
    # Peer: CPython byte-compiling the Python we generated (a floor for any compiler to Python).
    gen = proj / ".mesh" / "build" / "py"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-f", str(gen)], check=True)
    peer = time.perf_counter() - t0
    return f"mesh build ({lines} lines, 26 modules, 400 impls)", best, peer, best / peer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = [
            run_pair("fib30", FIB_MESH, FIB_PY, work, args.repeat),
            run_pair("tail_loop_3M", LOOP_MESH, LOOP_PY, work, args.repeat),
            run_pair("list_pipeline_200k", LIST_MESH, LIST_PY, work, args.repeat),
            compile_5k(work, args.repeat),
        ]
    print(f"{'benchmark':40} {'mesh s':>9} {'peer s':>9} {'ratio':>7}")
    for label, a, b, r in rows:
        print(f"{label:40} {a:9.3f} {b:9.3f} {r:7.2f}")


if __name__ == "__main__":
    main()
