"""The `mesh` (and `meshc`) command line (spec 08 §1, §4).

This module only parses arguments and dispatches; it imports the compiler lazily so that
`mesh --version` and `--help` stay instant. Exit statuses: 0 success, 1 command failure
(`error: <message>`), 2 usage error or internal compiler error.
"""

from __future__ import annotations

import os
import sys

VERSION = "0.1.0"

USAGE = """\
Usage: {prog} <command> [options]

Commands:
{commands}
Planned (not available in this build):
  {planned}

Options:
  -h, --help                 print this help
  -V, --version              print the version

`{prog} help <command>` (or `{prog} <command> --help`) describes a command.
"""

# One line per command for `mesh --help`; a command is listed as working only when its
# implementation exists (see `_available`), so the help never promises what is missing.
SUMMARIES = {
    "build": ("build [<dir>|<file.mpl>]", "compile a project to an executable"),
    "run": ("run [<dir>|<file.mpl>] [--] [ARGS...]", "build (debug) and run, passing ARGS"),
    "test": ("test [<path>]", "run the *.test.mpl tests"),
    "fmt": ("fmt [<path>] [--check]", "format source files (default: the project)"),
    "init": ("init <name>", "create a new project"),
    "migrate": ("migrate [<dir>] [up|down|status|generate]", "PostgreSQL migrations"),
    "deps": ("deps [<dir>]", "resolve dependencies"),
    "cluster": ("cluster status|continuity|diagnostics", "query a running node"),
    "observatory": ("observatory <node>", "watch a running cluster in the browser"),
    "explain": ("explain [CODE]", "describe a diagnostic code (E0012, W0001, ...)"),
    "repl": ("repl", "interactive REPL"),
    "lsp": ("lsp", "language server on stdio"),
    "update": ("update", "self-update"),
}

BUILD_USAGE = """\
Usage: {prog} build [<dir>|<file.mpl>] [options]

Compile the project in <dir> (default: the current directory) to an executable,
written to <dir>/<name> where <name> is the project directory's name.

Options:
  --release            build a self-contained native executable with Nuitka
  --standalone         with --release: a <name>.dist/ folder instead of one file
  -o, --output PATH    where to write the executable
  --emit-python        also keep the generated Python in <output>.py.d/
  --json               diagnostics as JSON lines on stderr
  --no-color           never colour diagnostics
  --opt-level N        accepted for compatibility; ignored
  --target TRIPLE      only the host is supported
  -h, --help           print this help
"""

RUN_USAGE = """\
Usage: {prog} run [options] [<dir>|<file.mpl>] [--] [ARGS...]

Build the project (debug build into .mesh/build/, no executable left in the tree) and
run it with ARGS, inheriting standard input and output. The exit status is the
program's. Options for {prog} go before the path; everything after the path is passed to
the program (a leading `--` is dropped).

Options:
  --json               diagnostics as JSON lines on stderr
  --no-color           never colour diagnostics
  --workers N|auto     run N worker processes sharing the ports (MESH_WORKERS;
                       docs/internals/workers.md)
  -h, --help           print this help
"""

# Subcommands implemented by other parts of the tool chain: `mesh.tooling.<module>.main`.
TOOLING = {
    "test": "test_runner",
    "fmt": "fmt",
    "init": "init",
    "migrate": "migrate",
    "deps": "deps",
    "cluster": "cluster",
    "observatory": "observatory",
    "explain": "explain",
    "repl": "repl",
    "lsp": "lsp",
    "update": "update",
}


class UsageError(Exception):
    pass


def _available(cmd: str) -> bool:
    """A tooling command works when its module exists (checked without importing it)."""
    if cmd in ("build", "run"):
        return True
    import importlib.util

    return importlib.util.find_spec(f"mesh.tooling.{TOOLING[cmd]}") is not None


def usage(prog: str) -> str:
    working = [c for c in SUMMARIES if _available(c)]
    planned = [c for c in SUMMARIES if c not in working]
    lines = []
    for c in working:
        synopsis, what = SUMMARIES[c]
        lines.append(
            f"  {synopsis:<26} {what}"
            if len(synopsis) <= 26
            else f"  {synopsis}\n  {'':<26} {what}"
        )
    return USAGE.format(prog=prog, commands="\n".join(lines) + "\n", planned=", ".join(planned))


def suggest(word: str, candidates, what: str = "argument") -> str:
    """clap-style hint naming the closest candidate (`--relase` → `--release`), or ''."""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"\n\n  tip: a similar {what} exists: '{close[0]}'" if close else ""


def unexpected(arg: str, known) -> UsageError:
    """The usage error for an unknown flag, with a suggestion when one is close."""
    hint = suggest(arg, known) if arg.startswith("-") else ""
    return UsageError(f"unexpected argument '{arg}' found{hint}")


def prog_name() -> str:
    base = os.path.basename(sys.argv[0] if sys.argv and sys.argv[0] else "mesh")
    return "meshc" if base.startswith("meshc") else "mesh"


