"""Code generator: compile Mesh source → Python package → run it and compare stdout."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from mesh.compiler import ast as A
from mesh.compiler.codegen import generate
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.program import Program
from mesh.compiler.source import SourceFile, Span

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _parse(files: dict[str, str]) -> tuple[list[A.Module], Reporter]:
    from mesh.compiler.parse import parse_module
    from mesh.compiler.project import module_name_for  # type: ignore[attr-defined]

    rep = Reporter()
    mods = []
    for rel, text in files.items():
        sf = SourceFile(rel, textwrap.dedent(text).lstrip("\n"), rel)
        mods.append(parse_module(sf, module_name_for(rel), rep))
    return mods, rep


def compile_program(files: dict[str, str] | str) -> dict[str, str]:
    if isinstance(files, str):
        files = {"main.mpl": files}
    try:
        mods, rep = _parse(files)
    except ImportError:
        from mesh.compiler.parse import parse_module

        rep = Reporter()
        mods = [
            parse_module(
                SourceFile(r, textwrap.dedent(t).lstrip("\n"), r),
                "Main" if r == "main.mpl" else r[:-4].title(),
                rep,
            )
            for r, t in files.items()
        ]
    assert not rep.has_errors, [str(d) for d in rep.items]
    # Dependencies first: the entry module last.
    mods.sort(key=lambda m: m.name == "Main")
    from mesh.compiler.types import check_program

    program = check_program(mods, "Main", rep)
    assert not rep.has_errors, [getattr(d, "message", str(d)) for d in rep.items]
    return generate(program)


def run_files(files: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    env = {**os.environ, "PYTHONPATH": ROOT}
    return subprocess.run(
        [sys.executable, str(tmp_path)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def run(src, tmp_path) -> str:
    files = compile_program(src)
    r = run_files(files, tmp_path)
    assert r.returncode == 0, r.stderr + "\n" + files["mesh_app/main.py"]
    return r.stdout


def test_tco_swaps_arguments_and_runs_in_constant_stack(tmp_path):
    out = run(
        """
        fn swap_loop(a :: Int, b :: Int, n :: Int) -> (Int, Int) do
          if n == 0 do
            (a, b)
          else
            swap_loop(b, a, n - 1)
          end
        end

        fn count(n :: Int, acc :: Int) -> Int do
          if n == 0 do
            acc
          else
            count(n - 1, acc + n)
          end
        end

        fn main() do
          println("#{swap_loop(1, 2, 3)} #{swap_loop(1, 2, 1000000)}")
          println("#{count(1000000, 0)}")
        end
    """,
        tmp_path,
    )
    assert out == "(2, 1) (1, 2)\n500000500000\n"


def test_tco_in_multi_clause_and_case_arms(tmp_path):
    out = run(
        """
        fn go(0, acc) = acc
        fn go(n, acc) = go(n - 1, acc + 2)

        fn walk(xs :: List<Int>, acc :: Int) -> Int do
          case xs do
            [] -> acc
            h :: t -> walk(t, acc + h)
          end
        end

        fn main() do
          println("#{go(1000000, 0)} #{walk([1, 2, 3], 0)}")
        end
    """,
        tmp_path,
    )
    assert out == "2000000 6\n"


def test_closures_capture_values_not_variables(tmp_path):
    out = run(
        """
        fn collect(n :: Int, acc :: List<Fun() -> Int>) -> List<Fun() -> Int> do
          if n == 0 do
            acc
          else
            collect(n - 1, [fn -> n end] ++ acc)
          end
        end

        fn main() do
          let x = 1
          let g = fn -> x end
          let x = 2
          let fs = for i in 0..3 do
            fn -> i * 10 end
          end
          let hs = for i in [1, 2] do
            let k = i + 100
            fn -> k end
          end
          println("#{g()} #{x}")
          println("#{List.map(fs, fn f -> f() end)}")
          println("#{List.map(hs, fn f -> f() end)}")
          println("#{List.map(collect(3, []), fn f -> f() end)}")
        end
    """,
        tmp_path,
    )
    assert out == "1 2\n[0, 10, 20]\n[101, 102]\n[1, 2, 3]\n"


def test_pattern_kinds(tmp_path):
    out = run(
        """
        type Shape do
          Dot
          Circle(Float)
          Rect(Float, Float)
        end

        fn area(s :: Shape) -> Float do
          case s do
            Dot -> 0.0
            Circle(r) -> 3.0 * r * r
            Shape.Rect(w, h) -> w * h
          end
        end

        fn classify(t) do
          case t do
            (0, _) -> "zero-first"
            (a, b) when a == b -> "same"
            (-1, 7) -> "neg"
            _ -> "other"
          end
        end

        fn lists(xs :: List<Int>) -> String do
          case xs do
            [] -> "empty"
            [a] -> "one #{a}"
            [a, b] -> "two #{a + b}"
            a :: b :: rest -> "many #{a} #{b} #{rest}"
          end
        end

        fn opt(o :: Option<Int>) -> String do
          case o do
            Some(n) as whole when n > 10 -> "big #{whole}"
            Some(_) | None -> "small or none"
          end
        end

        fn res(r :: Result<Int, String>) -> String do
          case r do
            Ok -> "ok"
            Err -> "err"
          end
        end

        fn atom(a) do
          case a do
            :error -> 1
            :ok -> 2
            _ -> 3
          end
        end

        fn sign(0) = "zero"
        fn sign(n) when n < 0 = "negative"
        fn sign(_) = "positive"

        fn main() do
          println("#{area(Circle(2.0))} #{area(Rect(2.0, 3.5))} #{area(Dot)}")
          println(classify((0, 5)) <> " " <> classify((2, 2)) <> " " <> classify((-1, 7)))
          println(lists([]) <> "|" <> lists([1]) <> "|" <> lists([1, 2]) <> "|" <> lists([1, 2, 3, 4]))
          println(opt(Some(50)) <> "|" <> opt(Some(1)) <> "|" <> opt(None))
          println(res(Ok(1)) <> res(Err("x")))
          println("#{atom(:ok)} #{atom(:error)} #{atom(:other)}")
          println(sign(0) <> sign(-5) <> sign(3))
          let pick = fn 1 -> "one" | _ -> "many" end
          println(pick(1) <> pick(7))
          let (a, (b, _)) = (1, ("s", 2))
          println("#{a} #{b}")
        end
    """,
        tmp_path,
    )
    assert out == (
        "12 7 0\nzero-first same neg\nempty|one 1|two 3|many 1 2 [3, 4]\n"
        "big Some(50)|small or none|small or none\nokerr\n2 1 3\n"
        "zeronegativepositive\nonemany\n1 s\n"
    )


def test_int_wrap_division_and_float(tmp_path):
    out = run(
        """
        fn main() do
          let big = 9223372036854775807
          let small = -big - 1
          println("#{big + 1} #{big * 2} #{small - 1} #{-small}")
          println("#{-7 / 2} #{-7 % 3} #{7 % -3} #{small / -1}")
          println("#{1.0 / 3.0} #{2.0 * 4.0} #{0.1 + 0.2}")
        end
    """,
        tmp_path,
    )
    assert out == (
        "-9223372036854775808 -2 9223372036854775807 -9223372036854775808\n"
        "-3 -1 1 -9223372036854775808\n0.3333333333333333 8 0.30000000000000004\n"
    )


def test_try_operator(tmp_path):
    out = run(
        """
        fn parse(s :: String) -> Int!String do
          case String.to_int(s) do
            Some(n) -> Ok(n)
            None -> Err("bad: " <> s)
          end
        end

        fn add(a :: String, b :: String) -> Int!String do
          let x = parse(a)?
          let y = parse(b)?
          Ok(x + y)
        end

        fn first_even(xs :: List<Int>) -> Int? do
          let h = List.find(xs, fn x -> x % 2 == 0 end)?
          Some(h * 10)
        end

        fn main() do
          println("#{add("1", "2")} #{add("x", "2")} #{add("1", "y")}")
          println("#{first_even([1, 4])} #{first_even([1, 3])}")
        end
    """,
        tmp_path,
    )
    assert out == "Ok(3) Err(bad: x) Err(bad: y)\nSome(40) None\n"


def test_loops_structs_and_blocks(tmp_path):
    out = run(
        """
        struct Point do
          x :: Int
          y :: Int
        end

        fn main() do
          let p = Point { y: 2, x: 1 }
          let q = %{p | y: 5}
          println("#{p} #{q.y}")
          let odd = for i in 0..10 when i % 2 == 1 do
            i * i
          end
          let firsts = for x in [1, 2, 3, 4] do
            if x == 3 do
              break
            end
            x
          end
          let inventory = %{"pens" => 3, "ink" => 0}
          for {item, count} in inventory do
            if count == 0 do
              continue
            end
            println("#{item}: #{count}")
          end
          let i = 0
          let label = if i == 0 do "zero" else "other" end
          let n = case i do
            0 -> do
              let z = 40
              z + 2
            end
            _ -> 0
          end
          println("#{odd} #{firsts} #{label} #{n}")
        end
    """,
        tmp_path,
    )
    assert out == ("Point { x: 1, y: 2 } 5\npens: 3\n[1, 9, 25, 49, 81] [1, 2] zero 42\n")


def test_multi_module_imports(tmp_path):
    files = compile_program(
        {
            "geometry/shapes.mpl": """
            pub struct Sq do
              side :: Int
            end

            pub fn area(s :: Sq) -> Int do
              s.side * s.side
            end

            pub fn area(a :: Int, b :: Int) -> Int = a * b
        """,
            "main.mpl": """
            import Geometry.Shapes
            from Geometry.Shapes import Sq

            fn main() do
              let s = Sq { side: 3 }
              println("#{Shapes.area(s)} #{Shapes.area(2, 5)}")
            end
        """,
        }
    )
    assert "mesh_app/geometry/shapes.py" in files
    assert "mesh_app/geometry/__init__.py" in files
    assert "MESH_FUNCTIONS" in files["mesh_app/geometry/shapes.py"]
    r = run_files(files, tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "9 10\n"


def test_panic_and_match_fail(tmp_path):
    files = compile_program("""
        fn main() do
          println("before")
          panic("boom")
        end
    """)
    r = run_files(files, tmp_path)
    assert r.returncode == 101
    assert r.stdout == "before\n"
    assert "Mesh panic at main.mpl:3: boom" in r.stderr


def test_guards_with_statements_loops_and_keyword_names(tmp_path):
    out = run(
        """
        struct Msg do
          from :: String
          count :: Int
        end

        fn check(x :: Int) -> Bool do
          case x do
            n when (case n do
              0 -> true
              _ -> n > 100
            end) -> true
            _ -> false
          end
        end

        fn both(a :: Int?, b :: Int?) -> Bool? do
          let ok = a? > 0 and b? > 0
          Some(ok)
        end

        fn main() do
          let m = Msg { count: 2, from: "ann" }
          let m2 = %{m | from: "bob"}
          println("#{m.from} #{m2.from} #{m.count}")
          println("#{check(0)} #{check(5)} #{check(500)}")
          println("#{both(Some(1), Some(2))} #{both(None, Some(1))} #{both(Some(-1), None)}")
          while true do
            println("once")
            break
          end
          let list = [1, 2]
          let fs = List.map(list, fn x -> fn y -> x + y end end)
          println("#{List.map(fs, fn f -> f(10) end)}")
        end
    """,
        tmp_path,
    )
    assert out == ("ann bob 2\ntrue false true\nSome(true) None Some(false)\nonce\n[11, 12]\n")


def _span() -> Span:
    return Span(SourceFile("main.mpl", "x\n", "main.mpl"), 0, 1)


def test_hand_built_ast_without_checker(tmp_path):
    """Codegen must cope with a tree that carries no checker annotations."""
    s = _span()

    def name(n):
        return A.Name(s, n)

    def lit(v):
        return A.IntLit(s, v)

    # fn twice(x) = x + x ; fn main() do println("#{twice(21)}") end
    twice = A.FnDef(
        "twice",
        s,
        [],
        [A.Param(A.PVar(s, "x"), None, s)],
        None,
        [],
        None,
        A.Binary(s, "+", name("x"), name("x")),
        False,
        s,
    )
    body = A.Block(
        s,
        [A.Call(s, name("println"), [A.StringLit(s, ["v=", A.Call(s, name("twice"), [lit(21)])])])],
    )
    main = A.FnDef("main", s, [], [], None, [], None, body, False, s)
    mod = A.Module("Main", SourceFile("main.mpl", "", "main.mpl"), [twice, main])
    files = generate(Program([mod], "Main"))
    r = run_files(files, tmp_path)
    assert r.returncode == 0, r.stderr + files["mesh_app/main.py"]
    assert r.stdout == "v=42\n"


def test_generated_source_is_readable(tmp_path):
    files = compile_program("""
        fn fib(n :: Int) -> Int do
          if n < 2 do
            n
          else
            fib(n - 1) + fib(n - 2)
          end
        end

        fn main() do
          println("#{fib(10)}")
        end
    """)
    src = files["mesh_app/main.py"]
    assert "def fib(n):" in src
    assert "fib(n - 1)" in src  # n >= 2 here, so no wrap check is needed
    assert "from mesh.runtime.core import" in src


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
