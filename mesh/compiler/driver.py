"""The build driver: project → parse → module graph → check → codegen → files on disk.

`compile_project` runs the pipeline of spec 08 §4.2 and leaves the generated Python
package in `<build dir>/py/` (default `<project>/.mesh/build/py/`). Only files whose
content changed are rewritten, and when the sources, their paths and the compiler itself
are unchanged the whole pipeline is skipped (the key is a content hash recorded in
`<build dir>/stamp.json`; builds that produced diagnostics are never reused, so warnings
are printed every time).

`make_launcher` turns the package into the debug executable (spec 08 §16.1): a zip
application with a `#!` line naming the Python that runs `mesh`. It contains the
generated modules (source and unchecked-hash bytecode, so start-up compiles nothing) and
a tiny bootstrap that finds the installed `mesh` runtime. It never imports the compiler.

Errors:
* `ProjectError` / `BuildError` → `error: <message>`, exit 1;
* `CompileFailed` → the diagnostics were printed; `error: Compilation failed …`, exit 1;
* `InternalCompilerError` → an unexpected exception inside a phase, exit 2.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import marshal
import os
import shutil
import stat
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import mesh
from mesh.compiler.bytecode import compile_module
from mesh.compiler.deep import gc_paused
from mesh.compiler.diagnostics import CompileError, Diagnostic, Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.project import ModuleFile, Project, ProjectError, load_project
from mesh.compiler.render import Renderer
from mesh.compiler.source import SourceFile

STAMP = "stamp.json"
_T = TypeVar("_T")
LAUNCHER = "app.pyz"
ENTRY_MODULE = "__mesh_entry__"


class BuildError(ProjectError):
    """A failure outside the compiler proper (I/O, output path …): `error: <message>`."""


class CompileFailed(Exception):
    """Compilation produced errors; they have already been rendered."""


class InternalCompilerError(Exception):
    def __init__(self, exc: BaseException) -> None:
        super().__init__(str(exc))
        self.exc = exc

    def __str__(self) -> str:
        text = str(self.exc)
        return f"{type(self.exc).__name__}: {text}" if text else type(self.exc).__name__


@dataclass
class BuildResult:
    project: Project
    build_dir: str
    py_dir: str
    files: list[str] = field(default_factory=list)  # relative paths of generated files
    cached: bool = False
    warnings: int = 0


# ---------------------------------------------------------------------------
# Fingerprints


_FINGERPRINT: str | None = None


def compiler_fingerprint() -> str:
    """Changes whenever any compiler source file changes (stat-based, cheap)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        root = os.path.dirname(os.path.abspath(__file__))
        h = hashlib.sha256(f"mesh {mesh.__version__} {sys.version}".encode())
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
            for name in sorted(filenames):
                if name.endswith((".py", ".lark", ".txt", ".json")):
                    st = os.stat(os.path.join(dirpath, name))
                    rel = os.path.relpath(os.path.join(dirpath, name), root)
                    h.update(f"{rel}:{st.st_mtime_ns}:{st.st_size}\n".encode())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Pipeline


def default_build_dir(project: Project) -> str:
    base = os.path.join(project.root, ".mesh", "build")
    if project.file_mode:
        return os.path.join(base, "file", project.name)
    return base


def _guard(fn: Callable[..., _T], *args: object) -> _T:
    """Run one compiler phase; unexpected exceptions become internal compiler errors."""
    try:
        return fn(*args)
    except (ProjectError, CompileFailed, InternalCompilerError, CompileError):
        raise
    except RecursionError as e:
        raise InternalCompilerError(e) from e
    except Exception as e:
        raise InternalCompilerError(e) from e


def module_imports(module: object) -> list[tuple[str, object]]:
    """(dotted module name, span) of every top-level `import`/`from … import` item."""
    from mesh.compiler import ast as A

    out: list[tuple[str, object]] = []
    for item in getattr(module, "items", []) or []:
        if isinstance(item, (A.Import, A.FromImport)):
            out.append((".".join(item.path), item.span))
    return out


