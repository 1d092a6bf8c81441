"""`mesh test` and the test framework (spec 08 §6–§7): the real CLI in a subprocess over
small projects in tmp_path; exact stdout (timings normalised to `<S>`) and exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120

MANIFEST = '[package]\nname = "app"\nversion = "0.1.0"\n'
GREET = 'pub fn greeting(name :: String) -> String do\n  "hi, #{name}"\nend\n'
MAIN = 'from Greet import greeting\n\nfn main() do\n  println(greeting("ada"))\nend\n'


def mesh(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MESH_")}
    env["PYTHONPATH"] = str(ROOT)
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mesh.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def project(root: Path, files: dict[str, str], manifest: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if manifest:
        (root / "mesh.toml").write_text(MANIFEST)
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def norm(text: str) -> str:
    """Timings are real: `in 0.04s` → `in <S>s` (they must have two decimals)."""
    return re.sub(r" in \d+\.\d\ds$", " in <S>s", text, flags=re.M)


def run_tests(root: Path, *args: str) -> tuple[int, str, str]:
    r = mesh("test", *args, cwd=root)
    return r.returncode, norm(r.stdout), r.stderr


# ---------------------------------------------------------------------------- §6.3 output

SPEC_63 = """\
from Greet import greeting

describe("greeting") do
  test("includes the name") do
    assert(String.contains(greeting("ada"), "ada"))
  end

  test("shouts") do
    assert_eq(greeting("bo"), "HI, BO")
  end
end

test("mailbox round trip") do
  let me = self()
  send(me, "ping")
  assert_receive "ping", 200
end
"""

SPEC_63_OUT = """\
  ✓ greeting > includes the name
  ✗ greeting > shouts
    assert_eq failed: greeting("bo"), "HI, BO"
      left:  hi, bo
      right: HI, BO
  ✓ mailbox round trip

Failures:
  ✗ greeting > shouts
    assert_eq failed: greeting("bo"), "HI, BO"
      left:  hi, bo
      right: HI, BO

1 failed, 2 passed in <S>s

1 failed, 0 passed in <S>s
"""


@pytest.mark.slow
def test_spec_example_output_with_one_failure(tmp_path):
    root = project(
        tmp_path / "app", {"main.mpl": MAIN, "greet.mpl": GREET, "tests/greeting.test.mpl": SPEC_63}
    )
    status, out, err = run_tests(root)
    assert (status, out) == (1, SPEC_63_OUT), err
    # the same through an explicit file target and a directory target
    assert run_tests(tmp_path, str(root / "tests" / "greeting.test.mpl"))[:2] == (1, SPEC_63_OUT)
    assert run_tests(tmp_path, "app/tests")[:2] == (1, SPEC_63_OUT)


def test_spec_74_example_passes(tmp_path):
    src = (ROOT / "examples" / "testing" / "tests" / "greeting.test.mpl").read_text()
    root = project(tmp_path / "app", {"tests/greeting.test.mpl": src})
    status, out, err = run_tests(root)
    assert (status, out) == (
        0,
        """\
  ✓ greeting > includes the name
  ✓ greeting > is never empty
  ✓ mailbox round trip
  ✓ mock forwards mail

4 passed in <S>s

1 passed in <S>s
""",
    ), err


# ---------------------------------------------------------------------------- §7.1 blocks

ORDER = """\
describe("outer") do
  setup do
    println("outer setup")
    let x = 41
  end

  teardown do
    println("outer teardown #{x}")
  end

  describe("inner") do
    setup() do
      println("inner setup")
      let y = x + 1
    end

    teardown do
      println("inner teardown #{y}")
    end

    test("a") do
      println("body a #{y}")
      assert_eq(y, 42)
    end

    test("b") do
      println("body b")
      assert_ne(y, 42)
      println("not reached")
    end
  end

  test("c") do
    println("body c #{x}")
  end
end

test("top") do
  println("body top")
end
"""

ORDER_OUT = """\
outer setup
inner setup
body a 42
inner teardown 42
outer teardown 41
  ✓ outer > inner > a
outer setup
inner setup
body b
inner teardown 42
outer teardown 41
  ✗ outer > inner > b
    assert_ne failed: y, 42
      both sides equal: 42
outer setup
body c 41
outer teardown 41
  ✓ outer > c
body top
  ✓ top

Failures:
  ✗ outer > inner > b
    assert_ne failed: y, 42
      both sides equal: 42

1 failed, 3 passed in <S>s

1 failed, 0 passed in <S>s
"""


def test_setup_teardown_order_nested_groups_and_teardown_after_failure(tmp_path):
    root = project(tmp_path, {"tests/order.test.mpl": ORDER})
    status, out, err = run_tests(root)
    assert (status, out) == (1, ORDER_OUT), err


# ---------------------------------------------------------------------------- §7.2 assertions

ASSERTIONS = """\
struct Point do
  x :: Int
  y :: Int
