"""`mesh fmt` (spec 08 §8): the real CLI in a subprocess, on temporary files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120

UGLY = "fn area(w,h) do\nlet a=w*h\na\nend"
PRETTY = "fn area(w, h) do\n  let a = w * h\n  a\nend\n"


def mesh(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MESH_", "FLY_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "mesh.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_write_mode_formats_a_file_in_place(tmp_path):
    f = tmp_path / "area.mpl"
    f.write_text(UGLY)
    r = mesh("fmt", "area.mpl", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "Formatted 1 file(s)\n")
    assert f.read_text() == PRETTY
    again = mesh("fmt", "area.mpl", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (0, "Formatted 1 file(s)\n")
    assert f.read_text() == PRETTY


def test_directory_recursion_counts_examined_files_and_includes_tests(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "main.mpl").write_text(PRETTY)
    (tmp_path / "lib" / "util.mpl").write_text(UGLY)
    (tmp_path / "lib" / "util.test.mpl").write_text(UGLY)
    (tmp_path / "notes.txt").write_text(UGLY)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.mpl").write_text(UGLY)
    r = mesh("fmt", ".", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "Formatted 3 file(s)\n")
    assert (tmp_path / "lib" / "util.mpl").read_text() == PRETTY
    assert (tmp_path / "lib" / "util.test.mpl").read_text() == PRETTY
    assert (tmp_path / "notes.txt").read_text() == UGLY
    assert (tmp_path / ".hidden" / "x.mpl").read_text() == UGLY


def test_check_mode_lists_files_and_writes_nothing(tmp_path):
    (tmp_path / "a.mpl").write_text(UGLY)
    (tmp_path / "b.mpl").write_text(PRETTY)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.mpl").write_text(UGLY)
    r = mesh("fmt", "--check", ".", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert sorted(lines[:-1]) == sorted(
        [f"  would reformat: {Path('a.mpl')}", f"  would reformat: {Path('sub') / 'c.mpl'}"]
    )
    assert lines[-1] == "2 file(s) would be reformatted"
    assert (tmp_path / "a.mpl").read_text() == UGLY


def test_check_mode_is_silent_when_everything_is_formatted(tmp_path):
    (tmp_path / "b.mpl").write_text(PRETTY)
    r = mesh("fmt", "b.mpl", "--check", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


def test_options_line_width_and_indent_size(tmp_path):
    f = tmp_path / "a.mpl"
    f.write_text("fn f() do\nif a do\ng(aaaaaaaa, bbbbbbbb)\nend\nend\n")
    r = mesh("fmt", str(f), "--indent-size", "4", "--line-width=20", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f.read_text() == (
        "fn f() do\n    if a do\n        g(\n            aaaaaaaa,\n            bbbbbbbb\n"
        "        )\n    end\nend\n"
    )


def test_error_texts(tmp_path):
    r = mesh("fmt", "missing.mpl", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (1, "error: Path 'missing.mpl' does not exist\n")
    (tmp_path / "notes.txt").write_text("x")
    r = mesh("fmt", "notes.txt", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (1, "error: 'notes.txt' is not a .mpl file\n")
    (tmp_path / "empty").mkdir()
    r = mesh("fmt", "empty", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (1, "error: No .mpl files found at 'empty'\n")


def test_usage_errors_exit_2(tmp_path):
    # no path means the project in the current directory (here: an empty one)
    assert mesh("fmt", cwd=tmp_path).stderr == "error: No .mpl files found at '.'\n"
    assert mesh("fmt", "x.mpl", "--bogus", cwd=tmp_path).returncode == 2
    r = mesh("fmt", "x.mpl", "--line-width", "wide", cwd=tmp_path)
    assert r.returncode == 2 and "invalid value 'wide'" in r.stderr
    help_ = mesh("fmt", "--help", cwd=tmp_path)
    assert help_.returncode == 0 and "--line-width" in help_.stdout


def test_unlexable_file_is_reported_and_left_alone(tmp_path):
    bad = tmp_path / "bad.mpl"
    bad.write_text('fn main() do\n  "open\n')
    good = tmp_path / "good.mpl"
    good.write_text(UGLY)
    r = mesh("fmt", ".", cwd=tmp_path)
    assert r.returncode == 1
    assert f"error: could not format {Path('bad.mpl')}: unterminated string literal" in r.stderr
    assert "Formatted 1 file(s)" in r.stderr
    assert bad.read_text() == 'fn main() do\n  "open\n'
    assert good.read_text() == PRETTY


def test_empty_file_stays_empty(tmp_path):
    f = tmp_path / "e.mpl"
    f.write_text("")
    r = mesh("fmt", "--check", "e.mpl", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "")
    assert f.read_text() == ""