def _err(msg: str) -> None:
    sys.stderr.write(f"error: {msg}\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    prog = prog_name()
    try:
        return _dispatch(prog, list(argv))
    except UsageError as e:
        _err(str(e))
        sys.stderr.write(f"\nFor more information, try '{prog} --help'.\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


def _dispatch(prog: str, argv: list[str]) -> int:
    if not argv:
        sys.stderr.write(usage(prog))
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd in ("-V", "--version"):
        print(f"{prog} {VERSION}")
        return 0
    if cmd == "help" and rest:
        if rest[0] not in SUMMARIES:
            raise UsageError(
                f"unrecognized subcommand '{rest[0]}'" + suggest(rest[0], SUMMARIES, "subcommand")
            )
        return _dispatch(prog, [rest[0], "--help"])
    if cmd in ("-h", "--help", "help"):
        sys.stdout.write(usage(prog))
        return 0
    if cmd == "build":
        return cmd_build(prog, rest)
    if cmd == "run":
        return cmd_run(prog, rest)
    if cmd in TOOLING:
        return _tooling(prog, cmd, rest)
    if cmd.startswith("-"):
        raise unexpected(cmd, ["--help", "--version"])
    raise UsageError(f"unrecognized subcommand '{cmd}'" + suggest(cmd, SUMMARIES, "subcommand"))


def _tooling(prog: str, cmd: str, rest: list[str]) -> int:
    import importlib

    modname = f"mesh.tooling.{TOOLING[cmd]}"
    try:
        mod = importlib.import_module(modname)
    except ModuleNotFoundError as e:
        if e.name != modname:
            raise
        mod = None
    entry = getattr(mod, "main", None) if mod else None
    if entry is None:
        if rest and rest[0] in ("-h", "--help"):
            print(f"Usage: {prog} {cmd} ...\n\n`{prog} {cmd}` is not implemented yet.")
            return 0
        _err(f"'{cmd}' is not implemented yet")
        return 1
    return int(entry(rest) or 0)


# ---------------------------------------------------------------------------
# build / run


class BuildArgs:
    def __init__(self) -> None:
        self.path: str | None = None
        self.release = False
        self.standalone = False
        self.output: str | None = None
        self.emit_python = False
        self.json = False
        self.no_color = False
        self.build_dir: str | None = None
        self.target: str | None = None
        self.batch = False
        self.workers: str | None = None  # `mesh run --workers N|auto`
        self.args: list[str] = []


RUN_FLAGS = ("--json", "--no-color", "--workers", "--help")
BUILD_FLAGS = ("--json", "--no-color", "--help") + (
    "--release",
    "--standalone",
    "--emit-python",
    "--output",
    "--opt-level",
    "--target",
)


def _take_value(flag: str, rest: list[str], i: int, attached: str | None) -> tuple[str, int]:
    if attached is not None:
        return attached, i + 1
    if i + 1 >= len(rest):
        raise UsageError(f"a value is required for '{flag}' but none was supplied")
    return rest[i + 1], i + 2


def parse_build_args(rest: list[str], run: bool = False) -> BuildArgs | None:
    """Returns None when help was requested (and printed)."""
    a = BuildArgs()
    i = 0
    while i < len(rest):
        arg = rest[i]
        flag, eq, val = arg.partition("=")
        attached = val if eq else None
        if run and a.path is not None:
            a.args = rest[i:]
            if a.args and a.args[0] == "--":
                a.args = a.args[1:]
            break
        if arg == "--":
            if run:
                a.args = rest[i + 1 :]
                break
            i += 1
            continue
        if arg in ("-h", "--help"):
            return None
        if arg == "--json":
            a.json = True
        elif arg == "--no-color":
            a.no_color = True
        elif flag == "--build-dir":  # hidden: where .mesh/build would go
            a.build_dir, i = _take_value(flag, rest, i, attached)
            continue
        elif run and flag == "--workers":
            a.workers, i = _take_value(flag, rest, i, attached)
            if a.workers != "auto" and not (a.workers.isdigit() and int(a.workers) > 0):
                raise UsageError(
                    f"invalid value '{a.workers}' for '--workers <N|auto>': "
                    "expected a positive number or auto"
                )
            continue
        elif not run and arg == "--release":
            a.release = True
        elif not run and arg == "--standalone":
            a.standalone = True
        elif not run and arg == "--emit-python":
            a.emit_python = True
        elif not run and arg == "--batch":
            a.batch = True
        elif not run and (flag in ("-o", "--output") or (arg.startswith("-o") and len(arg) > 2)):
            if arg.startswith("-o") and not arg.startswith("--") and len(arg) > 2:
                a.output, i = arg[2:], i + 1
            else:
                a.output, i = _take_value(flag, rest, i, attached)
            continue
        elif not run and flag == "--opt-level":
            v, i = _take_value(flag, rest, i, attached)
            if not v.isdigit():
                raise UsageError(f"invalid value '{v}' for '--opt-level <N>': expected a number")
            continue
        elif not run and flag == "--target":
            a.target, i = _take_value(flag, rest, i, attached)
            continue
        elif arg.startswith("-") and arg != "-":
            raise unexpected(flag, RUN_FLAGS if run else BUILD_FLAGS)
        elif a.path is None:
            a.path = arg
        else:
            raise UsageError(f"unexpected argument '{arg}' found")
        i += 1
    if a.standalone and not a.release:
        raise UsageError("'--standalone' requires '--release'")
    return a


def _host_triple() -> str:
    import platform

    return f"{platform.machine()}-unknown-linux-gnu"


def _renderer(a: BuildArgs):
    from mesh.compiler.render import Renderer, should_color

    return Renderer(
        sys.stderr, json_mode=a.json, color=should_color(sys.stderr, a.no_color, a.json)
    )


def _compile(a: BuildArgs, renderer):
    """Run the compiler; returns (result, None) or (None, exit status)."""
    from mesh.compiler import driver
    from mesh.compiler.project import ProjectError

    try:
        return driver.compile_project(a.path or ".", renderer, build_dir=a.build_dir), None
    except driver.CompileFailed:
        renderer.failed()
        return None, 1
    except ProjectError as e:
        renderer.error(str(e))
        return None, 1
    except driver.InternalCompilerError as e:
        _ice(e.exc, str(e))
        return None, 2
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:  # noqa: BLE001 - anything else is our bug
        _ice(e, f"{type(e).__name__}: {e}")
        return None, 2


def _ice(exc: BaseException, text: str) -> None:
    sys.stderr.write(f"internal compiler error: {text}\n")
    if os.environ.get("MESH_DEBUG") == "1":
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    else:
        sys.stderr.write("note: set MESH_DEBUG=1 for a traceback\n")
    sys.stderr.flush()


def cmd_build(prog: str, rest: list[str]) -> int:
    a = parse_build_args(rest)
    if a is None:
        sys.stdout.write(BUILD_USAGE.format(prog=prog))
        return 0
    if a.batch:
        return batch_loop()
    if a.target is not None and a.target != _host_triple():
        _err("cross-compilation is not supported")
        return 1
    renderer = _renderer(a)
    result, status = _compile(a, renderer)
    if result is None:
        return status or 1
    from mesh.compiler import driver
    from mesh.compiler.project import ProjectError

    output = a.output or driver.default_output(result.project)
    try:
        if a.release:
            from mesh.tooling import release

            output = release.build_release(result, output, standalone=a.standalone)
        elif _is_native(output):
            # docs/cli.md: a debug build never replaces a release executable in place
            renderer.error(
                f"{output} is a native release executable; not replacing it with a "
                "debug launcher (delete it, pass -o PATH, or build with --release)"
            )
            return 1
        else:
            driver.install_file(driver.make_launcher(result), output)
        if a.emit_python:
            driver.emit_python(result, output + ".py.d")
    except ProjectError as e:
        renderer.error(str(e))
        return 1
    except OSError as e:
        renderer.error(f"cannot write {output}: {e.strerror or e}")
        return 1
    if not a.json:
        sys.stderr.write(f"  Compiled: {output} ({_describe_output(output, a)})\n")
    return 0


def _is_native(path: str) -> bool:
    """An ELF file (a release executable), as opposed to our `#!` zip launcher."""
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def _size_text(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def _describe_output(path: str, a: BuildArgs) -> str:
    """What `Compiled:` names: a native executable or a launcher that needs Python."""
    if not a.release:
        return (
            f"debug launcher, needs {sys.executable} with the mesh runtime; "
            f"{_size_text(os.path.getsize(path))}"
        )
    if not a.standalone:
        return f"native executable, no Python needed; {_size_text(os.path.getsize(path))}"
    folder = os.path.dirname(path)
    total = sum(
        os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files
    )
    return f"native executable with its libraries in {folder}/; {_size_text(total)}"


def cmd_run(prog: str, rest: list[str]) -> int:
    a = parse_build_args(rest, run=True)
    if a is None:
        sys.stdout.write(RUN_USAGE.format(prog=prog))
        return 0
    renderer = _renderer(a)
    result, status = _compile(a, renderer)
    if result is None:
        return status or 1
    from mesh.compiler import driver

    argv0 = driver.default_output(result.project)
    if a.workers is not None:
        os.environ["MESH_WORKERS"] = a.workers
    if os.environ.get("MESH_WORKERS", "").strip() not in ("", "1"):
        from mesh.runtime.workers import supervisor

        # workers run the cached debug launcher of this build instead of recompiling
        supervisor.reexec_command = [sys.executable, driver.make_launcher(result), *a.args]
    driver.run_in_process(result, a.args, argv0)
    return 0


# ---------------------------------------------------------------------------
# Batch mode (for the test harness): one JSON argv list per stdin line, one JSON result
# per stdout line. Every request runs the same `main()` as a fresh `mesh` process would.


def batch_loop() -> int:
    import contextlib
    import io
    import json

    real_out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            argv = json.loads(line)
        except ValueError:
            continue
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main([str(x) for x in argv])
            except SystemExit as e:
                status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            except BaseException as e:  # noqa: BLE001 - report, keep serving
                err.write(f"internal compiler error: {type(e).__name__}: {e}\n")
                status = 2
        real_out.write(
            json.dumps({"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()})
            + "\n"
        )
        real_out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