end deriving(Eq, Display)

test("assert") do
  let n = 2
  assert(n + 1 == 4)
end

test("assert_eq ints") do
  assert_eq(1 + 1, 3)
end

test("assert_eq structs") do
  assert_eq(Point { x: 1, y: 2 }, Point { x: 1, y: 3 })
end

test("assert_ne") do
  assert_ne("a" <> "b", "ab")
end

test("assert_raises without a failure") do
  assert_raises(fn() do
    1 + 1
  end)
end

test("assert_raises on panic") do
  assert_raises(fn() do
    panic("boom")
  end)
end

test("assert_raises on a failed assertion") do
  assert_raises(fn() do
    assert_eq(1, 2)
  end)
end

test("assert_receive timeout") do
  send(self(), "other")
  assert_receive "wanted", 50
end

test("assert_receive default timeout") do
  assert_receive (n, _)
end

test("selective receive") do
  let me = self()
  send(me, "first")
  send(me, "second")
  assert_receive "second"
  assert_receive "first", 10
  assert_receive "second", 10
end

test("passing assertions") do
  assert(true)
  assert_eq([1, 2], [1, 2])
  assert_ne(Some(1), None)
  send(self(), (1, "x"))
  assert_receive (1, s), 100
end
"""

ASSERTIONS_FAILURES = """\
  ✗ assert
    assert failed: n + 1 == 4
  ✗ assert_eq ints
    assert_eq failed: 1 + 1, 3
      left:  2
      right: 3
  ✗ assert_eq structs
    assert_eq failed: Point { x: 1, y: 2 }, Point { x: 1, y: 3 }
      left:  Point(1, 2)
      right: Point(1, 3)
  ✗ assert_ne
    assert_ne failed: "a" <> "b", "ab"
      both sides equal: ab
  ✗ assert_raises without a failure
    assert_raises failed: expression did not raise
  ✗ assert_receive timeout
    assert_receive "wanted" timed out after 50ms
  ✗ assert_receive default timeout
    assert_receive (n, _) timed out after 100ms
  ✗ selective receive
    assert_receive "second" timed out after 10ms
"""


def test_assertion_failure_texts(tmp_path):
    root = project(tmp_path, {"tests/assertions.test.mpl": ASSERTIONS})
    status, out, err = run_tests(root)
    lines = out.splitlines(keepends=True)
    report = "".join(lines[: lines.index("\n")])
    expected_report = (
        ASSERTIONS_FAILURES.replace(
            "  ✗ assert_receive timeout",
            "  ✓ assert_raises on panic\n  ✓ assert_raises on a failed assertion\n"
            "  ✗ assert_receive timeout",
        )
        + "  ✓ passing assertions\n"
    )
    assert report == expected_report, out + err
    assert out.endswith(
        "\n\nFailures:\n"
        + ASSERTIONS_FAILURES
        + "\n8 failed, 3 passed in <S>s\n\n1 failed, 0 passed in <S>s\n"
    )
    assert status == 1


PANICS = """\
test("divides") do
  let xs = [1]
  let z = 10 / (List.length(xs) - 1)
  println("#{z}")
end

test("panics") do
  panic("no way")
end

test("still runs") do
  assert(1 < 2)
end
"""


def test_panic_fails_only_that_test(tmp_path):
    root = project(tmp_path, {"tests/p.test.mpl": PANICS})
    status, out, err = run_tests(root)
    assert status == 1, err
    assert out.startswith(
        "  ✗ divides\n    test raised: division by zero\n"
        "  ✗ panics\n    test raised: Mesh panic at tests/p.test.mpl:8: no way\n"
        "  ✓ still runs\n"
    ), out
    assert out.endswith("2 failed, 1 passed in <S>s\n\n1 failed, 0 passed in <S>s\n")


def test_mock_actor_stop_and_mocks_killed(tmp_path):
    src = """\
test("mock stops on stop") do
  let me = self()
  let m = Test.mock_actor(fn(msg) do
    send(me, "got " <> msg)
    if msg == "quit" do
      "stop"
    else
      "ok"
    end
  end)
  send(m, "a")
  send(m, "quit")
  send(m, "b")
  assert_receive "got a", 500
  assert_receive "got quit", 500
  assert_raises(fn() do
    assert_receive "got b", 100
  end)
end

test("long running work does not keep the file alive") do
  Job.async(fn() do
    Timer.sleep(100000)
  end)
  assert(true)
