"""Conformance harness: every `tests/programs/**/NAME.{out,err}` is one test.

The program is `NAME.mpl` (a single-file program, module `Main`) or the directory `NAME/`
(a project with `main.mpl` or a `mesh.toml`). Each test compiles it with the real
`mesh build` command into a temporary directory and runs the produced executable:

  NAME.out     exact expected stdout (the build must succeed)
  NAME.err     the build must fail with exit 1; each non-empty line is a substring of its stderr
  NAME.stderr  each non-empty line is a substring of the program's stderr
  NAME.status  the program's exact exit status (default 0)
  NAME.warn    each non-empty line is a substring of the build's stderr
  NAME.env     KEY=VALUE lines added to the program's environment
  NAME.in      the program's standard input (default: empty)
  NAME.args    the program's arguments, one per line

Speed: starting Python and importing the compiler dominates a small build, so by default
each pytest worker keeps one `mesh build --batch` process that runs the CLI's `main()` for
every build request (argv in, exit status and output back; see `mesh.cli.batch_loop`).
The executable is still the real launcher, run as a subprocess. Set
`MESH_HARNESS_BATCH=0` to start a fresh `mesh build` process per program instead.
Compilation and execution each have a 60 s limit (`MESH_HARNESS_TIMEOUT`).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from pathlib import Path

import pytest
from mesh_build import ROOT, build_argv, mesh_command, mesh_env, run_mesh

PROGRAMS = Path(__file__).resolve().parent / "programs"
TIMEOUT = float(os.environ.get("MESH_HARNESS_TIMEOUT", "60"))
EXPECT_SUFFIXES = (".out", ".err")


def discover() -> list[Path]:
    """Base paths (without suffix) of every program that has an expectation file."""
    bases: set[Path] = set()
    if PROGRAMS.is_dir():
        for suffix in EXPECT_SUFFIXES:
            for p in PROGRAMS.rglob("*" + suffix):
                if any(part.startswith(".") for part in p.relative_to(PROGRAMS).parts):
                    continue
                bases.add(p.with_suffix(""))
    return sorted(bases)


def _source(base: Path) -> Path:
    single = base.with_suffix(".mpl")
    if single.is_file():
        return single
    if base.is_dir():
        return base
    raise FileNotFoundError(f"no {single.name} or {base.name}/ for {base}")


def _lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _read_env(path: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for ln in path.read_text(encoding="utf-8").splitlines():
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        key, _, value = ln.partition("=")
        env[key.strip()] = value
    return env


class BatchBuilder:
    """One long-lived `mesh build --batch` process; restarted after a crash or time-out."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.lines: queue.Queue = queue.Queue()

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            mesh_command() + ["build", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,
            text=True,
            encoding="utf-8",
            env=mesh_env(),
            cwd=ROOT,
        )
        self.lines = queue.Queue()
        out = self.proc.stdout
        lines = self.lines

        def pump() -> None:
            for line in out:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def build(self, argv: list[str]) -> tuple[int, str]:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(argv) + "\n")
            self.proc.stdin.flush()
            line = self.lines.get(timeout=TIMEOUT)
        except queue.Empty:
            self.close()
            pytest.fail(f"mesh build timed out after {TIMEOUT:.0f} s")
        except BrokenPipeError:
            self.close()
            pytest.fail("mesh build --batch died")
        if line is None:
            self.close()
            pytest.fail("mesh build --batch died while compiling")
        reply = json.loads(line)
        return reply["status"], reply["stdout"] + reply["stderr"]

    def close(self) -> None:
        if self.proc is not None:
            try:
                self.proc.kill()
            except OSError:
                pass
            self.proc.wait()
            self.proc = None


class ProcessBuilder:
    def build(self, argv: list[str]) -> tuple[int, str]:
        try:
            return run_mesh(argv, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"mesh build timed out after {TIMEOUT:.0f} s")

    def close(self) -> None:
        pass


@pytest.fixture(scope="session")
def builder():
    b = BatchBuilder() if os.environ.get("MESH_HARNESS_BATCH", "1") != "0" else ProcessBuilder()
    yield b
    b.close()


CASES = discover()


@pytest.mark.parametrize("base", CASES, ids=[str(b.relative_to(PROGRAMS)) for b in CASES])
def test_program(base: Path, builder, tmp_path: Path) -> None:
    source = _source(base)
    exe = tmp_path / base.name
    status, build_out = builder.build(build_argv(source, exe, tmp_path / "build"))
    err_file = base.with_suffix(".err")
    if err_file.exists():
        assert status == 1, f"expected the build to fail with exit 1, got {status}:\n{build_out}"
        for line in _lines(err_file):
            assert line in build_out, f"missing {line!r} in compiler output:\n{build_out}"
        return
    assert status == 0, f"build failed (exit {status}):\n{build_out}"
    warn_file = base.with_suffix(".warn")
    if warn_file.exists():
        for line in _lines(warn_file):
            assert line in build_out, f"missing warning {line!r} in build output:\n{build_out}"

    env = mesh_env()
    env.pop("PYTHONPATH", None)
    env_file = base.with_suffix(".env")
    if env_file.exists():
        env.update(_read_env(env_file))
    args_file = base.with_suffix(".args")
    args = args_file.read_text(encoding="utf-8").splitlines() if args_file.exists() else []
    in_file = base.with_suffix(".in")
    stdin = in_file.read_bytes() if in_file.exists() else b""
    try:
        run = subprocess.run(
            [str(exe), *args],
            input=stdin,
            check=False,
            capture_output=True,
            timeout=TIMEOUT,
            env=env,
            cwd=tmp_path,
        )
    except subprocess.TimeoutExpired as e:
        pytest.fail(
            f"program timed out after {TIMEOUT:.0f} s; stdout so far:\n"
            + (e.stdout or b"").decode("utf-8", "replace")
        )
    stdout = run.stdout.decode("utf-8", "replace")
    stderr = run.stderr.decode("utf-8", "replace")
    status_file = base.with_suffix(".status")
    want_status = int(status_file.read_text().strip()) if status_file.exists() else 0
    out_file = base.with_suffix(".out")
    if out_file.exists():
        want = out_file.read_text(encoding="utf-8")
        assert stdout == want, f"stdout differs (exit {run.returncode})\n--- stderr ---\n{stderr}"
    stderr_file = base.with_suffix(".stderr")
    if stderr_file.exists():
        for line in _lines(stderr_file):
            assert line in stderr, f"missing {line!r} in program stderr:\n{stderr}"
    assert run.returncode == want_status, (
        f"exit status {run.returncode}, expected {want_status}\n--- stderr ---\n{stderr}"
    )


def test_harness_found_programs() -> None:
    """Guard against a silently empty conformance suite."""
    if not PROGRAMS.is_dir():
        pytest.skip("no tests/programs directory")
    assert CASES, "tests/programs holds no NAME.out / NAME.err files"
