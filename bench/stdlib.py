"""Stdlib benchmarks: compiled Mesh programs vs plain CPython, measured in the same run.

    .venv/bin/python bench/stdlib.py [--repeat N]

1. map_build_100k: fold `Map.put` over a 100,000-element list into a fresh Map
   (peer: a Python `for` loop filling a dict).
2. map_update_100k: update one key of a 100,000-entry Map 100,000 times in a
   tail-recursive loop, the shape of an actor holding its state in a Map (peer: a
   Python `while` loop doing `d[k] = d[k] + 1`). Building the map is set-up: each
   side's time is (set-up + loop) − (set-up alone), so only the updates count.
3. json_encode_1mb / json_parse_1mb (and 4. below, `--only json` runs these): `Json.encode` of a ~1 MB list of 9,000 structs
   (deriving Json; ints, floats, bools, strings, a list and a Map each) and
   `Json.parse` of the resulting text, vs `json.dumps(sort_keys=True,
   separators=(",", ":"))` / `json.loads` on the equivalent list of dicts. Both
   sides time the call inside the program (Mesh: `DateTime.utc_now`, ms) and must
   produce byte-identical text. Note `Json.parse` returns a `Json` value, which is
   canonical text, so it parses *and* re-encodes; `json.loads` only parses.

Map rows are whole-process wall times with interpreter + runtime start-up subtracted
on both sides (as in bench/core.py), best of N. Budgets (issue): map rows ≤ 1 s each;
JSON rows have no budget, the ratio is reported. Ratios are Mesh / peer (lower is better).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import ROOT, best_of, build

BUDGET_S = 1.0

MAP_BUILD_MESH = """
fn main() do
  let m = List.reduce(Range.to_list(0..100000), Map.new(), fn m, i -> Map.put(m, i, i * 2) end)
  println("#{Map.size(m)} #{Map.get(m, 99999)}")
end
"""
MAP_BUILD_PY = """
m = {}
for i in list(range(0, 100000)):
    m[i] = i * 2
print(f"{len(m)} {m[99999]}")
"""

MAP_SETUP_MESH = """
fn setup() -> Map<Int, Int> do
  List.reduce(Range.to_list(0..100000), Map.new(), fn m, i -> Map.put(m, i, i) end)
end
"""
MAP_UPDATE_MESH = (
    MAP_SETUP_MESH
    + """
fn loop(m :: Map<Int, Int>, n :: Int) -> Map<Int, Int> do
  if n == 0 do
    m
  else
    loop(Map.put(m, 500, Map.get(m, 500) + 1), n - 1)
  end
end

fn main() do
  let m = loop(setup(), 100000)
  println("#{Map.size(m)} #{Map.get(m, 500)}")
end
"""
)
MAP_UPDATE_BASE_MESH = (
    MAP_SETUP_MESH
    + """
fn main() do
  let m = setup()
  println("#{Map.size(m)} #{Map.get(m, 500) + 100000}")
end
"""
)
MAP_SETUP_PY = """
m = {}
for i in list(range(0, 100000)):
    m[i] = i
"""
MAP_UPDATE_PY = (
    MAP_SETUP_PY
    + """
def loop(m, n):
    while n != 0:
        m[500] = m[500] + 1
        n -= 1
    return m
m = loop(m, 100000)
print(f"{len(m)} {m[500]}")
"""
)
MAP_UPDATE_BASE_PY = (
    MAP_SETUP_PY
    + """
print(f"{len(m)} {m[500] + 100000}")
"""
)

JSON_N = 9000
JSON_MESH = """
struct Item do
  id :: Int
  name :: String
  price :: Float
  active :: Bool
  tags :: List<String>
  attrs :: Map<String, Int>
end deriving(Json)

fn now_ms() -> Int do
  DateTime.to_unix_ms(DateTime.utc_now())
end

fn item(i :: Int) -> Item do
  Item { id: i, name: "item-#{i}", price: 1.5 * Int.to_float(i), active: i % 2 == 0,
         tags: ["a#{i % 7}", "b#{i % 11}", "c"], attrs: %{"x" => i, "y" => i * 3} }
