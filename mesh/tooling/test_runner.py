"""`mesh test` — the test runner (spec 08 §6).

Each `*.test.mpl` file is its own program (§6.2): the project's modules minus the real
entrypoint, plus the test file as the entry module, compiled into
`<root>/.mesh/test/<file>/` (cached like `mesh build`). Test forms are parsed and lowered
by `mesh.compiler.testforms`; the generated `main` (`mesh.runtime.stdlib.testing.run_tests`)
prints the per-test lines, `Failures:` and the file summary. Each compiled file runs in a
fresh Python process (so each gets a fresh runtime), with its stdout going straight to ours;
this module prints the final line counting files.
"""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import tempfile
import time

USAGE = """\
Usage: {prog} test [<path>] [options]

Run the *.test.mpl files of a project. <path> is a project directory, a directory
below one, or a single *.test.mpl file (default: the current directory).

Options:
  --quiet             one `.` or `F` per test instead of one line per test
  --filter TEXT       only run tests whose label contains TEXT
  --timeout SECS      fail a test that runs longer than SECS seconds (default 60)
  --jobs N            run up to N test files at once (default: 1 when stdout is a
                      terminal, else the number of CPUs); reports stay in file order
  --coverage          not implemented (fails)
  --no-color          accepted; test reports are never coloured
  -h, --help          print this help
"""

TEST_SUFFIX = ".test.mpl"
COVERAGE_ERROR = (
    "coverage reporting is not implemented for `meshc test`; run the command without --coverage"
)


class RunnerError(Exception):
    """`error: <message>` on stderr, exit 1."""


class TestUsageError(Exception):
    """`error: <message>` plus a hint on stderr, exit 2."""

    __test__ = False


class Options:
    def __init__(self) -> None:
        self.path: str | None = None
        self.quiet = False
        self.coverage = False
        self.filter: str | None = None
        self.timeout: float = 60.0
        self.no_color = False
        self.jobs: int | None = None  # None: 1 on a terminal, else one per CPU


def parse_args(argv: list[str]) -> Options | None:
    UsageError = TestUsageError
    o = Options()
    i = 0
    while i < len(argv):
        arg = argv[i]
        flag, eq, val = arg.partition("=")
        if arg in ("-h", "--help"):
            return None
        if arg == "--quiet" or arg == "-q":
            o.quiet = True
        elif arg == "--coverage":
            o.coverage = True
        elif arg == "--no-color":
            o.no_color = True
        elif flag in ("--filter", "--timeout", "--jobs"):
            if eq:
                value = val
            else:
                if i + 1 >= len(argv):
                    raise UsageError(f"a value is required for '{flag}' but none was supplied")
                i += 1
                value = argv[i]
            if flag == "--filter":
                o.filter = value
            elif flag == "--jobs":
                if not value.isdigit() or int(value) < 1:
                    raise UsageError(
                        f"invalid value '{value}' for '--jobs <N>': expected a positive integer"
                    )
                o.jobs = int(value)
            else:
                try:
                    o.timeout = float(value)
                except ValueError:
                    raise UsageError(
                        f"invalid value '{value}' for '--timeout <SECS>': expected a number"
                    ) from None
                if o.timeout <= 0:
                    raise UsageError(
                        f"invalid value '{value}' for '--timeout <SECS>': must be positive"
                    )
        elif arg.startswith("-") and arg != "-":
            from mesh.cli import suggest

            raise UsageError(
                f"unexpected argument '{arg}' found"
                + suggest(
                    flag,
                    (
                        "--quiet",
                        "--coverage",
                        "--no-color",
                        "--filter",
                        "--timeout",
                        "--jobs",
                        "--help",
                    ),
                )
            )
        elif o.path is None:
            o.path = arg
        else:
            raise UsageError(f"unexpected argument '{arg}' found")
        i += 1
    return o


# ---------------------------------------------------------------------------
# Targets (§6.1)


def _skipped(name: str) -> bool:
    return name.startswith(".") or name == "target"


def find_test_files(target: str) -> list[str]:
    """Absolute paths of the `*.test.mpl` files of `target` (a file or a directory)."""
    if os.path.isfile(target):
        return [target]
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(target):
        dirnames[:] = sorted(d for d in dirnames if not _skipped(d))
        for name in filenames:
            if name.endswith(TEST_SUFFIX) and not _skipped(name):
                found.append(os.path.join(dirpath, name))
    return sorted(found)


