"""The file side of `mesh migrate` (spec 08 §11, 06 §3.13): finding `migrations/<v>_<name>.mpl`,
`generate`, and compiling one migration as its own tiny program.

A migration file is an ordinary module of the app (`mesh build` compiles it like any other
file; its module name starts with digits, so no app module imports it). For a step, the file
becomes the entry module of a separate project: its text plus an empty `fn main()`, compiled
into `.mesh/migrate/<v>_<name>/` with the project root as the place where its imports are
found. mesh/runtime/migration_step.py then calls its `up`/`down`.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass

MIGRATIONS_DIR = "migrations"
FILE_RE = re.compile(r"^(\d+)_(.+)\.mpl$")
NAME_RE = re.compile(r"^[a-z0-9_]+$")
STEP_MAIN = "\n\nfn main() do\nend\n"

SCAFFOLD = """\
# Migration {stem}.
# `mesh migrate up` runs `up`, `mesh migrate down` runs `down`; each runs inside one
# transaction together with the `_mesh_migrations` row that records it, so an `Err`
# (or a panic) leaves the database exactly as it was.
#
# Examples:
#   Migration.create_table(pool, "users", ["id:BIGSERIAL:PRIMARY KEY", "email:TEXT:NOT NULL"])?
#   Migration.add_column(pool, "users", "name:TEXT")?
#   Migration.create_index(pool, "users", ["email"], "unique:true")?
#   Migration.execute(pool, "UPDATE users SET name = email")?
#   Migration.drop_table(pool, "users")?

pub fn up(pool :: PoolHandle) -> Int!String do
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Ok(0)
end
"""


class MigrationError(Exception):
    """`error: <message>`, exit 1."""


@dataclass(frozen=True)
class MigrationFile:
    version: int
    stem: str  # "20260402120000_create_todos": what every progress line shows
    name: str  # "create_todos"
    rel_path: str  # "migrations/20260402120000_create_todos.mpl"


def find_migrations(root: str) -> list[MigrationFile] | None:
    """The migration files ordered by version, or None when `migrations/` does not exist.
    Names without a numeric prefix and an underscore, or not ending in `.mpl`, are ignored."""
    d = os.path.join(root, MIGRATIONS_DIR)
    if not os.path.isdir(d):
        return None
    found = []
    for entry in os.listdir(d):
        m = FILE_RE.match(entry)
        if m and not entry.endswith(".test.mpl") and os.path.isfile(os.path.join(d, entry)):
            found.append(
                MigrationFile(
                    int(m.group(1)), entry[: -len(".mpl")], m.group(2), f"{MIGRATIONS_DIR}/{entry}"
                )
            )
    found.sort(key=lambda f: (f.version, f.stem))
    seen: dict[int, MigrationFile] = {}
    for f in found:
        if f.version in seen:
            raise MigrationError(
                f"two migrations have version {f.version}: "
                f"{seen[f.version].rel_path} and {f.rel_path}"
            )
        seen[f.version] = f
    return found


def validate_name(name: str) -> None:
    if not name:
        raise MigrationError("Migration name cannot be empty")
    if not NAME_RE.match(name):
        raise MigrationError(
            "Migration name must contain only lowercase letters, digits, and underscores"
        )


def generate(root: str, name: str, now: datetime.datetime | None = None) -> str:
    """Writes the scaffold; returns its path relative to the project (`migrations/<file>`).
    The version is the UTC time `YYYYMMDDHHMMSS`, moved on by a second while taken."""
    validate_name(name)
    d = os.path.join(root, MIGRATIONS_DIR)
    os.makedirs(d, exist_ok=True)
    t = now or datetime.datetime.now(datetime.UTC)
    taken = {f.version for f in find_migrations(root) or []}
    while int(t.strftime("%Y%m%d%H%M%S")) in taken:
        t += datetime.timedelta(seconds=1)
    stem = f"{t:%Y%m%d%H%M%S}_{name}"
    path = os.path.join(d, stem + ".mpl")
    with open(path, "x", encoding="utf-8") as f:
        f.write(SCAFFOLD.format(stem=stem))
    return f"{MIGRATIONS_DIR}/{stem}.mpl"


@dataclass(frozen=True)
class CompiledStep:
    py_dir: str
    py_module: str
    mesh_module: str


class StepCompileFailed(Exception):
    """The diagnostics have been rendered; `str(e)` completes `Failed to compile …: `."""


def compile_step(root: str, root_display: str, mig: MigrationFile, renderer) -> CompiledStep:
    """Compiles `mig` as the entry of its own program (cached like `mesh build`)."""
    from mesh.compiler.codegen.names import py_module_path
    from mesh.compiler.driver import CompileFailed, compile_project
    from mesh.compiler.project import ModuleFile, Project, ProjectError, join_display

    build_dir = os.path.join(root, ".mesh", "migrate", mig.stem)
    os.makedirs(build_dir, exist_ok=True)
    entry_copy = os.path.join(build_dir, "entry.mpl")
    try:
        with open(os.path.join(root, mig.rel_path), encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise StepCompileFailed(f"cannot read {mig.rel_path}: {e}") from None
    with open(entry_copy, "w", encoding="utf-8") as f:
        f.write(text + STEP_MAIN)
    entry = ModuleFile("Main", mig.rel_path, entry_copy, join_display(root_display, mig.rel_path))
    project = Project(
        root=root,
        root_display=root_display,
        name=mig.stem,
        entry="Main",
        modules={"Main": entry},
        file_mode=True,
    )
    try:
        result = compile_project(root, renderer, build_dir=build_dir, project=project)
    except CompileFailed:
        raise StepCompileFailed("compilation failed due to errors above") from None
    except ProjectError as e:
        raise StepCompileFailed(str(e)) from None
    return CompiledStep(result.py_dir, py_module_path(mig.rel_path), "Main")