end

fn main() do
  let items = Range.map(0..@N@, fn i -> item(i) end)
  let t0 = now_ms()
  let text = Json.encode(items)
  let t1 = now_ms()
  let back = case Json.parse(text) do
    Ok(doc) -> Json.encode(doc)
    Err(e) -> e
  end
  let t2 = now_ms()
  let _ = File.write("@OUT@", text)
  let same = back == text
  println("{\\"bytes\\":#{String.length(text)},\\"encode_s\\":#{Int.to_float(t1 - t0) / 1000.0},\\"parse_s\\":#{Int.to_float(t2 - t1) / 1000.0},\\"roundtrip\\":#{same}}")
end
"""
JSON_PY = """
import json, sys, time
items = [{"id": i, "name": f"item-{i}", "price": 1.5 * i, "active": i % 2 == 0,
          "tags": [f"a{i % 7}", f"b{i % 11}", "c"], "attrs": {"x": i, "y": i * 3}}
         for i in range(@N@)]
t0 = time.perf_counter()
text = json.dumps(items, sort_keys=True, separators=(",", ":"))
t1 = time.perf_counter()
doc = json.loads(text)
t2 = time.perf_counter()
open("@OUT@", "w").write(text)
print(json.dumps({"bytes": len(text), "encode_s": t1 - t0, "parse_s": t2 - t1,
                  "roundtrip": doc == items}))
"""


def timed_pair(label, mesh_src, py_src, mesh_base, py_base, work: Path, repeat: int):
    """(label, mesh work s, peer work s): whole-process time minus the baseline program's."""
    exe = build(mesh_src, work, label)
    base_exe = build(mesh_base, work, label + "_base")
    py, py_b = work / f"{label}.py", work / f"{label}_base.py"
    py.write_text(py_src)
    py_b.write_text(py_base)
    b_mesh, out_bm = best_of([str(base_exe)], repeat)
    b_py, out_bp = best_of([sys.executable, str(py_b)], repeat)
    t_mesh, out_mesh = best_of([str(exe)], repeat)
    t_py, out_py = best_of([sys.executable, str(py)], repeat)
    if out_mesh.strip() != out_py.strip():
        raise SystemExit(f"{label}: outputs differ: mesh={out_mesh!r} python={out_py!r}")
    return label, max(t_mesh - b_mesh, 1e-6), max(t_py - b_py, 1e-6)


def _fill(src: str, out: Path) -> str:
    return src.replace("@N@", str(JSON_N)).replace("@OUT@", str(out))


def json_pair(work: Path, repeat: int):
    mesh_out, py_out = work / "mesh.json", work / "py.json"
    exe = build(_fill(JSON_MESH, mesh_out), work, "json_1mb")
    py = work / "json_1mb.py"
    py.write_text(_fill(JSON_PY, py_out))
    runs_m, runs_p = [], []
    for _ in range(repeat):
        runs_m.append(
            json.loads(
                subprocess.run([str(exe)], capture_output=True, text=True, check=True)
                .stdout.strip()
                .splitlines()[-1]
            )
        )
        runs_p.append(
            json.loads(
                subprocess.run(
                    [sys.executable, str(py)], capture_output=True, text=True, check=True
                ).stdout.strip()
            )
        )
    if mesh_out.read_bytes() != py_out.read_bytes():
        raise SystemExit("json: Json.encode and json.dumps produced different text")
    if not (all(r["roundtrip"] for r in runs_m) and all(r["roundtrip"] for r in runs_p)):
        raise SystemExit("json: parse did not round-trip")
    mb = runs_m[0]["bytes"] / 1e6
    rows = []
    for key, name in (("encode_s", "encode"), ("parse_s", "parse")):
        m = min(r[key] for r in runs_m)
        p = min(r[key] for r in runs_p)
        rows.append((f"json_{name}_{mb:.2f}MB", max(m, 1e-3), max(p, 1e-6)))
    return rows


