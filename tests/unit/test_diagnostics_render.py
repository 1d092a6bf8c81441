"""End-to-end snapshots of diagnostics as the real CLI prints them (spec 02 §17, 08 §5).

Each test writes a small project to `tmp_path`, runs the real `mesh build` in a subprocess
(human format with `--no-color`, or `--json`) and compares stderr with text derived from the
spec: `[CODE] Error: headline`, `╭─[ path:line:col ]`, the numbered source line, the
underline + label, `Help:`/`Note:` lines and the closing `───╯` (box characters as documented
in mesh/compiler/render.py), and for `--json` one object per line with code / severity /
message (the long wording of the §17.4 catalogue) / file / spans (byte offsets) / fix, ending
with the C0001 line.

The project directory is passed as `.` with the project as working directory, so the file
path in every diagnostic is `./main.mpl` ("the file path as given to the compiler joined with
the module's relative path", 02 §17.1).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAILED = "error: Compilation failed due to errors above.\n"
C0001 = (
    '{"code":"C0001","severity":"error","message":"Compilation failed due to errors above.",'
    '"file":"","spans":[],"fix":null}'
)


def _mesh() -> list[str]:
    exe = Path(sys.executable).parent / "mesh"
    if exe.is_file() and os.access(exe, os.X_OK):
        return [str(exe)]
    return [sys.executable, "-m", "mesh.cli"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("MESH_DEBUG", None)
    env.pop("NO_COLOR", None)  # --no-color / --json alone must suppress colour
    pp = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + pp if pp else "")
    return env


def build(tmp_path: Path, files: dict[str, str], *flags: str) -> tuple[int, str]:
    """Write `files` into a fresh project and run `mesh build . <flags>` there."""
    proj = tmp_path / "proj"
    for name, text in files.items():
        p = proj / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    r = subprocess.run(
        _mesh() + ["build", ".", *flags],
        cwd=proj,
        env=_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "\x1b[" not in r.stderr, "no ANSI colour codes with --no-color / --json"
    return r.returncode, r.stderr


def human(tmp_path: Path, src: str, **more: str) -> tuple[int, str]:
    return build(tmp_path, {"main.mpl": src, **more}, "--no-color")


def json_lines(tmp_path: Path, src: str, **more: str) -> tuple[int, list[str], list[dict]]:
    status, err = build(tmp_path, {"main.mpl": src, **more}, "--json")
    # `  Compiled: <path>` (08 §4.2) is tolerated on a successful build; everything else is JSON
    raw = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("  Compiled: ")]
    objs = []
    for ln in raw:
        obj = json.loads(ln)  # every stderr line is one JSON object
        assert set(obj) == {"code", "severity", "message", "file", "spans", "fix"}, obj
        objs.append(obj)
    return status, raw, objs


def blocks(err: str) -> list[str]:
    """Split human output into diagnostic blocks (each starts with `[CODE] Kind:`)."""
    if err.endswith(FAILED):
        err = err[: -len(FAILED)]
    starts = [m.start() for m in re.finditer(r"^\[[A-Z]+\d+\] (Error|Warning):", err, re.M)]
    return [err[a:b] for a, b in zip(starts, starts[1:] + [len(err)])]


def byte_span(src: str, needle: str, nth: int = 0) -> tuple[int, int]:
    data = src.encode("utf-8")
    n = needle.encode("utf-8")
    i = -1
    for _ in range(nth + 1):
        i = data.index(n, i + 1)
    return i, i + len(n)


# ---------------------------------------------------------------------------------------------
# Human format
# ---------------------------------------------------------------------------------------------

E0004_SRC = "fn main() do\n  let total = 1\n  println(totl)\nend\n"


def test_e0004_undefined_variable_full_block(tmp_path) -> None:
    # 08 §5.1 example, plus the did-you-mean help that is our choice (02 §17.4 E0004).
    status, err = human(tmp_path, E0004_SRC)
    assert status == 1
    assert err == (
        "[E0004] Error: undefined variable: totl\n"
        "   ╭─[ ./main.mpl:3:11 ]\n"
        "   │\n"
        " 3 │   println(totl)\n"
        "   │           ──┬─\n"
        "   │             ╰─── not found in this scope\n"
        "   │\n"
        "   │ Help: did you mean `total`?\n"
        "───╯\n" + FAILED
    )


E0001_SRC = "fn main() do\n  let count = 3\n  println(count)\nend\n"


def test_e0001_argument_mismatch_full_block(tmp_path) -> None:
    # 02 §17.1 example: label by origin (function argument, real position), help from §17.3.
    status, err = human(tmp_path, E0001_SRC)
    assert status == 1
    assert err == (
        "[E0001] Error: expected String, found Int\n"
        "   ╭─[ ./main.mpl:3:11 ]\n"
        "   │\n"
        " 3 │   println(count)\n"
        "   │           ──┬──\n"
        "   │             ╰─── argument 1 has type Int, expected String\n"
        "   │\n"
        "   │ Help: use to_string(): `count.to_string()`\n"
        "───╯\n" + FAILED
    )


E0012_SRC = """type Light do
  Red
  Amber
  Green
