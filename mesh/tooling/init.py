"""`mesh init` (spec 08 §3): scaffold a new project directory.

Every flag is validated before anything is written, and an existing directory is never
touched. The scaffolds' files live in `templates/<kind>/` (package data); every scaffold
includes a `tests/*.test.mpl` that `mesh test` passes. The message fragments quoted by
the spec (including the word `meshc`) are kept verbatim: the reference's tests grep them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TEMPLATES = ("todo-api",)
DBS = ("sqlite", "postgres")

USAGE = """\
Usage: {prog} init [--clustered | --template todo-api [--db sqlite|postgres]] <name>

Creates ./<name>/ with a new Mesh project:
  (no flags)                          hello world
  --clustered                         minimal clustered app (`@cluster` work, Node.start_from_env,
                                      GET /health), with Dockerfile and fly.toml
  --template todo-api [--db sqlite]   local SQLite Todo API, with Dockerfile
  --template todo-api --db postgres   deployable PostgreSQL Todo API: migrations, clustered
                                      routes, docker-compose.yml with two nodes
"""


class InitUsageError(Exception):
    """Bad command line: exit 2, nothing written."""


class InitError(Exception):
    """Refused request: `error: <message>`, exit 1, nothing written."""


def main(argv: list[str]) -> int:
    from mesh.cli import prog_name

    prog = prog_name()
    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE.format(prog=prog))
        return 0
    try:
        name, clustered, template, db = parse_args(argv)
        files = plan(name, clustered, template, db)
        target = Path.cwd() / name
        if target.exists():
            raise InitError(f"Directory '{name}' already exists")
    except InitUsageError as e:
        sys.stderr.write(f"error: {e}\n\nFor more information, try '{prog} init --help'.\n")
        return 2
    except InitError as e:
        sys.stderr.write(f"error: {e}\n")
        return 1
    write(target, files)
    kind = "clustered project" if clustered else ("todo-api project" if template else "project")
    print(f"Created {kind} '{name}'")
    return 0


def parse_args(argv: list[str]) -> tuple[str, bool, str | None, str | None]:
    name = None
    clustered = False
    template = None
    db = None
    it = iter(argv)
    for a in it:
        if a == "--clustered":
            clustered = True
        elif a in ("--template", "--db") or a.startswith(("--template=", "--db=")):
            flag, eq, value = a.partition("=")
            if not eq:
                value = next(it, None)
                if value is None:
                    raise InitUsageError(
                        f"a value is required for '{flag} <{flag[2:].upper()}>' "
                        "but none was supplied"
                    )
            if flag == "--template":
                template = value
            else:
                if value not in DBS:
                    raise InitUsageError(
                        f"invalid value '{value}' for '--db <DB>'\n"
                        f"  [possible values: {', '.join(DBS)}]"
                    )
                db = value
        elif a.startswith("-"):
            from mesh.cli import suggest

            raise InitUsageError(
                f"unexpected argument '{a}' found"
                + suggest(a.partition("=")[0], ("--clustered", "--template", "--db", "--help"))
            )
        elif name is None:
            name = a
        else:
            raise InitUsageError(f"unexpected argument '{a}' found")
    if name is None:
        raise InitUsageError("the following required arguments were not provided:\n  <NAME>")
    return name, clustered, template, db


def plan(name: str, clustered: bool, template: str | None, db: str | None) -> dict[str, str]:
    """The files to write (relative path → text), after every combination check."""
    if template is not None and template not in TEMPLATES:
        msg = f"unknown init template '{template}'; supported templates: {', '.join(TEMPLATES)}."
        if db is not None:
            msg += " `--db` is only supported with `--template todo-api`."
        raise InitError(msg)
    if clustered and (template is not None or db is not None):
        raise InitError(
            "`meshc init --clustered` cannot be combined with `--template todo-api` or `--db`; "
            "use one of:\n"
            f"  meshc init --template todo-api {name}\n"
            f"  meshc init --template todo-api --db postgres {name}\n"
            f"  meshc init --clustered {name}"
        )
    if db is not None and template is None:
        raise InitError(
            "`--db` is only supported with `meshc init --template todo-api <name>`; "
            "sqlite stays the local default, and `--db postgres` opts into the "
            "clustered/deployable PostgreSQL starter"
        )
    if not name or "/" in name or name in (".", ".."):
        raise InitError(f"invalid project name '{name}'")
    if db == "postgres":
        return postgres_todo_files(name)
    if template is not None:
        return template_files("todo_api", name)
    if clustered:
        return template_files("clustered", name, operator_commands=operator_commands())
    return template_files("hello", name)


def write(target: Path, files: dict[str, str]) -> None:
    target.mkdir(parents=True)
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if path.suffix == ".sh":
            path.chmod(0o755)


# ------------------------------------------------------------------ file contents

TEMPLATE_DIR = Path(__file__).parent / "templates"

# Assets are stored without a leading dot so that package-data globs and editors see
# them; these are renamed on the way out.
HIDDEN = {"dockerignore": ".dockerignore", "env.example": ".env.example"}
NAME_IN_PATH = "__name__"  # a file name part replaced by the project name


def template_files(template: str, name: str, **values: str) -> dict[str, str]:
    """Every file of `templates/<template>/`, `{{name}}` and `{{<key>}}` filled in."""
    values = {"name": name, **values}
    root = TEMPLATE_DIR / template
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue  # editor or tool droppings, never part of a template
        rel = rel.with_name(HIDDEN.get(rel.name, rel.name).replace(NAME_IN_PATH, name))
        text = path.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        files[rel.as_posix()] = text
    return files


def postgres_todo_files(name: str) -> dict[str, str]:
    """08 §3: the SQLite todo-api files minus its storage test, with `todo_api_postgres/`
    laid over them (pool instead of connection, Repo storage, migrations, clustered reads,
    work.mpl, compose file, deploy scripts)."""
    files = template_files("todo_api", name)
    del files["tests/storage.test.mpl"]
    files.update(template_files("todo_api_postgres", name))
    return dict(sorted(files.items()))


OPERATOR_COMMANDS = """
## Operating the cluster

    mesh cluster status      <name@host:port> [--json]
    mesh cluster continuity  <name@host:port> [--json]
    mesh cluster continuity  <name@host:port> <request-key> [--json]
    mesh cluster diagnostics <name@host:port> [--json]

The cookie comes from `--cookie` or `MESH_CLUSTER_COOKIE`.
"""


def operator_commands() -> str:
    """The README section of the `mesh cluster` commands (08 §3), written only when this
    toolchain has them: a scaffold's README names no command that does not exist."""
    if importlib.util.find_spec("mesh.tooling.cluster") is None:
        return ""
    return OPERATOR_COMMANDS