def dependency_order(modules: dict[str, object], project: Project) -> list[str]:
    """Module names, dependencies first. Raises ProjectError on self-imports and cycles."""
    edges: dict[str, list[str]] = {}
    for name, mod in modules.items():
        deps: list[str] = []
        for target, _span in module_imports(mod):
            if target == name:
                raise ProjectError(f"Module '{name}' cannot import itself")
            if target in modules and target not in deps:
                deps.append(target)
        edges[name] = deps
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on stack, 2 = done
    stack: list[str] = []

    def visit(n: str) -> None:
        # iterative DFS (deep import chains must not hit the recursion limit)
        work = [(n, iter(edges[n]))]
        state[n] = 1
        stack.append(n)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                work.pop()
                stack.pop()
                state[node] = 2
                order.append(node)
                continue
            s = state.get(nxt, 0)
            if s == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                raise ProjectError("Circular dependency: " + " -> ".join(cycle))
            if s == 0:
                state[nxt] = 1
                stack.append(nxt)
                work.append((nxt, iter(edges[nxt])))

    # Start from the entry so that its dependencies come first, then everything else
    # in discovery order.
    roots = [project.entry] + [n for n in modules if n != project.entry]
    for n in roots:
        if n in modules and state.get(n, 0) == 0:
            visit(n)
    return order


def _load_sources(project: Project) -> dict[str, SourceFile]:
    return {name: mf.load() for name, mf in project.modules.items()}


def _parse_all(
    project: Project, reporter: Reporter
) -> tuple[dict[str, object], dict[str, SourceFile]]:
    sources: dict[str, SourceFile] = {}
    parsed: dict[str, object] = {}
    pending: list[ModuleFile] = list(project.modules.values())
    failed = False
    while pending:
        mf = pending.pop(0)
        if mf.name in sources:
            continue
        src = mf.load()
        sources[mf.name] = src
        parse = parse_module
        if mf.rel_path.endswith(".test.mpl"):  # `mesh test` entry: test forms (08 §7)
            from mesh.compiler.testforms import parse_test_module as parse
        mod = _guard(parse, src, mf.name, reporter)
        if mod is None:
            failed = True
            continue
        parsed[mf.name] = mod
        if project.file_mode:
            for target, _span in module_imports(mod):
                if target not in sources and target != mf.name:
                    dep = project.resolve(target)
                    if dep is not None and dep.name not in sources:
                        pending.append(dep)
    if failed and not reporter.has_errors:
        raise InternalCompilerError(RuntimeError("parser returned no module and no diagnostic"))
    return parsed, sources


def _sorted_diagnostics(
    items: list[Diagnostic], order: list[str], sources: dict[str, SourceFile]
) -> list[Diagnostic]:
    """Per module (in `order`): its errors, then its warnings (spec 02 §17.1)."""
    rank = {id(sources[n]): i for i, n in enumerate(order) if n in sources}

    def key(pair: tuple[int, Diagnostic]) -> tuple[int, int, int]:
        idx, d = pair
        f = d.span.file if d.span is not None else None
        return (rank.get(id(f), len(rank)), 0 if d.severity == "error" else 1, idx)

    return [d for _, d in sorted(enumerate(items), key=key)]


def _cache_inputs(project: Project, sources: dict[str, SourceFile]) -> list[list[str]]:
    return [
        [name, project.modules[name].rel_path, project.modules[name].abs_path, _sha(src.text)]
        for name, src in sorted(sources.items())
    ]


def _cache_key(project: Project, inputs: list[list[str]]) -> str:
    h = hashlib.sha256()
    h.update(compiler_fingerprint().encode())
    h.update(f"\0{project.entry}\0{int(project.file_mode)}\0".encode())
    for name, rel, _abs, digest in inputs:
        h.update(f"{name}\0{rel}\0{digest}\n".encode())
    return h.hexdigest()


def _read_stamp(build_dir: str) -> dict[str, Any] | None:
    try:
        with open(os.path.join(build_dir, STAMP), encoding="utf-8") as f:
            stamp = json.load(f)
            return stamp if isinstance(stamp, dict) else None
    except (OSError, ValueError):
        return None


