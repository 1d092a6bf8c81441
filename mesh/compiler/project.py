"""Projects: discovery of `.mpl` files, module names and `mesh.toml` (spec 01 §9, 08 §2).

Two shapes of project exist:

* a *directory* project (`mesh build [dir]`): every `*.mpl` below the root is a module,
  except names starting with `.` (files or directories) and files ending in `.test.mpl`;
  the entry is the manifest's `[package].entrypoint` (default `main.mpl`);
* a *file* project (`mesh run file.mpl`, `mesh build file.mpl`): the file is the entry and
  is module `Main`; other modules are found lazily, only when imported, by resolving the
  import path from the file's directory (`load_module_path`).

Decision (08 §2.1): a configured entrypoint keeps its path-derived module name — with
`entrypoint = "lib/start.mpl"` the entry module is `Lib.Start`, not `Main`. Only the
file mode of `mesh run`/`mesh build` renames its file to `Main` (08 §4.4).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from mesh.compiler.source import SourceFile


class ProjectError(Exception):
    """A project-level failure, printed as `error: <message>` (exit 1)."""


SOURCE_SUFFIX = ".mpl"
TEST_SUFFIX = ".test.mpl"


def pascal_case(part: str) -> str:
    """snake_case → PascalCase: split on `_`, drop empty parts, capitalise first chars."""
    return "".join(p[:1].upper() + p[1:] for p in part.split("_") if p)


def module_name_for(rel_path: str) -> str:
    """Module name of a project-relative path (`api/router.mpl` → `Api.Router`)."""
    rel = rel_path.replace(os.sep, "/")
    rel = rel.removesuffix(SOURCE_SUFFIX)
    parts = [p for p in rel.split("/") if p and p != "."]
    if parts == ["main"]:
        return "Main"
    return ".".join(pascal_case(p) for p in parts)


def is_source_name(name: str) -> bool:
    return (
        name.endswith(SOURCE_SUFFIX) and not name.endswith(TEST_SUFFIX) and not name.startswith(".")
    )


def discover_files(root: str) -> list[str]:
    """All module files below `root`, as sorted `/`-separated relative paths."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, root)
        for name in filenames:
            if is_source_name(name):
                rel = name if rel_dir == "." else os.path.join(rel_dir, name)
                found.append(rel.replace(os.sep, "/"))
    found.sort()
    return found


# ---------------------------------------------------------------------------
# mesh.toml


@dataclass
class Manifest:
    name: str
    version: str
    description: str | None = None
    license: str | None = None
    authors: list[str] = field(default_factory=list)
    entrypoint: str = "main.mpl"
    dependencies: dict[str, object] = field(default_factory=dict)


def _fail(path: str, reason: str) -> ProjectError:
    return ProjectError(f"Failed to parse {path}: {reason}")


