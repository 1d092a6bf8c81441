"""`mesh init` (spec 08 §3): scaffold a new project directory.

Every flag is validated before anything is written, and an existing directory is never
touched. The message fragments quoted by the spec (including the word `meshc`) are kept
verbatim: the reference's tests grep them.
"""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATES = ("todo-api",)
DBS = ("sqlite", "postgres")

USAGE = """\
Usage: {prog} init [--clustered | --template todo-api [--db sqlite|postgres]] <name>

Creates ./<name>/ with a new Mesh project:
  (no flags)                          hello world
  --clustered                         minimal clustered app (`@cluster` work, Node.start_from_env)
  --template todo-api [--db sqlite]   local SQLite Todo API
  --template todo-api --db postgres   deployable PostgreSQL Todo API
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
                    raise InitUsageError(f"a value is required for '{flag} <{flag[2:].upper()}>' "
                                         "but none was supplied")
            if flag == "--template":
                template = value
            else:
                if value not in DBS:
                    raise InitUsageError(f"invalid value '{value}' for '--db <DB>'\n"
                                         f"  [possible values: {', '.join(DBS)}]")
                db = value
        elif a.startswith("-"):
            raise InitUsageError(f"unexpected argument '{a}' found")
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
            f"  meshc init --clustered {name}")
    if db is not None and template is None:
        raise InitError(
            "`--db` is only supported with `meshc init --template todo-api <name>`; "
            "sqlite stays the local default, and `--db postgres` opts into the "
            "clustered/deployable PostgreSQL starter")
    if not name or "/" in name or name in (".", ".."):
        raise InitError(f"invalid project name '{name}'")
    if template is not None:
        raise InitError(f"the `{template}` template is not available yet in this toolchain "
                        "(it needs the database stdlib of spec 06 §3)")
    if clustered:
        return clustered_files(name)
    return {"mesh.toml": manifest(name), "main.mpl": HELLO_MAIN}


def write(target: Path, files: dict[str, str]) -> None:
    target.mkdir(parents=True)
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ file contents


def manifest(name: str) -> str:
    return f'[package]\nname = "{name}"\nversion = "0.1.0"\n\n[dependencies]\n'


HELLO_MAIN = """\
fn main() do
  println("Hello from Mesh!")
end
"""

CLUSTERED_WORK = """\
# Clustered work: the runtime runs every `@cluster` function once per cluster
# (runtime name `Work.add`; replication count 2 = owner + mirrored replica).
@cluster pub fn add() -> Int do
  1 + 1
end
"""

CLUSTERED_MAIN = """\
fn log_bootstrap(status :: BootstrapStatus) do
  println("[clustered-app] runtime bootstrap mode=#{status.mode} node=#{status.node_name} cluster_port=#{status.cluster_port} discovery_seed=#{status.discovery_seed}")
end

fn main() do
  case Node.start_from_env() do
    Ok(status) -> log_bootstrap(status)
    Err(reason) -> println("[clustered-app] runtime bootstrap failed reason=#{reason}")
  end
end
"""

CLUSTERED_README = """\
# {name}

A minimal clustered Mesh app: `main.mpl` boots the node from the environment with
`Node.start_from_env()` and `work.mpl` declares clustered work with `@cluster`.

    mesh run .

Without any `MESH_*` variable the app runs standalone.

## Environment (`MESH_*` contract)

| Variable | Default | Meaning |
|---|---|---|
| `MESH_CLUSTER_COOKIE` | — | shared secret; required once any other cluster variable is set |
| `MESH_DISCOVERY_SEED` | — | DNS name whose records are the peers (required in cluster mode) |
| `MESH_CLUSTER_PORT` | `4370` | cluster listener port |
| `MESH_NODE_NAME` | derived | explicit `name@host:port` (IPv6 as `[addr]:port`) |
| `MESH_NODE_HOST` | hostname | advertised host for hostname-derived names |
| `MESH_CONTINUITY_ROLE` | `primary` | `primary` or `standby` |
| `MESH_CONTINUITY_PROMOTION_EPOCH` | `0` | promotion epoch |
| `MESH_DISCOVERY_INTERVAL_MS` | `5000` | DNS re-resolution period |

## Operating the cluster

    meshc cluster status      <name@host:port> [--json]
    meshc cluster continuity  <name@host:port> [--json]
    meshc cluster continuity  <name@host:port> <request-key> [--json]
    meshc cluster diagnostics <name@host:port> [--json]

The cookie comes from `--cookie` or `MESH_CLUSTER_COOKIE`.
"""


def clustered_files(name: str) -> dict[str, str]:
    return {"mesh.toml": manifest(name), "work.mpl": CLUSTERED_WORK,
            "main.mpl": CLUSTERED_MAIN, "README.md": CLUSTERED_README.format(name=name)}