def _cached(project: Project, build_dir: str, py_dir: str) -> dict[str, Any] | None:
    stamp = _read_stamp(build_dir)
    if not stamp or stamp.get("fingerprint") != compiler_fingerprint():
        return None
    inputs = stamp.get("inputs") or []
    if not project.file_mode:
        if sorted(project.modules) != sorted(i[0] for i in inputs):
            return None
    elif not inputs:
        return None
    current = []
    for name, rel, abs_path, _digest in inputs:
        try:
            with open(abs_path, "rb") as f:
                text = f.read().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        text = text.removeprefix("\ufeff")
        current.append([name, rel, abs_path, _sha(text)])
    if project.file_mode and project.modules["Main"].abs_path not in [i[2] for i in current]:
        return None
    if _cache_key(project, current) != stamp.get("key"):
        return None
    for rel in stamp.get("files", []):
        if not os.path.isfile(os.path.join(py_dir, rel)):
            return None
    return stamp


def _write_if_changed(path: str, content: bytes, mode: int | None = None) -> bool:
    try:
        with open(path, "rb") as f:
            if f.read() == content:
                if mode is not None and stat.S_IMODE(os.stat(path).st_mode) != mode:
                    os.chmod(path, mode)
                return False
    except OSError:
        pass
    d = os.path.dirname(path) or "."
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, mode if mode is not None else 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return True


def _write_package(py_dir: str, files: dict[str, str], previous: list[str]) -> None:
    for rel, text in files.items():
        path = os.path.join(py_dir, *rel.split("/"))
        if _write_if_changed(path, text.encode("utf-8")):
            # a stale .pyc with the same mtime/size would otherwise be reused
            cache = importlib.util.cache_from_source(path)
            if os.path.exists(cache):
                os.unlink(cache)
    for rel in previous:
        if rel not in files:
            try:
                os.unlink(os.path.join(py_dir, *rel.split("/")))
            except OSError:
                pass


def compile_project(
    path: str,
    renderer: Renderer,
    build_dir: str | None = None,
    use_cache: bool = True,
    project: Project | None = None,
) -> BuildResult:
    """Run the pipeline; the generated package ends up in `<build dir>/py/`. `project`
    (already loaded, e.g. by `mesh test`) replaces loading `path`."""
    with gc_paused():  # mesh/compiler/deep.py: GC scans cost up to half the time
        return _compile_project(path, renderer, build_dir, use_cache, project)


def _compile_project(
    path: str,
    renderer: Renderer,
    build_dir: str | None,
    use_cache: bool,
    project: Project | None,
) -> BuildResult:
    if project is None:
        project = load_project(path)
    for w in project.warnings:
        renderer.warning(w)
    build_dir = os.path.abspath(build_dir) if build_dir else default_build_dir(project)
    py_dir = os.path.join(build_dir, "py")

    if use_cache and os.environ.get("MESH_NO_CACHE") != "1":
        stamp = _cached(project, build_dir, py_dir)
        if stamp is not None:
            return BuildResult(project, build_dir, py_dir, list(stamp["files"]), cached=True)

    reporter = Reporter()
    parsed, sources = _parse_all(project, reporter)
    if reporter.has_errors:
        renderer.diagnostics(_sorted_diagnostics(reporter.items, list(sources), sources))
        raise CompileFailed()
    order = dependency_order(parsed, project)
    modules = [parsed[n] for n in order]

    from mesh.compiler.types import check_program

    try:
        program = _guard(check_program, modules, project.entry, reporter)
    except CompileError:
        if not reporter.has_errors:
            raise InternalCompilerError(
                RuntimeError("checker aborted without a diagnostic")
            ) from None
        program = None
    renderer.diagnostics(_sorted_diagnostics(reporter.items, order, sources))
    if reporter.has_errors:
        raise CompileFailed()

    from mesh.compiler.codegen import generate

    files = _guard(generate, program)
    if not isinstance(files, dict) or "__main__.py" not in files:
        raise InternalCompilerError(RuntimeError("code generator produced no __main__.py"))

    previous = (_read_stamp(build_dir) or {}).get("files", [])
    try:
        os.makedirs(py_dir, exist_ok=True)
        _write_package(py_dir, files, previous)
        inputs = _cache_inputs(project, sources)
        stamp = {
            "fingerprint": compiler_fingerprint(),
            "key": _cache_key(project, inputs) if not reporter.items else None,
            "inputs": inputs,
            "files": sorted(files),
            "entry": project.entry,
        }
        _write_if_changed(
            os.path.join(build_dir, STAMP), json.dumps(stamp, indent=1).encode("utf-8")
        )
    except OSError as e:
        raise BuildError(f"cannot write build files to {build_dir}: {e.strerror or e}") from None
    return BuildResult(project, build_dir, py_dir, sorted(files), warnings=len(reporter.items))