end
"""
    root = project(tmp_path, {"tests/m.test.mpl": src})
    status, out, err = run_tests(root)
    assert (status, out) == (
        0,
        "  ✓ mock stops on stop\n"
        "  ✓ long running work does not keep the file alive\n\n"
        "2 passed in <S>s\n\n1 passed in <S>s\n",
    ), err


# ---------------------------------------------------------------------------- §6.1–§6.2 files


def test_project_modules_helpers_and_entrypoint_excluded(tmp_path):
    root = project(
        tmp_path,
        {
            # the real entrypoint is not part of a test build (it does not even compile here)
            "main.mpl": "fn main() do\n  println(undefined_name)\nend\n",
            "lib/text.mpl": "pub fn shout(s :: String) -> String do\n  String.to_upper(s)\nend\n",
            "tests/support.mpl": 'pub fn name() -> String do\n  "ada"\nend\n',
            "tests/text.test.mpl": (
                "from Lib.Text import shout\nfrom Tests.Support import name\n\n"
                "fn twice(s :: String) -> String do\n  s <> s\nend\n\n"
                'test("imports") do\n  assert_eq(twice(shout(name())), "ADAADA")\nend\n'
            ),
            # skipped directories
            "target/x.test.mpl": 'test("no") do\n  assert(false)\nend\n',
            ".hidden/y.test.mpl": 'test("no") do\n  assert(false)\nend\n',
        },
    )
    status, out, err = run_tests(root)
    assert (status, out) == (0, "  ✓ imports\n\n1 passed in <S>s\n\n1 passed in <S>s\n"), err


def test_file_without_test_blocks_passes_when_it_exits_zero(tmp_path):
    root = project(
        tmp_path,
        {
            "tests/a_plain.test.mpl": 'fn main() do\n  println("plain ran")\nend\n',
            "tests/b_crash.test.mpl": 'fn main() do\n  panic("bad")\nend\n',
        },
    )
    status, out, err = run_tests(root)
    assert (status, out) == (1, "plain ran\n\n1 failed, 1 passed in <S>s\n")
    assert "panic: " in err and "bad" in err


def test_compile_error(tmp_path):
    root = project(
        tmp_path,
        {
            "tests/bad.test.mpl": 'test("x") do\n  println(totl)\nend\n',
            "tests/good.test.mpl": 'test("ok") do\n  assert(true)\nend\n',
        },
    )
    status, out, err = run_tests(root)
    assert (status, out) == (
        1,
        "COMPILE ERROR: tests/bad.test.mpl\n"
        "  undefined variable: totl\n"
        "  ✓ ok\n\n1 passed in <S>s\n\n1 failed, 1 passed in <S>s\n",
    )
    assert "[E0004] Error: undefined variable: totl" in err
    assert "tests/bad.test.mpl:2:11" in err
    assert "error: Compilation failed due to errors above." in err


def test_assert_eq_needs_one_type(tmp_path):
    root = project(tmp_path, {"tests/t.test.mpl": 'test("t") do\n  assert_eq(1, "a")\nend\n'})
    status, out, err = run_tests(root)
    assert (status, out) == (
        1,
        "COMPILE ERROR: tests/t.test.mpl\n  expected Int, found String\n"
        "\n1 failed, 0 passed in <S>s\n",
    )
    assert "[E0001]" in err


def test_setup_teardown_outside_group_or_duplicated_is_a_compile_error(tmp_path):
    root = project(
        tmp_path,
        {
            "tests/a.test.mpl": 'setup do\n  println("x")\nend\n\ntest("t") do\n  assert(true)\nend\n',
            "tests/b.test.mpl": (
                'describe("g") do\n  teardown do\n  end\n  teardown do\n  end\n'
                '  test("t") do\n    assert(true)\n  end\nend\n'
            ),
            "tests/c.test.mpl": (
                'describe("g") do\n  setup do\n  end\n  setup() do\n  end\n'
                '  test("t") do\n    assert(true)\n  end\nend\n'
            ),
        },
    )
    status, out, err = run_tests(root)
    assert (status, out) == (
        1,
        """\
COMPILE ERROR: tests/a.test.mpl
  Parse error: `setup` is only allowed inside a `describe` block
COMPILE ERROR: tests/b.test.mpl
  Parse error: duplicate `teardown` in describe("g"): a group has at most one
COMPILE ERROR: tests/c.test.mpl
  Parse error: duplicate `setup` in describe("g"): a group has at most one