end

fn step(l :: Light) -> Light do
  case l do
    Red -> Green
    Green -> Amber
  end
end

fn main() do
  println("#{step(Red)}")
end
"""


def test_e0012_non_exhaustive_block(tmp_path) -> None:
    # 02 §15 example: headline, label `missing: Amber`, help of §17.4.
    status, err = human(tmp_path, E0012_SRC)
    assert status == 1
    assert err.endswith(FAILED)
    [b] = blocks(err)
    lines = b.splitlines()
    assert lines[0] == "[E0012] Error: non-exhaustive match on `Light`"
    assert re.fullmatch(r" {3,4}╭─\[ \./main\.mpl:(8|9|10):\d+ \]", lines[1]), lines[1]
    assert lines[2].strip() == "│"
    assert any(re.fullmatch(r" 8 │   case l do", ln) for ln in lines), b
    assert any(ln.endswith("╰─── missing: Amber") for ln in lines), b
    assert lines[-2].endswith("│ Help: add the missing patterns or a wildcard `_` arm")
    assert re.fullmatch(r"─{3,4}╯", lines[-1])


W0001_SRC = """fn name(n :: Int) -> String do
  case n do
    _ -> "any"
    1 -> "one"
  end
end

fn main() do
  println(name(1))
end
"""


def test_w0001_warning_kind_does_not_fail(tmp_path) -> None:
    status, err = human(tmp_path, W0001_SRC)
    assert status == 0
    assert "error: Compilation failed" not in err
    [b] = blocks(err.split("  Compiled:")[0])
    lines = b.splitlines()
    assert lines[0] == "[W0001] Warning: redundant match arm (arm 2)"
    assert lines[1] == "   ╭─[ ./main.mpl:4:5 ]"
    assert lines[2] == "   │"
    assert lines[3] == ' 4 │     1 -> "one"'
    assert lines[4].startswith("   │     ─")  # underline starts under column 5
    assert lines[5].endswith("╰─── this arm is unreachable")
    assert lines[6] == "   │"
    assert lines[7] == "   │ Help: remove this arm or reorder the match"
    assert lines[8] == "───╯"
    assert "  Compiled: " in err


E0029_SRC = 'type Foo do\n  A\n  B\nend deriving(Ord)\n\nfn main() do\n  println("x")\nend\n'


def test_e0029_label_and_help(tmp_path) -> None:
    status, err = human(tmp_path, E0029_SRC)
    assert status == 1
    [b] = blocks(err)
    lines = b.splitlines()
    assert lines[0] == "[E0029] Error: cannot derive `Ord` for `Foo` without `Eq`"
    assert re.fullmatch(r"   ╭─\[ \./main\.mpl:[14]:\d+ \]", lines[1]), lines[1]
    assert any(ln.endswith("╰─── `Ord` requires `Eq` for its implementation") for ln in lines), b
    assert "   │ Help: add `Eq` to the deriving list: deriving(Eq, Ord)" in lines
    assert lines[-1] == "───╯"


def test_e0036_note_line(tmp_path) -> None:
    src = 'fn get(o :: Int?) -> Int do\n  let v = o?\n  v\nend\n\nfn main() do\n  println("#{get(Some(1))}")\nend\n'
    status, err = human(tmp_path, src)
    assert status == 1
    b = blocks(err)[0]
    lines = b.splitlines()
    assert (
        lines[0] == "[E0036] Error: `?` operator requires function to return `Result` or `Option`"
    )
    assert re.fullmatch(r"   ╭─\[ \./main\.mpl:2:\d+ \]", lines[1]), lines[1]
    assert " 2 │   let v = o?" in lines
    assert any(ln.endswith("╰─── cannot use `?` here") for ln in lines), b
    assert (
        "   │ Note: the enclosing function returns `Int`, but `?` requires `Result<_, _>` or `Option<_>`"
        in lines
    )
    assert lines[-1] == "───╯"


def test_error_in_submodule_uses_module_relative_path(tmp_path) -> None:
    # file path = path given to the compiler joined with the module's relative path
    helper = "pub fn twice(n :: Int) -> Int do\n  n * 2 + missing\nend\n"
    main = 'from Util.Helpers import twice\n\nfn main() do\n  println("#{twice(2)}")\nend\n'
    status, err = build(tmp_path, {"main.mpl": main, "util/helpers.mpl": helper}, "--no-color")
    assert status == 1
    assert err == (
        "[E0004] Error: undefined variable: missing\n"
        "   ╭─[ ./util/helpers.mpl:2:11 ]\n"
        "   │\n"
        " 2 │   n * 2 + missing\n"
        "   │           ───┬───\n"
        "   │              ╰─── not found in this scope\n"
        "───╯\n" + FAILED
    )


def test_parse_error_has_code_and_real_file(tmp_path) -> None:
    status, err = human(tmp_path, "fn main() do\n  let = 3\nend\n")
    assert status == 1
    [b] = blocks(err)
    assert b.startswith("[P0001] Error: Parse error: ")
    assert "╭─[ ./main.mpl:2:" in b
    assert "<unknown>" not in b
    assert err.endswith(FAILED)


def test_all_errors_reported_in_source_order(tmp_path) -> None:
    src = 'fn main() do\n  let a :: Int = "s"\n  println(nowhere)\n  println(1)\nend\n'
    status, err = human(tmp_path, src)
    assert status == 1
    heads = [b.splitlines()[0] for b in blocks(err)]
    assert heads == [
        "[E0001] Error: expected Int, found String",
        "[E0004] Error: undefined variable: nowhere",
        "[E0001] Error: expected String, found Int",
    ]
    assert err.endswith(FAILED)


def test_if_else_branch_labels(tmp_path) -> None:
    # §17.3: if/else branches get two labels, `expected X` (then) and `found Y` (else)
    src = 'fn main() do\n  let v = if true do 1 else "a" end\n  println("#{v}")\nend\n'
    status, err = human(tmp_path, src)
    assert status == 1
    b = blocks(err)[0]
    lines = b.splitlines()
    assert lines[0] == "[E0001] Error: expected Int, found String"
    assert ' 2 │   let v = if true do 1 else "a" end' in lines
    assert any(ln.rstrip().endswith("expected Int") for ln in lines), b
    assert any(ln.rstrip().endswith("found String") for ln in lines), b


def test_failed_let_initialiser_does_not_cascade(tmp_path) -> None:
    """02 §4: an error aborts that expression only and checking continues with the next
    statement, so the name bound by the failing `let` is still in scope afterwards: one
    diagnostic, not a follow-up `undefined variable`."""
    src = 'fn main() do\n  let v = if true do 1 else "a" end\n  println("#{v}")\nend\n'
    status, err = human(tmp_path, src)
    assert status == 1
    heads = [b.splitlines()[0] for b in blocks(err)]
    assert heads == ["[E0001] Error: expected Int, found String"]


# ---------------------------------------------------------------------------------------------
# JSON format
# ---------------------------------------------------------------------------------------------


def test_json_e0001_object_and_final_line(tmp_path) -> None:
    status, raw, objs = json_lines(tmp_path, E0001_SRC)
    assert status == 1
    assert len(objs) == 2
    s, e = byte_span(E0001_SRC, "count", 1)
    assert objs[0] == {
        "code": "E0001",
        "severity": "error",
        "message": "type mismatch: expected `String`, found `Int`",
        "file": "./main.mpl",
        "spans": [{"start": s, "end": e, "label": "argument 1 has type Int, expected String"}],
        "fix": "use to_string(): `count.to_string()`",
    }
    assert raw[-1] == C0001


def test_json_key_order_matches_spec(tmp_path) -> None:
    _, raw, _ = json_lines(tmp_path, E0001_SRC)
    assert raw[0].startswith('{"code":"E0001","severity":"error","message":')
    assert re.search(r'"file":"\./main\.mpl","spans":\[\{"start":\d+,"end":\d+,"label":', raw[0])
    assert raw[0].endswith(',"fix":"use to_string(): `count.to_string()`"}')


def test_json_byte_offsets_after_multibyte_text(tmp_path) -> None:
    src = "# café ✓ — naïve\nfn main() do\n  let total = 1\n  println(totl)\nend\n"
    status, raw, objs = json_lines(tmp_path, src)
    assert status == 1
    s, e = byte_span(src, "totl")
    assert s != src.index("totl")  # the test is only meaningful with multi-byte text before it
    assert objs[0] == {
        "code": "E0004",
        "severity": "error",
        "message": "unbound variable `totl`",
        "file": "./main.mpl",
        "spans": [{"start": s, "end": e, "label": "not found in this scope"}],
        "fix": "did you mean `total`?",
    }
    assert raw[-1] == C0001


def test_json_warning_only_build_succeeds(tmp_path) -> None:
    status, raw, objs = json_lines(tmp_path, W0001_SRC)
    assert status == 0
    [w] = objs  # no C0001 line on success
    assert w["code"] == "W0001"
    assert w["severity"] == "warning"
    assert w["message"] == "redundant match arm at index 1"
    assert w["fix"] == "remove this arm or reorder the match"
    assert w["file"] == "./main.mpl"
    [sp] = w["spans"]
    assert sp["label"] == "this arm is unreachable"
    assert sp["start"] == byte_span(W0001_SRC, '1 -> "one"')[0]


@pytest.mark.slow
def test_json_long_messages_of_the_catalogue(tmp_path) -> None:
    cases = [
        (
            'fn f(a :: Int, b :: Int) -> Int do\n  a + b\nend\n\nfn main() do\n  println("#{f(1)}")\nend\n',
            "E0003",
            "arity mismatch: expected 2 arguments, found 1",
            "missing 1 argument(s)",
        ),
        (
            'fn main() do\n  println("a" + "b")\nend\n',
            "E0006",
            "type `String` does not satisfy trait `Add`",
            "join Strings with `<>`, not `+`",
        ),
        (
            'fn main() do\n  let n = 5\n  println("#{n(1)}")\nend\n',
            "E0005",
            "`Int` is not a function",
            "did you mean to call it? Remove the argument list",
        ),
        (
            E0029_SRC,
            "E0029",
            "deriving `Ord` for `Foo` requires `Eq` to also be derived",
            "add `Eq` to the deriving list: deriving(Eq, Ord)",
        ),
        (
            'type Foo do\n  A\nend deriving(Clone)\n\nfn main() do\n  println("x")\nend\n',
            "E0028",
            "cannot derive `Clone` for `Foo` -- only Eq, Ord, Display, Debug, Hash, Json, and Row are derivable",
            "only Eq, Ord, Display, Debug, Hash, Json, and Row are derivable",
        ),
        (
            "interface L do\n  fn l(self) -> Int\nend\n\nimpl L for Int do\n  fn l(self) -> Int do\n    1\n  end\nend\n\n"
            'impl L for Int do\n  fn l(self) -> Int do\n    2\n  end\nend\n\nfn main() do\n  println("x")\nend\n',
            "E0026",
            "duplicate impl: `L` is already implemented for `Int` (previously defined for `Int`)",
            "remove one of the conflicting impl blocks",
        ),
        (
            'fn pick(n) = 1\nfn pick(0) = 2\n\nfn main() do\n  println("#{pick(0)}")\nend\n',
            "E0022",
            "catch-all clause must be the last clause of function `pick/1`; clauses after a catch-all are unreachable",
            None,
        ),
        (
            'fn main() do\n  let x = 5?\n  println("#{x}")\nend\n',
            "E0037",
            "`?` operator requires `Result` or `Option`, found `Int`",
            "the `?` operator can only be used on `Result<T, E>` or `Option<T>` values",
        ),
        (
            'type Temp = Degrees\n\nfn main() do\n  println("x")\nend\n',
            "E0045",
            "type alias `Temp` references undefined type `Degrees`",
            "define `Degrees` as a struct, sum type, or type alias before using it here",
        ),
        (
            "fn main() do\n  println(5.frobnicate())\nend\n",
            "E0030",
            "no method `frobnicate` on type `Int`",
            "type `Int` has no trait impl providing `frobnicate`",
        ),
    ]
    for i, (src, code, message, fix) in enumerate(cases):
        status, raw, objs = json_lines(tmp_path / f"c{i}", src)
        assert status == 1, (code, raw)
        assert raw[-1] == C0001
        first = objs[0]
        assert (first["code"], first["severity"], first["message"]) == (code, "error", message), raw
        assert first["fix"] == fix, raw
        assert first["file"] == "./main.mpl"
        for sp in first["spans"]:
            assert 0 <= sp["start"] <= sp["end"] <= len(src.encode("utf-8"))
            assert isinstance(sp["label"], str)


def test_json_w0002_and_multiclause_e0012_are_warnings(tmp_path) -> None:
    src = 'fn pick(0) = 1\npub fn pick(1) = 2\n\nfn main() do\n  println("#{pick(0)}")\nend\n'
    status, raw, objs = json_lines(tmp_path, src)
    assert status == 0, raw
    by_code = {o["code"]: o for o in objs}
    assert set(by_code) == {"W0002", "E0012"}, raw
    assert by_code["W0002"]["severity"] == "warning"
    assert by_code["W0002"]["message"] == "visibility on non-first clause of `pick` will be ignored"
    assert by_code["E0012"]["severity"] == "warning"
    assert by_code["E0012"]["message"].startswith(
        "non-exhaustive match on `Int`: missing patterns ["
    )


def test_json_parse_error(tmp_path) -> None:
    status, raw, objs = json_lines(tmp_path, "fn main() do\n  let = 3\nend\n")
    assert status == 1
    assert objs[0]["code"] == "P0001"
    assert objs[0]["severity"] == "error"
    assert objs[0]["message"].startswith("Parse error: ")
    assert objs[0]["file"] == "./main.mpl"
    assert raw[-1] == C0001