def normalize_entrypoint(value: str) -> str:
    """Validate `[package].entrypoint` (08 §2.2); returns the normalised relative path.

    Raises ValueError with the spec's reason text.
    """
    v = value.strip()
    if not v:
        raise ValueError("`[package].entrypoint` must not be blank")
    if v.startswith(("/", "\\")) or (len(v) > 1 and v[1] == ":"):
        raise ValueError(
            f"`[package].entrypoint` must be project-root-relative, got absolute path `{v}`"
        )
    parts = [p for p in v.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ValueError(f"`[package].entrypoint` must stay within the project root, got `{v}`")
    if not v.endswith(SOURCE_SUFFIX):
        raise ValueError(f"`[package].entrypoint` must end with `.mpl`, got `{v}`")
    return "/".join(parts)


def _dependency_kind(spec: object) -> str:
    if isinstance(spec, dict):
        for kind in ("path", "git"):
            if kind in spec:
                return f"{kind} dependencies"
    return "registry dependencies"


def _unsupported_dependency(path: str, name: str, spec: object) -> ProjectError:
    """Spec 08 §12 is [extra] and not implemented: refuse loudly rather than build a
    program whose imports of the dependency would fail later with a confusing E0031."""
    line = 1
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    in_deps = False
    for n, text in enumerate(lines, 1):
        t = text.strip()
        if t.startswith("["):
            in_deps = t.replace(" ", "").startswith("[dependencies")
            if t.replace(" ", "").startswith(f"[dependencies.{name}]"):
                line = n
                break
            continue
        key = t.split("=", 1)[0].strip().strip("\"'")
        if (in_deps and key == name) or key in (f"dependencies.{name}", "dependencies"):
            line = n
            break
    return ProjectError(
        f"{path}:{line}: dependency `{name}` is not supported: {_dependency_kind(spec)} "
        "(`[dependencies]`, spec 08 §12) are not implemented in this build; remove the "
        "entry and copy the modules into the project instead"
    )


def load_manifest(path: str) -> Manifest:
    """Load and validate `mesh.toml`. Errors carry the full `Failed to parse …` text."""
    import tomllib

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise _fail(path, str(e)) from None
    except OSError as e:
        raise _fail(path, e.strerror or str(e)) from None
    if "cluster" in data:
        raise _fail(
            path,
            "`[cluster]` manifest sections are no longer supported; move clustered declarations "
            "into source with `@cluster` or `@cluster(N)`",
        )
    pkg = data.get("package")
    if pkg is None:
        raise _fail(path, "missing field `package`")
    if not isinstance(pkg, dict):
        raise _fail(path, "invalid type: expected table for `package`")
    for key in ("name", "version"):
        if key not in pkg:
            raise _fail(path, f"missing field `{key}`")
        if not isinstance(pkg[key], str):
            raise _fail(path, f"invalid type: expected a string for `{key}`")
    for key in ("description", "license", "entrypoint"):
        if key in pkg and not isinstance(pkg[key], str):
            raise _fail(path, f"invalid type: expected a string for `{key}`")
    authors = pkg.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise _fail(path, "invalid type: expected a sequence of strings for `authors`")
    entry = "main.mpl"
    if "entrypoint" in pkg:
        try:
            entry = normalize_entrypoint(pkg["entrypoint"])
        except ValueError as e:
            raise _fail(path, str(e)) from None
    deps = data.get("dependencies", {})
    if not isinstance(deps, dict):
        raise _fail(path, "invalid type: expected table for `dependencies`")
    if deps:
        raise _unsupported_dependency(path, next(iter(deps)), deps[next(iter(deps))])
    return Manifest(
        name=pkg["name"],
        version=pkg["version"],
        description=pkg.get("description"),
        license=pkg.get("license"),
        authors=list(authors),
        entrypoint=entry,
        dependencies=deps,
    )


# ---------------------------------------------------------------------------
# Projects


@dataclass
class ModuleFile:
    name: str  # "Api.Router"
    rel_path: str  # "api/router.mpl"
    abs_path: str
    display_path: str  # project dir as given joined with rel_path

    def load(self) -> SourceFile:
        try:
            with open(self.abs_path, "rb") as f:
                raw = f.read()
        except OSError as e:
            raise ProjectError(f"cannot read {self.display_path}: {e.strerror or e}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ProjectError(f"{self.display_path} is not valid UTF-8") from None
        text = text.removeprefix("\ufeff")
        return SourceFile(self.display_path, text, self.rel_path)


@dataclass
class Project:
    root: str  # absolute directory
    root_display: str  # as given by the user
    name: str  # output name (directory name, or file stem in file mode)
    entry: str  # entry module name
    modules: dict[str, ModuleFile]  # discovery order (sorted by path)
    manifest: Manifest | None = None
    file_mode: bool = False
    warnings: list[str] = field(default_factory=list)

    def resolve(self, name: str) -> ModuleFile | None:
        """The project module called `name`, looking it up lazily in file mode."""
        m = self.modules.get(name)
        if m is None and self.file_mode:
            m = self._lazy_lookup(name)
            if m is not None:
                self.modules[name] = m
        return m

    def _lazy_lookup(self, name: str) -> ModuleFile | None:
        parts = name.split(".")
        if not all(parts):
            return None
        d = self.root
        rel: list[str] = []
        for i, seg in enumerate(parts):
            last = i == len(parts) - 1
            try:
                entries = sorted(os.listdir(d))
            except OSError:
                return None
            matches = []
            for e in entries:
                if e.startswith("."):
                    continue
                full = os.path.join(d, e)
                if last:
                    if (
                        is_source_name(e)
                        and pascal_case(e[: -len(SOURCE_SUFFIX)]) == seg
                        and os.path.isfile(full)
                    ):
                        matches.append(e)
                elif pascal_case(e) == seg and os.path.isdir(full):
                    matches.append(e)
            if not matches:
                return None
            if len(matches) > 1 and last:
                paths = ["/".join(rel + [m]) for m in matches]
                raise ProjectError(
                    f"Duplicate module '{name}': " + " and ".join(self._display(p) for p in paths)
                )
            rel.append(matches[0])
            d = os.path.join(d, matches[0])
        rel_path = "/".join(rel)
        if os.path.abspath(d) == self.modules[self.entry].abs_path:
            return None  # the entry file is `Main`, not its path name
        if rel_path == "main.mpl":
            return None  # in file mode `Main` is the entry file
        return ModuleFile(name, rel_path, os.path.abspath(d), self._display(rel_path))

    def _display(self, rel_path: str) -> str:
        return join_display(self.root_display, rel_path)


def join_display(root_display: str, rel_path: str) -> str:
    if root_display in ("", "."):
        return "./" + rel_path
    return os.path.join(root_display, rel_path)


def project_root_above(start: str) -> str | None:
    """The project root for tools that start inside a project (`mesh test`, `mesh lsp`): the
    nearest directory at or above `start` holding `mesh.toml`, else the nearest holding a
    legacy root `main.mpl`; None when there is neither."""
    for marker in ("mesh.toml", "main.mpl"):
        d = os.path.abspath(start)
        while True:
            if os.path.isfile(os.path.join(d, marker)):
                return d
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
    return None


def output_name(root_abs: str) -> str:
    """08 §4.3 (our choice): the name of the directory resolved to an absolute path."""
    return os.path.basename(os.path.normpath(root_abs)) or "output"


def load_project(path: str) -> Project:
    """A directory project or, if `path` names a `.mpl` file, a file project."""
    if path.endswith(SOURCE_SUFFIX) and not os.path.isdir(path):
        return load_file_project(path)
    return load_dir_project(path)


def load_dir_project(dir_given: str) -> Project:
    if not os.path.exists(dir_given):
        raise ProjectError(f"Project directory '{dir_given}' does not exist")
    if not os.path.isdir(dir_given):
        raise ProjectError(f"'{dir_given}' is not a directory")
    root = os.path.abspath(dir_given)
    manifest = None
    toml_path = os.path.join(dir_given, "mesh.toml")
    if os.path.exists(toml_path):
        manifest = load_manifest(toml_path)
    entry_rel = manifest.entrypoint if manifest else "main.mpl"
    entry_abs = os.path.join(root, entry_rel)
    if not os.path.exists(entry_abs):
        raise ProjectError(f"Entrypoint '{entry_rel}' was not found in project '{dir_given}'")
    if not os.path.isfile(entry_abs):
        raise ProjectError(f"Entrypoint '{entry_rel}' in project '{dir_given}' is not a file")
    modules: dict[str, ModuleFile] = {}
    warnings: list[str] = []
    for rel in discover_files(root):
        name = module_name_for(rel)
        mf = ModuleFile(name, rel, os.path.join(root, rel), join_display(dir_given, rel))
        if name in modules:
            other = modules[name]
            raise ProjectError(
                f"Duplicate module '{name}': {other.display_path} and {mf.display_path}"
            )
        if "-" in name:
            warnings.append(
                f"module file '{mf.display_path}' has the name '{name}', which no import can "
                "name (use snake_case file names)"
            )
        modules[name] = mf
    entry = module_name_for(entry_rel)
    if entry not in modules:  # e.g. the entrypoint is a hidden path or a .test.mpl
        modules[entry] = ModuleFile(entry, entry_rel, entry_abs, join_display(dir_given, entry_rel))
    return Project(
        root=root,
        root_display=dir_given,
        name=output_name(root),
        entry=entry,
        modules=modules,
        manifest=manifest,
        warnings=warnings,
    )


def load_file_project(file_given: str) -> Project:
    if not os.path.exists(file_given):
        raise ProjectError(f"File '{file_given}' does not exist")
    if not os.path.isfile(file_given):
        raise ProjectError(f"'{file_given}' is not a file")
    abs_path = os.path.abspath(file_given)
    root = os.path.dirname(abs_path)
    root_display = os.path.dirname(file_given)
    rel = os.path.basename(abs_path)
    stem = rel[: -len(SOURCE_SUFFIX)]
    entry = ModuleFile("Main", rel, abs_path, join_display(root_display, rel))
    return Project(
        root=root,
        root_display=root_display,
        name=stem or "output",
        entry="Main",
        modules={"Main": entry},
        file_mode=True,
    )
