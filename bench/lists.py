"""List recursion benchmark (issue 19 item 1): `h :: t` recursion vs a Python `for` loop.

    .venv/bin/python bench/lists.py [--repeat N] [--sizes 100000,1000000]

For each size n: a built Mesh program summing `Range.to_list(0..n)` by tail recursion over
`h :: t` (compiled to a `for` loop over the list, mesh/compiler/codegen/list_loops.py), the
same with a guard on the arm (which keeps the `while` loop: each tail is an O(1) view,
mesh/runtime/list_view.py), and the same sum by `List.tail`/`List.head`, vs CPython summing
`list(range(n))` with a `for` loop in a function (locals, as the Mesh code has). Each
program sums its list 3,000,000 / n times (three million steps per row), as a whole
process; the same program with the sums left out (it only builds the list) is subtracted,
so the rows compare the recursion against the loop. Times are the best of N
runs, CPU time (user + system of the child: steadier than wall time on a shared machine).
Goal: ≤ 3× the loop, and linear in n (the time per step stays put across sizes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchlib import build, cpu_of

CONS_MESH = """
fn sum(xs :: List<Int>, acc :: Int) -> Int do
  case xs do
    [] -> acc
    h :: t -> sum(t, acc + h)
  end
end

fn times(xs :: List<Int>, k :: Int, acc :: Int) -> Int do
  if k == 0 do
    acc
  else
    times(xs, k - 1, acc + sum(xs, 0))
  end
end

fn main() do
  let xs = Range.to_list(0..@N@)
  println("#{@SUM@}")
end
"""
GUARD_MESH = CONS_MESH.replace("h :: t -> sum", "h :: t when h >= 0 -> sum").replace(
    "  end\nend\n\nfn times", "    _ -> acc\n  end\nend\n\nfn times", 1
)
TAIL_MESH = """
fn sum(xs :: List<Int>, acc :: Int) -> Int do
  if List.length(xs) == 0 do
    acc
  else
    sum(List.tail(xs), acc + List.head(xs))
  end
end

fn times(xs :: List<Int>, k :: Int, acc :: Int) -> Int do
  if k == 0 do
    acc
  else
    times(xs, k - 1, acc + sum(xs, 0))
  end
end

fn main() do
  let xs = Range.to_list(0..@N@)
  println("#{@SUM@}")
end
"""
LOOP_PY = """
def main():
    xs = list(range(0, @N@))
    total = 0
    for _ in range(@K@):
        for x in @XS@:
            total += x
    print(total)
main()
"""
STEPS = 3_000_000


def mesh_work(template: str, n: int, work: Path, label: str, repeat: int) -> tuple[float, str]:
    k = max(1, STEPS // n)
    full = build(
        template.replace("@N@", str(n)).replace("@SUM@", f"times(xs, {k}, 0)"), work, label
    )
    base = build(
        template.replace("@N@", str(n)).replace("@SUM@", "List.length(xs)"), work, label + "_base"
    )
    t_full, out = cpu_of([str(full)], repeat)
    t_base, _ = cpu_of([str(base)], repeat)
    return max(t_full - t_base, 1e-6), out


def python_work(n: int, work: Path, repeat: int) -> tuple[float, str]:
    full = work / f"loop_{n}.py"
    k = str(max(1, STEPS // n))
    full.write_text(LOOP_PY.replace("@N@", str(n)).replace("@XS@", "xs").replace("@K@", k))
    base = work / f"loop_{n}_base.py"
    base.write_text(LOOP_PY.replace("@N@", str(n)).replace("@XS@", "()").replace("@K@", k))
    t_full, out = cpu_of([sys.executable, str(full)], repeat)
    t_base, _ = cpu_of([sys.executable, str(base)], repeat)
    return max(t_full - t_base, 1e-6), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="100000,1000000")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n in sizes:
            py, py_out = python_work(n, work, args.repeat)
            variants = (
                ("h :: t", "cons", CONS_MESH),
                ("h :: t when (views)", "guard", GUARD_MESH),
                ("List.tail", "tail", TAIL_MESH),
            )
            for label, kind, template in variants:
                tag = f"{kind}_{n}"
                mesh, out = mesh_work(template, n, work, tag, args.repeat)
                if out.strip() != py_out.strip():
                    raise SystemExit(f"{label} {n}: outputs differ: {out!r} vs {py_out!r}")
                reps = max(1, STEPS // n)
                rows.append((f"{label} recursion, {n:,} Ints ×{reps}", mesh, py))
    print(
        f"{'benchmark (CPU time, list build subtracted)':52} {'mesh s':>8} {'python for':>11}"
        f" {'ratio':>6}"
    )
    for label, mesh, py in rows:
        print(f"{label:52} {mesh:8.3f} {py:11.4f} {mesh / py:6.2f}")


if __name__ == "__main__":
    main()