JSON_ERR_MESH = """
fn now_ms() -> Int do
  DateTime.to_unix_ms(DateTime.utc_now())
end

fn main() do
  case File.read("@IN@") do
    Ok(text) -> do
      let t0 = now_ms()
      let r = Json.parse(text)
      let t1 = now_ms()
      let e = case r do
        Ok(_) -> "ok"
        Err(m) -> m
      end
      println("{\\"parse_s\\":#{Int.to_float(t1 - t0) / 1000.0},\\"error\\":#{Json.encode(e)}}")
    end
    Err(e) -> println(e)
  end
end
"""
JSON_ERR_PY = """
import json, time
text = open("@IN@").read()
t0 = time.perf_counter()
try:
    json.loads(text)
    err = "ok"
except ValueError as e:
    err = str(e)
print(json.dumps({"parse_s": time.perf_counter() - t0, "error": err}))
"""


def json_error_pair(work: Path, repeat: int):
    """4. json_parse_error_16MiB: `Json.parse` of a 16 MiB array of objects whose last
    byte is wrong (`x` for `]`), vs `json.loads` failing on the same text. Before issue 13
    item 5 the error text came from re-parsing the whole document in pure Python."""
    item = '{"id":12345,"name":"item-0","tags":["a","b"]}'
    doc = "[" + ",".join([item] * ((16 << 20) // (len(item) + 1))) + "x"
    src = work / "bad16.json"
    src.write_text(doc)
    exe = build(JSON_ERR_MESH.replace("@IN@", str(src)), work, "json_err_16mb")
    py = work / "json_err_16mb.py"
    py.write_text(JSON_ERR_PY.replace("@IN@", str(src)))
    runs_m, runs_p = [], []
    for _ in range(repeat):
        runs_m.append(
            json.loads(
                subprocess.run([str(exe)], capture_output=True, text=True, check=True)
                .stdout.strip()
                .splitlines()[-1]
            )
        )
        runs_p.append(
            json.loads(
                subprocess.run(
                    [sys.executable, str(py)], capture_output=True, text=True, check=True
                ).stdout.strip()
            )
        )
    want = f"expected `,` or `]` at line 1 column {len(doc)}"
    if runs_m[0]["error"] != want:
        raise SystemExit(f"json error: {runs_m[0]['error']!r} != {want!r}")
    m = min(r["parse_s"] for r in runs_m)
    p = min(r["parse_s"] for r in runs_p)
    return [("json_parse_error_16MiB", max(m, 1e-3), max(p, 1e-6))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=("map", "json"), help="run one group of rows")
    args = ap.parse_args()
    os.chdir(ROOT)
    empty_mesh = 'fn main() do\n  println("")\nend\n'
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = []
        if args.only != "json":
            rows += [
                timed_pair(
                    "map_build_100k",
                    MAP_BUILD_MESH,
                    MAP_BUILD_PY,
                    empty_mesh,
                    "print('')\n",
                    work,
                    args.repeat,
                )
                + (BUDGET_S,),
                timed_pair(
                    "map_update_100k",
                    MAP_UPDATE_MESH,
                    MAP_UPDATE_PY,
                    MAP_UPDATE_BASE_MESH,
                    MAP_UPDATE_BASE_PY,
                    work,
                    args.repeat,
                )
                + (BUDGET_S,),
            ]
        if args.only != "map":
            rows += [r + (None,) for r in json_pair(work, args.repeat)]
            rows += [r + (None,) for r in json_error_pair(work, args.repeat)]
    print(f"{'benchmark':24} {'mesh s':>9} {'peer s':>9} {'ratio':>7}  budget")
    for label, a, b, budget in rows:
        verdict = (
            "-" if budget is None else (f"≤ {budget:g} s: {'PASS' if a <= budget else 'FAIL'}")
        )
        print(f"{label:24} {a:9.3f} {b:9.3f} {a / b:7.2f}  {verdict}")


if __name__ == "__main__":
    main()
