"""The `mesh` command: arguments, exit statuses, build/run, caching, launcher, batch mode.

The type checker and code generator are replaced by `mesh_fake_backend` so that these
tests exercise only the CLI, project handling, driver and launcher.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import mesh_fake_backend
import pytest

from mesh import cli
from mesh.compiler import driver
from mesh.compiler.render import Renderer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HELLO = 'fn main() do\n  println("Hello from Mesh!")\nend\n'

# Runs the CLI in a fresh process with the fake backend installed.
FAKE_MAIN = (
    "import sys, mesh_fake_backend; mesh_fake_backend.install(); "
    "from mesh.cli import main; sys.argv[0] = 'mesh'; sys.exit(main(sys.argv[1:]))"
)


@pytest.fixture(autouse=True)
def fake_backend(monkeypatch):
    t = sys.modules.get("mesh.compiler.types")
    c = sys.modules.get("mesh.compiler.codegen")
    mesh_fake_backend.install()
    yield
    for name, mod in (("mesh.compiler.types", t), ("mesh.compiler.codegen", c)):
        if mod is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = mod


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(ROOT)])
    env.pop("MESH_DEBUG", None)
    env.update(extra)
    return env


def mesh_proc(*args: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    env = _env(**kw.pop("env", {}))
    return subprocess.run(
        [sys.executable, "-c", FAKE_MAIN, *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        **kw,
    )


def project(tmp_path: Path, files: dict[str, str], name: str = "hello") -> Path:
    root = tmp_path / name
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


# ---------------------------------------------------------------------------
# Global behaviour


def test_version(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/usr/bin/mesh"])
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == "mesh 0.1.0\n"
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/meshc"])
    assert cli.main(["-V"]) == 0
    assert capsys.readouterr().out == "meshc 0.1.0\n"


def test_help_goes_to_stdout(capsys) -> None:
    assert cli.main(["--help"]) == 0
    assert "Usage:" in capsys.readouterr().out
    assert cli.main(["build", "--help"]) == 0
    assert "--release" in capsys.readouterr().out
    assert cli.main(["run", "-h"]) == 0
    assert "ARGS" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, text",
    [
        (["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (["--nope"], "unexpected argument '--nope'"),
        (["build", "--wat"], "unexpected argument '--wat'"),
        (["build", "-o"], "a value is required for '-o'"),
        (["build", "--opt-level", "x"], "invalid value 'x'"),
        (["build", "a", "b"], "unexpected argument 'b'"),
        (["build", "--standalone"], "'--standalone' requires '--release'"),
        ([], "Usage:"),
    ],
)
def test_usage_errors_exit_2(argv, text, capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    assert text in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_observatory_needs_a_node(capsys) -> None:
    assert cli.main(["observatory"]) == 2
    assert "the <node> argument of 'observatory' is required" in capsys.readouterr().err


def test_help_lists_only_working_commands_as_commands(capsys, monkeypatch) -> None:
    monkeypatch.setitem(cli.TOOLING, "lsp", "no_such_module_for_test")
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    commands, planned = out.split("Planned")
    assert "  build " in commands and "  test " in commands and "  fmt " in commands
    assert "lsp" not in commands and "  observatory <node>" in commands
    assert "lsp" in planned.splitlines()[1] and "observatory" not in planned


def test_help_subcommand(capsys) -> None:
    assert cli.main(["help", "build"]) == 0
    assert capsys.readouterr().out.startswith("Usage: mesh build")
    assert cli.main(["help", "fmt"]) == 0
    assert "--line-width" in capsys.readouterr().out
    assert cli.main(["help"]) == 0
    assert "Commands:" in capsys.readouterr().out
    assert cli.main(["help", "biuld"]) == 2
    assert "tip: a similar subcommand exists: 'build'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, tip",
    [
        (["build", "--relase"], "'--release'"),
        (["build", "--emit-pyton"], "'--emit-python'"),
        (["run", "--jsn"], "'--json'"),
        (["--verison"], "'--version'"),
        (["fmt", "--chek"], "'--check'"),
        (["test", "--quite"], "'--quiet'"),
        (["init", "--clusterd", "app"], "'--clustered'"),
        (["buidl"], "'build'"),
    ],
)
def test_unknown_flag_suggests_closest(argv, tip, capsys) -> None:
    assert cli.main(argv) == 2
    assert f"exists: {tip}" in capsys.readouterr().err


def test_no_suggestion_when_nothing_is_close(capsys) -> None:
    assert cli.main(["build", "--zzzzzz"]) == 2
    assert "tip:" not in capsys.readouterr().err


def test_fmt_without_path_formats_the_project(tmp_path, capsys, monkeypatch) -> None:
    root = project(
        tmp_path,
        {
            "main.mpl": 'fn main() do\nprintln("x")\nend\n',
            "lib/util.mpl": "pub fn f(a,b) do\na+b\nend\n",
        },
    )
    monkeypatch.chdir(root)
    assert cli.main(["fmt", "--check"]) == 1
    assert "2 file(s) would be reformatted" in capsys.readouterr().err
    assert cli.main(["fmt"]) == 0
    assert (root / "lib/util.mpl").read_text() == "pub fn f(a, b) do\n  a + b\nend\n"
    assert (root / "main.mpl").read_text() == 'fn main() do\n  println("x")\nend\n'


def test_build_refuses_dependencies(tmp_path, capsys) -> None:
    root = project(
        tmp_path,
        {
            "main.mpl": HELLO,
            "mesh.toml": '[package]\nname = "x"\nversion = "1"\n\n[dependencies]\n'
            'money = { path = "../money" }\n',
        },
    )
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"error: {root / 'mesh.toml'}:6: dependency `money` is not supported" in err
    assert not (root / "hello").exists()


def test_repl_and_lsp_help(capsys) -> None:
    assert cli.main(["repl", "--help"]) == 0
    assert "REPL" in capsys.readouterr().out
    assert cli.main(["help", "lsp"]) == 0
    assert "language server" in capsys.readouterr().out
    assert cli.main(["lsp", "--stdoi"]) == 2
    assert "tip: a similar argument exists: '--stdio'" in capsys.readouterr().err


def test_unimplemented_tooling_command(capsys, monkeypatch) -> None:
    monkeypatch.setitem(cli.TOOLING, "lsp", "no_such_module_for_test")
    assert cli.main(["lsp"]) == 1
    assert "error: 'lsp' is not implemented yet" in capsys.readouterr().err


def test_cross_compilation(capsys, tmp_path) -> None:
    root = project(tmp_path, {"main.mpl": HELLO})
    assert cli.main(["build", str(root), "--target", "riscv64-unknown-none"]) == 1
    assert "error: cross-compilation is not supported" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# build


def test_build_writes_launcher_named_after_directory(tmp_path, capsys, monkeypatch) -> None:
    root = project(tmp_path, {"main.mpl": HELLO})
    monkeypatch.chdir(root)
    assert cli.main(["build", "--opt-level", "2"]) == 0
    err = capsys.readouterr().err
    assert re.fullmatch(
        r"  Compiled: \./hello \(debug launcher, needs "
        + re.escape(sys.executable)
        + r" with the mesh runtime; "
        r"\d+\.\d kB\)\n",
        err,
    ), err
    exe = root / "hello"
    assert os.access(exe, os.X_OK)
    assert exe.read_bytes().startswith(f"#!{sys.executable}\n".encode())
    assert (root / ".mesh" / "build" / "py" / "__main__.py").is_file()
    # runs from any cwd, without PYTHONPATH
    env = _env()
    env.pop("PYTHONPATH")
    r = subprocess.run(
        [str(exe)], check=False, capture_output=True, text=True, cwd="/", env=env, timeout=60
    )
    assert (r.returncode, r.stdout) == (0, "Hello from Mesh!\n")


def test_build_dir_argument_and_output_flag(tmp_path, capsys) -> None:
    root = project(tmp_path, {"main.mpl": HELLO})
    assert cli.main(["build", str(root)]) == 0
    assert capsys.readouterr().err.startswith(f"  Compiled: {root / 'hello'} (debug launcher")
    out = tmp_path / "bin" / "app"
    assert cli.main(["build", str(root), "-o", str(out), "--emit-python"]) == 0
    assert out.is_file()
    assert (tmp_path / "bin" / "app.py.d" / "__main__.py").is_file()


def test_debug_build_never_replaces_a_native_executable(tmp_path, capsys) -> None:
    # docs/cli.md: after `--release`, a plain `mesh build` to the same path refuses
    root = project(tmp_path, {"main.mpl": HELLO})
    native = b"\x7fELF" + b"\0" * 60  # what Nuitka writes at <dir>/<name>
    (root / "hello").write_bytes(native)
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"error: {root / 'hello'} is a native release executable; not replacing it" in err
    assert "Compiled:" not in err
    assert (root / "hello").read_bytes() == native
    # another output path is fine, and so is a launcher over a launcher
    assert cli.main(["build", str(root), "-o", str(tmp_path / "dbg")]) == 0
    assert cli.main(["build", str(root), "-o", str(tmp_path / "dbg")]) == 0
    assert (tmp_path / "dbg").read_bytes().startswith(b"#!")


def test_build_single_file(tmp_path, capsys) -> None:
    src = tmp_path / "greet.mpl"
    src.write_text(HELLO)
    assert cli.main(["build", str(src)]) == 0
    assert (tmp_path / "greet").is_file()


def test_launcher_does_not_import_the_compiler(tmp_path) -> None:
    root = project(tmp_path, {"main.mpl": "fn main() do\n  compiler_loaded()\nend\n"})
    assert cli.main(["build", str(root), "-o", str(tmp_path / "x")]) == 0
    r = subprocess.run(
        [str(tmp_path / "x")], check=False, capture_output=True, text=True, timeout=60
    )
    assert r.stdout == "[]\n", r.stderr


def test_compile_errors(tmp_path, capsys) -> None:
    root = project(tmp_path, {"main.mpl": "fn main() do\n  println(totl)\nend\n"})
    assert cli.main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert "[E0004] Error: undefined variable: totl" in err
    assert f"╭─[ {root}/main.mpl:2:11 ]" in err
    assert err.endswith("error: Compilation failed due to errors above.\n")
    assert not (root / "hello").exists()


def test_compile_errors_json(tmp_path, capsys) -> None:
    root = project(tmp_path, {"main.mpl": "fn main() do\n  println(totl)\nend\n"})
    assert cli.main(["build", str(root), "--json"]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().err.splitlines()]
    assert lines[0]["code"] == "E0004"
    assert lines[0]["message"] == "unbound variable `totl`"
    assert lines[0]["file"] == f"{root}/main.mpl"
    assert lines[-1]["code"] == "C0001"


def test_parse_errors_are_all_reported(tmp_path, capsys) -> None:
    root = project(tmp_path, {"main.mpl": "fn main( do\nend\n", "b.mpl": "fn f( do\nend\n"})
    assert cli.main(["build", str(root), "--no-color"]) == 1
    err = capsys.readouterr().err
    assert err.count("[P0001] Error: Parse error") == 2
    assert "b.mpl:1:" in err and "main.mpl:1:" in err


def test_warnings_do_not_fail(tmp_path, capsys) -> None:
    root = project(tmp_path, {"main.mpl": HELLO + "# warn\n"})
    assert cli.main(["build", str(root)]) == 0
    err = capsys.readouterr().err
    assert "[W0001] Warning: redundant match arm (arm 2)" in err
    assert "Compiled:" in err
    # warnings are printed again on the next build (no cache reuse)
    assert cli.main(["build", str(root)]) == 0
    assert "[W0001] Warning" in capsys.readouterr().err


def test_project_errors(tmp_path, capsys) -> None:
    assert cli.main(["build", str(tmp_path / "missing")]) == 1
    assert (
        capsys.readouterr().err == f"error: Project directory '{tmp_path}/missing' does not exist\n"
    )
    root = project(tmp_path, {"main.mpl": "import Main\n" + HELLO})
    assert cli.main(["build", str(root)]) == 1
    assert capsys.readouterr().err == "error: Module 'Main' cannot import itself\n"
    root = project(tmp_path, {"main.mpl": "import A\n" + HELLO, "a.mpl": "import Main\n"}, "cyc")
    assert cli.main(["build", str(root)]) == 1
    assert capsys.readouterr().err == "error: Circular dependency: Main -> A -> Main\n"
    root = project(tmp_path, {"main.mpl": HELLO, "mesh.toml": "[package]\nname = 1\n"}, "bad")
    assert cli.main(["build", str(root)]) == 1
    assert "error: Failed to parse " in capsys.readouterr().err


def test_internal_compiler_error(tmp_path) -> None:
    root = project(tmp_path, {"main.mpl": HELLO + "# crash\n"})
    r = mesh_proc("build", str(root))
    assert r.returncode == 2
    assert "internal compiler error: ValueError: boom" in r.stderr
    assert "Traceback" not in r.stderr
    r = mesh_proc("build", str(root), env={"MESH_DEBUG": "1"})
    assert r.returncode == 2 and "Traceback" in r.stderr


# ---------------------------------------------------------------------------
# caching


def test_rebuild_is_cached_and_invalidated(tmp_path) -> None:
    root = project(tmp_path, {"main.mpl": HELLO, "util.mpl": ""})
    ren = Renderer(sys.stderr)
    first = driver.compile_project(str(root), ren)
    assert not first.cached
    main_py = Path(first.py_dir) / "mesh_app" / "main.py"
    util_py = Path(first.py_dir) / "mesh_app" / "util.py"
    mtime = util_py.stat().st_mtime_ns
    assert driver.compile_project(str(root), ren).cached
    (root / "main.mpl").write_text(HELLO.replace("Hello", "Bye"))
    third = driver.compile_project(str(root), ren)
    assert not third.cached
    assert "Bye" in main_py.read_text()
    assert util_py.stat().st_mtime_ns == mtime  # unchanged output is not rewritten
    (root / "util.mpl").unlink()
    assert not driver.compile_project(str(root), ren).cached
    assert not util_py.exists()  # stale modules are removed


# ---------------------------------------------------------------------------
# run


def test_run_matches_the_built_executable(tmp_path) -> None:
    src = tmp_path / "prog.mpl"
    src.write_text('fn main() do\n  println("out")\n  print_args()\n  panic("bad")\nend\n')
    run = mesh_proc("run", str(src), "--", "-x", "y")
    assert run.returncode == 101
    assert run.stdout == "out\n['-x', 'y']\n"
    assert "bad" in run.stderr
    build = mesh_proc("build", str(src), "-o", str(tmp_path / "prog"))
    assert build.returncode == 0, build.stderr
    exe = subprocess.run(
        [str(tmp_path / "prog"), "-x", "y"], check=False, capture_output=True, text=True, timeout=60
    )
    assert (exe.returncode, exe.stdout) == (run.returncode, run.stdout)
    assert not (tmp_path / "prog").samefile(src)


def test_run_directory_leaves_no_executable(tmp_path) -> None:
    root = project(tmp_path, {"main.mpl": HELLO})
    r = mesh_proc("run", cwd=root)
    assert (r.returncode, r.stdout) == (0, "Hello from Mesh!\n")
    assert not (root / "hello").exists()
    r = mesh_proc("run", str(root), "a", "b")
    assert r.returncode == 0


def test_run_compile_failure(tmp_path) -> None:
    src = tmp_path / "bad.mpl"
    src.write_text("fn main() do\n  println(totl)\nend\n")
    r = mesh_proc("run", str(src))
    assert r.returncode == 1
    assert "error: Compilation failed due to errors above." in r.stderr
    assert r.stdout == ""


# ---------------------------------------------------------------------------
# batch mode


def test_batch_mode(tmp_path) -> None:
    ok = tmp_path / "ok.mpl"
    ok.write_text(HELLO)
    bad = tmp_path / "bad.mpl"
    bad.write_text("fn main() do\n  println(totl)\nend\n")
    reqs = [
        ["build", str(ok), "-o", str(tmp_path / "ok"), "--build-dir", str(tmp_path / "b1")],
        ["build", str(bad), "-o", str(tmp_path / "bad"), "--build-dir", str(tmp_path / "b2")],
        ["--version"],
    ]
    r = mesh_proc("build", "--batch", input="\n".join(json.dumps(x) for x in reqs) + "\n")
    assert r.returncode == 0, r.stderr
    replies = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["status"] for x in replies] == [0, 1, 0]
    assert "Compiled:" in replies[0]["stderr"]
    assert "E0004" in replies[1]["stderr"]
    assert replies[2]["stdout"] == "mesh 0.1.0\n"
    assert not (tmp_path / ".mesh").exists()  # --build-dir was honoured
    exe = subprocess.run(
        [str(tmp_path / "ok")], check=False, capture_output=True, text=True, timeout=60
    )
    assert exe.stdout == "Hello from Mesh!\n"


# ---------------------------------------------------------------------------
# release (the slow end-to-end test is tests/integration/test_release.py)


def test_nuitka_command_follows_the_spec(tmp_path, monkeypatch) -> None:
    from mesh.tooling import release

    root = project(tmp_path, {"main.mpl": HELLO})
    result = driver.compile_project(str(root), Renderer(sys.stderr))
    cmd = release.nuitka_command(result, "hello", str(tmp_path / "n"))
    assert cmd[:3] == [sys.executable, "-m", "nuitka"]
    for flag in (
        "--mode=onefile",
        f"--output-dir={tmp_path / 'n'}",
        "--output-filename=hello",
        "--include-package=mesh_app",
        "--include-package=mesh.runtime",
        "--nofollow-import-to=mesh.compiler",
        "--nofollow-import-to=*.tests",
        "--noinclude-pytest-mode=nofollow",
        "--noinclude-setuptools-mode=nofollow",
        "--python-flag=no_site",
        "--lto=no",
        "--deployment",
        "--assume-yes-for-downloads",
        # a fresh directory under $TMPDIR per start: no $HOME needed (docs/cli.md)
        "--onefile-tempdir-spec={TEMP}/mesh-hello-{PID}-{TIME_US}-{RANDOM}",
    ):
        assert flag in cmd
    assert cmd[-1].endswith(release.ENTRY_SCRIPT)
    standalone = release.nuitka_command(result, "hello", str(tmp_path / "n"), True)
    assert "--mode=standalone" in standalone
    assert not any(c.startswith("--onefile-tempdir-spec") for c in standalone)
    # MESH_RELEASE_LTO=1: link-time optimisation, and a different build hash
    h0 = release.build_hash(result, "hello", False, "4.3")
    monkeypatch.setenv("MESH_RELEASE_LTO", "1")
    assert "--lto=yes" in release.nuitka_command(result, "hello", str(tmp_path / "n"))
    assert release.build_hash(result, "hello", False, "4.3") != h0
    monkeypatch.delenv("MESH_RELEASE_LTO")
    # the build hash changes with the generated code
    h1 = release.build_hash(result, "hello", False, "4.3")
    assert h1 == h0
    (root / "main.mpl").write_text(HELLO.replace("Hello", "Bye"))
    result2 = driver.compile_project(str(root), Renderer(sys.stderr))
    assert release.build_hash(result2, "hello", False, "4.3") != h1


def test_release_without_nuitka_is_a_clean_error(tmp_path, capsys, monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda n, *a: None if n == "nuitka" else real(n, *a)
    )
    root = project(tmp_path, {"main.mpl": HELLO})
    assert cli.main(["build", str(root), "--release"]) == 1
    assert "error: release builds need Nuitka" in capsys.readouterr().err


def test_release_reuses_unchanged_build(tmp_path, capsys, monkeypatch) -> None:
    """With a stand-in for Nuitka: the second identical release build does not run it."""
    from mesh.tooling import release

    calls: list[list[str]] = []

    class Done:
        returncode = 0

    def fake_run(cmd, **kw):
        calls.append(cmd)
        out_dir = next(c.split("=", 1)[1] for c in cmd if c.startswith("--output-dir="))
        name = next(c.split("=", 1)[1] for c in cmd if c.startswith("--output-filename="))
        Path(out_dir, name).write_bytes(b"\x7fELF fake")
        return Done()

    class FakePopen:
        def __init__(self, cmd, **kw):
            fake_run(cmd)
            self.stdout = [b"Nuitka: progress\n"]

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(release.subprocess, "run", fake_run)
    monkeypatch.setattr(release.subprocess, "Popen", FakePopen)
    monkeypatch.setattr(release, "_nuitka_version", lambda: "4.3.3")
    monkeypatch.setattr(release.importlib.util, "find_spec", lambda n, *a: object())
    root = project(tmp_path, {"main.mpl": HELLO})
    out = tmp_path / "dist" / "hello"
    assert cli.main(["build", str(root), "--release", "-o", str(out)]) == 0
    assert out.read_bytes() == b"\x7fELF fake" and len(calls) == 1
    err = capsys.readouterr().err
    assert "Nuitka: progress" in err  # progress is streamed
    assert f"  Compiled: {out} (native executable, no Python needed; 0.0 kB)" in err
    assert cli.main(["build", str(root), "--release", "-o", str(out)]) == 0
    assert len(calls) == 1
    assert "reusing the previous executable" in capsys.readouterr().err
    (root / "main.mpl").write_text(HELLO.replace("Hello", "Bye"))
    assert cli.main(["build", str(root), "--release", "-o", str(out)]) == 0
    assert len(calls) == 2