def resolve_target(path: str | None) -> tuple[str, str]:
    """(absolute target, project root). Raises RunnerError with the spec texts."""
    target = os.path.abspath(path if path is not None else ".")
    if not os.path.exists(target):
        raise RunnerError(f"Test target '{target}' does not exist")
    if os.path.isdir(target):
        start = target
    elif os.path.isfile(target) and target.endswith(TEST_SUFFIX):
        start = os.path.dirname(target)
    else:
        raise RunnerError(f"'{target}' is not a directory or a *.test.mpl file")
    from mesh.compiler.project import project_root_above

    root = project_root_above(start)
    if root is None:
        if path is not None:
            raise RunnerError(
                f"Could not resolve a Mesh project root for test target '{target}'; expected "
                "an ancestor with 'mesh.toml' or legacy root 'main.mpl'."
            )
        root = os.getcwd()
    return target, root


# ---------------------------------------------------------------------------
# Compilation model (§6.2)


def _display_root(root: str) -> str:
    rel = os.path.relpath(root)
    if rel == ".":
        return "."
    return root if rel.startswith("..") else rel


def project_modules(root: str, root_display: str, entry_rel: str) -> dict:
    """Every non-test module below `root` except the entrypoint (skipping `.*` and `target`)."""
    from mesh.compiler.project import ModuleFile, is_source_name, join_display, module_name_for

    modules: dict = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _skipped(d))
        rel_dir = os.path.relpath(dirpath, root)
        for name in sorted(filenames):
            if not is_source_name(name):
                continue
            rel = (name if rel_dir == "." else os.path.join(rel_dir, name)).replace(os.sep, "/")
            if rel == entry_rel:
                continue
            mod = module_name_for(rel)
            modules[mod] = ModuleFile(
                mod, rel, os.path.join(root, rel), join_display(root_display, rel)
            )
    return dict(sorted(modules.items(), key=lambda kv: kv[1].rel_path))


def project_for(root: str, test_file: str, manifest, base_modules: dict):
    """The project whose entry module is `test_file`."""
    from mesh.compiler.project import ModuleFile, Project, join_display

    root_display = _display_root(root)
    rel = os.path.relpath(test_file, root).replace(os.sep, "/")
    modules = dict(base_modules)
    entry = "Main" if "Main" not in modules else "MeshTestMain"
    modules[entry] = ModuleFile(entry, rel, test_file, join_display(root_display, rel))
    return Project(
        root=root,
        root_display=root_display,
        name=os.path.basename(root) or "test",
        entry=entry,
        modules=modules,
        manifest=manifest,
    )


def _build_dir(root: str, rel: str) -> str:
    slug = rel.removesuffix(TEST_SUFFIX).replace("/", "__") or "test"
    return os.path.join(root, ".mesh", "test", slug)


class _RecordingRenderer:
    """Wraps the diagnostics renderer to remember the first error headline."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.first_error: str | None = None

    def diagnostics(self, items) -> None:
        for d in items:
            if d.severity == "error" and self.first_error is None:
                self.first_error = d.headline
        self.inner.diagnostics(items)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _summary(failed: int, passed: int, seconds: float) -> str:
    if failed:
        return f"{failed} failed, {passed} passed in {seconds:.2f}s"
    return f"{passed} passed in {seconds:.2f}s"


def _selected(path: str, rel: str, text_filter: str) -> bool:
    """With --filter: does the file have a test whose label contains the text? Files that
    do not parse are kept (they report their compile error)."""
    from mesh.compiler.source import SourceFile
    from mesh.compiler.testforms import test_labels

    try:
        with open(path, encoding="utf-8") as f:
            text = f.read().removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return True
    labels = test_labels(SourceFile(rel, text, rel))
    if labels is None:
        return True
    return any(text_filter in label for label in labels)


class FileRun:
    """One test file's run. With buffered output (parallel runs) its stdout and stderr go
    to temporary files that `finish` copies to ours, so reports stay in file order."""

    def __init__(self, rel: str, buffered: bool) -> None:
        self.rel = rel
        self.buffered = buffered
        self.proc: subprocess.Popen | None = None
        self.outputs: tuple = ()
        self.passed = False

    def start(self, argv: list[str], env: dict) -> None:
        if self.buffered:
            self.outputs = (tempfile.TemporaryFile(), tempfile.TemporaryFile())
        out, err = self.outputs or (None, None)
        try:
            self.proc = subprocess.Popen(
                argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
            )
        except OSError as e:
            self._close()
            raise RunnerError(f"cannot run {self.rel}: {e.strerror or e}") from None

    def finish(self) -> bool:
        """Wait for the file's process, replay its buffered output; True when it passed."""
        if self.proc is not None:
            self.passed = self.proc.wait() == 0
        for tmp, stream in zip(self.outputs, (sys.stdout, sys.stderr)):
            tmp.seek(0)
            stream.flush()
            stream.buffer.write(tmp.read())
            stream.buffer.flush()
        self._close()
        return self.passed

    def _close(self) -> None:
        for tmp in self.outputs:
            tmp.close()
        self.outputs = ()