3 failed, 0 passed in <S>s
""",
    ), err
    assert "tests/c.test.mpl:4:3" in err


def test_target_errors(tmp_path):
    root = project(tmp_path / "app", {"main.mpl": MAIN, "greet.mpl": GREET})
    missing = root / "nope"
    r = mesh("test", str(missing), cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (
        1,
        "",
        f"error: Test target '{missing}' does not exist\n",
    )
    r = mesh("test", "app/main.mpl", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (
        1,
        "",
        f"error: '{root / 'main.mpl'}' is not a directory or a *.test.mpl file\n",
    )
    lonely = tmp_path / "lonely"
    (lonely / "t").mkdir(parents=True)
    r = mesh("test", "lonely/t", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == (
        f"error: Could not resolve a Mesh project root for test target '{lonely / 't'}'; "
        "expected an ancestor with 'mesh.toml' or legacy root 'main.mpl'.\n"
    )
    # a legacy root (main.mpl, no mesh.toml) is enough
    legacy = project(
        tmp_path / "legacy",
        {
            "main.mpl": MAIN,
            "greet.mpl": GREET,
            "t/g.test.mpl": 'test("x") do\n  assert(true)\nend\n',
        },
        manifest=False,
    )
    r = mesh("test", "legacy/t", cwd=tmp_path)
    assert (r.returncode, norm(r.stdout)) == (0, "  ✓ x\n\n1 passed in <S>s\n\n1 passed in <S>s\n")
    assert legacy.is_dir()


def test_no_test_files_and_coverage(tmp_path):
    root = project(tmp_path, {"main.mpl": MAIN, "greet.mpl": GREET})
    r = mesh("test", cwd=root)
    assert (r.returncode, r.stdout, r.stderr) == (0, "No *.test.mpl files found.\n", "")
    r = mesh("test", "--coverage", cwd=root)
    assert (r.returncode, r.stdout, r.stderr) == (
        1,
        "",
        "error: coverage reporting is not implemented for `meshc test`; run the command "
        "without --coverage\n",
    )
    r = mesh("test", "--bogus", cwd=root)
    assert r.returncode == 2 and "--bogus" in r.stderr


# ---------------------------------------------------------------------------- §6.4 extras


def test_quiet_filter_and_timeout(tmp_path):
    root = project(
        tmp_path,
        {
            "main.mpl": MAIN,
            "greet.mpl": GREET,
            "tests/greeting.test.mpl": SPEC_63,
            "tests/slow.test.mpl": (
                'test("slow") do\n  Timer.sleep(10000)\nend\n\n'
                'test("after slow") do\n  assert(true)\nend\n'
            ),
        },
    )
    status, out, _ = run_tests(root, "--quiet", "tests/greeting.test.mpl")
    assert (status, out) == (
        1,
        """\
.F.

Failures:
  ✗ greeting > shouts
    assert_eq failed: greeting("bo"), "HI, BO"
      left:  hi, bo
      right: HI, BO

1 failed, 2 passed in <S>s

1 failed, 0 passed in <S>s
""",
    )
    # only matching tests run; slow.test.mpl has none and is not counted
    status, out, _ = run_tests(root, "--filter", "mailbox")
    assert (status, out) == (0, "  ✓ mailbox round trip\n\n1 passed in <S>s\n\n1 passed in <S>s\n")
    status, out, _ = run_tests(root, "--timeout", "0.3", "tests/slow.test.mpl")
    assert (status, out) == (
        1,
        """\
  ✗ slow
    test timed out after 300ms
  ✓ after slow

Failures:
  ✗ slow
    test timed out after 300ms

1 failed, 1 passed in <S>s

1 failed, 0 passed in <S>s
""",
    )


WAITS_FOR_B = """\
fn wait_for(path :: String, tries :: Int) -> Bool do
  if File.exists(path) do
    true
  else
    if tries == 0 do
      false
    else
      Timer.sleep(20)
      wait_for(path, tries - 1)
    end
  end
end

test("b runs beside me") do
  assert(wait_for("b.started", 3000))
end
"""

STARTS_B = """\
test("b starts") do
  File.write("b.started", "yes")
  assert(true)
end
"""


def test_jobs_run_files_at_once_and_report_in_file_order(tmp_path):
    """a.test.mpl only passes if b.test.mpl runs while it waits: proof that files run at
    once with --jobs 2. Reports still print in sorted file order."""
    root = project(
        tmp_path,
        {
            "main.mpl": MAIN,
            "greet.mpl": GREET,
            "tests/a.test.mpl": WAITS_FOR_B,
            "tests/b.test.mpl": STARTS_B,
            "tests/c.test.mpl": SPEC_63,
        },
    )
    status, out, _ = run_tests(root, "--jobs", "2")
    assert (status, out) == (
        1,
        "  ✓ b runs beside me\n\n1 passed in <S>s\n"
        "  ✓ b starts\n\n1 passed in <S>s\n"
        + SPEC_63_OUT.replace("1 failed, 0 passed", "1 failed, 2 passed"),
    )
    (root / "b.started").unlink()
    status, out, _ = run_tests(root, "--jobs", "1", "--timeout", "1", "tests/a.test.mpl")
    assert status == 1 and "✗ b runs beside me" in out  # alone, nothing ever starts b
    r = mesh("test", "--jobs", "0", cwd=root)
    assert r.returncode == 2 and "'--jobs <N>': expected a positive integer" in r.stderr