# ---------------------------------------------------------------------------
# The debug executable


def mesh_search_path() -> str:
    """The directory holding the `mesh` package (for launchers when mesh isn't installed)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(mesh.__file__)))


BOOTSTRAP = """\
# Mesh debug launcher (generated by mesh {version}); runs the program in this archive.
import sys
try:
    import mesh.runtime  # noqa: F401
except ImportError:
    sys.path.append({mesh_path!r})
import runpy
runpy.run_module({entry!r}, run_name="__main__", alter_sys=False)
"""


def _pyc(source: str, filename: str) -> bytes:
    """Unchecked hash-based .pyc (PEP 552): zipimport uses it without reading the source."""
    data = source.encode("utf-8")
    code = compile_module(source, filename)
    flags = (1).to_bytes(4, "little")  # hash-based, check_source = 0
    return (
        importlib.util.MAGIC_NUMBER + flags + importlib.util.source_hash(data) + marshal.dumps(code)
    )


def launcher_bytes(result: BuildResult) -> bytes:
    """The zip application for a compiled package."""
    buf = io.BytesIO()
    shebang = f"#!{sys.executable}\n".encode()
    buf.write(shebang)
    bootstrap = BOOTSTRAP.format(
        version=mesh.__version__, mesh_path=mesh_search_path(), entry=ENTRY_MODULE
    )
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as zf:

        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)

        add("__main__.py", bootstrap.encode())
        for rel in result.files:
            with open(os.path.join(result.py_dir, *rel.split("/")), encoding="utf-8") as f:
                text = f.read()
            name = rel
            if rel == "__main__.py":
                name = ENTRY_MODULE + ".py"
            if name.endswith(".py"):
                add(name, text.encode("utf-8"))
                add(name + "c", _pyc(text, name))
            else:
                add(name, text.encode("utf-8"))
    return buf.getvalue()


def make_launcher(result: BuildResult) -> str:
    """Path of the (cached) launcher for `result` inside the build dir."""
    path = os.path.join(result.build_dir, LAUNCHER)
    with gc_paused():
        data = launcher_bytes(result)
    _write_if_changed(path, data, 0o755)
    return path


def install_file(src: str, dest: str) -> None:
    if os.path.isdir(dest):
        raise BuildError(f"output path '{dest}' is a directory")
    with open(src, "rb") as f:
        data = f.read()
    try:
        _write_if_changed(dest, data, 0o755)
    except OSError as e:
        raise BuildError(f"cannot write {dest}: {e.strerror or e}") from None


def emit_python(result: BuildResult, dest_dir: str) -> None:
    """`--emit-python`: keep a copy of the generated package in `dest_dir`."""
    if os.path.isdir(dest_dir):
        shutil.rmtree(dest_dir)
    shutil.copytree(result.py_dir, dest_dir, ignore=shutil.ignore_patterns("__pycache__"))


def default_output(project: Project) -> str:
    """08 §4.3: `<dir>/<name>` with the directory as typed (file mode: next to the file)."""
    d = project.root_display
    if not d:
        return "./" + project.name if project.file_mode else project.name
    return os.path.join(d, project.name)


def run_in_process(result: BuildResult, args: list[str], argv0: str) -> None:
    """Run the compiled program in this process (what `mesh run` does).

    The generated `__main__` is the same code the launcher runs; it ends the process
    through `SystemExit` with the program's status, which the caller lets propagate.
    """
    import runpy

    sys.stdout.flush()
    sys.stderr.flush()
    for name in [m for m in sys.modules if m == "mesh_app" or m.startswith("mesh_app.")]:
        del sys.modules[name]
    sys.path.insert(0, result.py_dir)
    sys.argv = [argv0, *args]
    runpy.run_path(os.path.join(result.py_dir, "__main__.py"), run_name="__main__")