def start_file(
    o: Options, root: str, test_file: str, manifest, base_modules: dict, buffered: bool
) -> FileRun:
    """Compile one test file and start its process (or record its compile error)."""
    from mesh.cli import _ice
    from mesh.compiler import driver
    from mesh.compiler.project import ProjectError
    from mesh.compiler.render import Renderer, should_color

    rel = os.path.relpath(test_file, root).replace(os.sep, "/")
    run = FileRun(rel, buffered)
    renderer = _RecordingRenderer(
        Renderer(sys.stderr, color=should_color(sys.stderr, o.no_color, False))
    )
    project = project_for(root, test_file, manifest, base_modules)
    message = None
    try:
        result = driver.compile_project(
            root, renderer, build_dir=_build_dir(root, rel), project=project
        )
    except driver.CompileFailed:
        renderer.failed()
        message = renderer.first_error or "Compilation failed due to errors above."
    except ProjectError as e:
        renderer.error(str(e))
        message = str(e)
    except driver.InternalCompilerError as e:
        _ice(e.exc, str(e))
        message = f"internal compiler error: {e}"
    if message is not None:
        run.outputs = (tempfile.TemporaryFile(),)
        run.outputs[0].write(f"COMPILE ERROR: {rel}\n  {message}\n".encode())
        return run

    env = dict(os.environ)
    pp = env.get("PYTHONPATH")
    mesh_path = driver.mesh_search_path()
    env["PYTHONPATH"] = mesh_path + (os.pathsep + pp if pp else "")
    env["MESH_TEST_TIMEOUT"] = repr(o.timeout)
    env["MESH_TEST_QUIET"] = "1" if o.quiet else "0"
    if o.filter:
        env["MESH_TEST_FILTER"] = o.filter
    else:
        env.pop("MESH_TEST_FILTER", None)
    sys.stdout.flush()
    sys.stderr.flush()
    run.start([sys.executable, os.path.join(result.py_dir, "__main__.py")], env)
    return run


def main(argv: list[str]) -> int:
    from mesh.cli import prog_name

    prog = prog_name()
    try:
        o = parse_args(argv)
    except TestUsageError as e:
        sys.stderr.write(f"error: {e}\n\nFor more information, try '{prog} test --help'.\n")
        return 2
    if o is None:
        sys.stdout.write(USAGE.format(prog=prog))
        return 0
    try:
        return _run(o)
    except RunnerError as e:
        sys.stdout.flush()
        sys.stderr.write(f"error: {e}\n")
        sys.stderr.flush()
        return 1


def _run(o: Options) -> int:
    from mesh.compiler.project import ProjectError, load_manifest

    started = time.monotonic()
    if o.coverage:
        raise RunnerError(COVERAGE_ERROR)
    target, root = resolve_target(o.path)
    files = find_test_files(target)
    if not files:
        print("No *.test.mpl files found.")
        return 0
    manifest = None
    toml = os.path.join(root, "mesh.toml")
    if os.path.isfile(toml):
        try:
            manifest = load_manifest(toml)
        except ProjectError as e:
            raise RunnerError(str(e)) from None
    entry_rel = manifest.entrypoint if manifest else "main.mpl"
    base = project_modules(root, _display_root(root), entry_rel)
    jobs = o.jobs or (1 if sys.stdout.isatty() else os.cpu_count() or 1)
    results: list[bool] = []
    running: collections.deque[FileRun] = collections.deque()
    try:
        for path in files:
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if o.filter and not _selected(path, rel, o.filter):
                continue
            # Compiling the next file overlaps the running ones; reports print in order.
            running.append(start_file(o, root, path, manifest, base, buffered=jobs > 1))
            while len(running) >= jobs:
                results.append(running.popleft().finish())
        while running:
            results.append(running.popleft().finish())
    finally:
        for run in running:  # an error stopped the loop: leave no test process behind
            if run.proc is not None:
                run.proc.kill()
                run.proc.wait()
            run._close()
    passed = results.count(True)
    failed = len(results) - passed
    sys.stdout.write("\n" + _summary(failed, passed, time.monotonic() - started) + "\n")
    sys.stdout.flush()
    return 1 if failed else 0
