"""packaging/Dockerfile.app, packaging/fly.toml and .dockerignore (spec 08 §16.4–§16.5)."""

from __future__ import annotations

import os
import subprocess
import sys

from deploy_checks import ROOT, check_dockerfile, check_fly_toml, parse_dockerfile

EXAMPLE = "examples/testing"  # a project inside the repository, built as APP


def test_dockerfile_app_shape():
    check_dockerfile(ROOT / "packaging" / "Dockerfile.app", ROOT, ROOT, app=EXAMPLE)


def test_dockerfile_app_build_command_builds(tmp_path):
    """The build stage's command line, minus --release, compiles a real project."""
    _, argv = check_dockerfile(ROOT / "packaging" / "Dockerfile.app", ROOT, ROOT, app=EXAMPLE)
    out = tmp_path / "app"
    argv = [w for w in argv if w != "--release"]
    argv[argv.index("/out/app")] = str(out)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MESH_")}
    env.update(PYTHONPATH=str(ROOT), MESH_NO_CACHE="1")
    r = subprocess.run(
        [sys.executable, "-m", "mesh.cli", *argv[1:], "--build-dir", str(tmp_path / "build")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    run = subprocess.run([str(out)], capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0 and run.stdout == "hi, ada\n", run.stderr


def test_parser_sees_continuations_and_stages():
    stages = parse_dockerfile("ARG X=1\nFROM a AS one\nRUN echo \\\n  two\n# c\nFROM b\nUSER u\n")
    assert [(s.base, s.name) for s in stages] == [("a", "one"), ("b", None)]
    assert stages[0].all("RUN") == ["echo  two"] and stages[1].all("USER") == ["u"]


def test_fly_toml():
    check_fly_toml(ROOT / "packaging" / "fly.toml", "orders-api")


def test_dockerignore_excludes_local_state_only():
    ignored = [
        ln.strip()
        for ln in (ROOT / ".dockerignore").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    for entry in (".git", ".mesh", ".venv", ".env*", "*.sqlite3"):
        assert entry in ignored
    # what the Dockerfile copies from the repository must not be ignored
    for kept in ("mesh", "pyproject.toml", "README.md", "examples"):
        assert kept not in ignored
