"""Static checks of our Dockerfiles and fly.toml files (spec 08 §16.4–§16.5).

There is no Docker daemon in CI, so instead of building images these checks parse the
files and verify what a build would rely on: the stages, the non-root user, that every
`COPY` source exists in its documented build context, that the build step is a
`mesh build` command line our CLI accepts, and that the `MESH_*` names are the ones
`Node.start_from_env()` reads (07 §11.1).
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mesh.cli import parse_build_args

ROOT = Path(__file__).resolve().parents[2]

# The environment contract of 07 §11.1 (the FLY_* identity is set by Fly itself).
SPEC_ENV = {
    "MESH_CLUSTER_COOKIE",
    "MESH_DISCOVERY_SEED",
    "MESH_NODE_NAME",
    "MESH_NODE_HOST",
    "MESH_CLUSTER_PORT",
    "MESH_CONTINUITY_ROLE",
    "MESH_CONTINUITY_PROMOTION_EPOCH",
    "MESH_DISCOVERY_INTERVAL_MS",
    "MESH_STARTUP_WORK_DELAY_MS",
}


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def parse_dockerfile(text: str) -> list[Stage]:
    """Stages with their (KEYWORD, arguments) instructions; continuations joined."""
    logical: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, "dangling line continuation"
    stages: list[Stage] = []
    for line in logical:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            m = re.fullmatch(r"(\S+)(?:\s+AS\s+(\S+))?", args.strip(), re.IGNORECASE)
            assert m, f"bad FROM: {line}"
            stages.append(Stage(m.group(1), m.group(2)))
        else:
            assert stages or keyword == "ARG", f"{keyword} before FROM"
            if stages:
                stages[-1].instructions.append((keyword, args.strip()))
    return stages


def env_pairs(stage: Stage) -> dict[str, str]:
    env: dict[str, str] = {}
    for args in stage.all("ENV"):
        for word in shlex.split(args):
            key, eq, value = word.partition("=")
            assert eq, f"ENV without '=': {args}"
            env[key] = value
    return env


def _copy_parts(args: str) -> tuple[str | None, list[str], str]:
    words = shlex.split(args)
    source_stage = None
    while words[0].startswith("--"):
        flag = words.pop(0)
        if flag.startswith("--from="):
            source_stage = flag.removeprefix("--from=")
    return source_stage, words[:-1], words[-1]


def mesh_build_argv(stage: Stage, app: str) -> list[str]:
    """The `mesh build …` words of the build stage's RUN, with `$APP` replaced."""
    found = []
    for args in stage.all("RUN"):
        words = [w for w in shlex.split(args) if not w.startswith("--mount=")]
        if words[:2] == ["mesh", "build"]:
            found.append([app if w in ("$APP", "${APP}") else w for w in words])
    assert len(found) == 1, f"expected one `mesh build` step, got {found}"
    return found[0]


def check_dockerfile(
    path: Path, context: Path, mesh_context: Path, *, app: str = ".", sqlite: bool = False
) -> tuple[list[Stage], list[str]]:
    """Asserts the §16.4 shape; returns the stages and the `mesh build` argv."""
    stages = parse_dockerfile(path.read_text(encoding="utf-8"))
    assert len(stages) == 2, [s.base for s in stages]
    build, final = stages
    assert build.base == "python:3.11-slim-bookworm" and build.name == "build"
    assert final.base == "debian:bookworm-slim"

    installs = " ".join(build.all("RUN"))
    for package in ("gcc", "libc6-dev", "patchelf", "ccache"):
        assert re.search(rf"\b{package}\b", installs), package
    mounts = [a for a in build.all("RUN") if "--mount=type=cache" in a]
    assert any("pip install" in a for a in mounts), "pip runs without a cache mount"
    assert any("mesh build" in a for a in mounts), "mesh build runs without a cache mount"

    # Every COPY source exists in the context it names.
    contexts = {None: context, "mesh": mesh_context}
    for args in build.all("COPY"):
        stage_name, sources, _ = _copy_parts(args)
        assert stage_name in contexts, f"COPY from unknown context: {args}"
        for src in sources:
            assert (contexts[stage_name] / src).exists(), f"{src} missing in {stage_name}"
    installed = [a for a in build.all("RUN") if "pip install" in a]
    assert any('"/opt/mesh[release]"' in a for a in installed), installed
    # the release toolchain gets the versions CI tested (constraints.txt, scripts/lock)
    assert any("-c /opt/mesh/constraints.txt" in a for a in installed), installed

    argv = mesh_build_argv(build, app)
    parsed = parse_build_args(argv[2:])
    assert parsed is not None and parsed.release and parsed.output == "/out/app", argv
    assert parsed.path == app

    copies = final.all("COPY")
    assert copies, "final stage copies nothing"
    for args in copies:
        stage_name, sources, dest = _copy_parts(args)
        assert stage_name == "build" and sources == ["/out/app"], args
    binary = dest
    assert final.all("ENTRYPOINT") == [f'["{binary}"]']

    users = final.all("USER")
    assert users and users[-1] not in ("root", "0"), users
    assert any(f"useradd --system --create-home {users[-1]}" in a for a in final.all("RUN"))
    assert "ca-certificates" in " ".join(final.all("RUN"))
    for forbidden in ("python", "gcc", "pip"):
        assert not re.search(rf"\b{forbidden}\b", " ".join(final.all("RUN"))), forbidden

    env = env_pairs(final)
    assert env.get("PORT") == "8080"
    exposed = " ".join(final.all("EXPOSE")).split()
    assert "8080" in exposed
    check_env_names(env)
    if sqlite:
        assert env.get("TODO_DB_PATH") == "/var/lib/todo/todo.sqlite3"
        assert final.all("VOLUME") == ['["/var/lib/todo"]']
        assert "4370" not in exposed
    else:
        assert env.get("MESH_CLUSTER_PORT") == "4370" and "4370" in exposed
    return stages, argv


def check_env_names(env: dict[str, str]) -> None:
    """MESH_* names are the spec's and the runtime really reads them; no cookie."""
    runtime = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "mesh" / "cluster").rglob("*.py")
    )
    for key in env:
        if key.startswith("MESH_"):
            assert key in SPEC_ENV, key
            assert f'"{key}"' in runtime, f"the runtime never reads {key}"
    assert "MESH_CLUSTER_COOKIE" not in env, "the cookie is a secret"


def check_fly_toml(path: Path, app: str) -> dict:
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    assert config["app"] == app and config["primary_region"]
    assert (path.parent / config["build"]["dockerfile"]).name == "Dockerfile"
    env = config["env"]
    check_env_names(env)
    assert env["MESH_DISCOVERY_SEED"] == f"{app}.internal"
    assert env["MESH_CLUSTER_PORT"] == "4370"
    service = config["http_service"]
    assert service["auto_stop_machines"] == "off"
    assert service["internal_port"] == int(env["PORT"])
    assert service["min_machines_running"] >= 2
    assert config["vm"][0]["cpu_kind"] == "shared"
    return config
