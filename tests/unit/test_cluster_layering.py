"""mesh/cluster stays below HTTP (the room broadcast is injected as hooks) and never
imports the compiler or the tools (release builds leave both out: mesh/tooling/release.py):
a distribution change must not drag the web stack in."""

import ast
from pathlib import Path

import mesh.cluster

CLUSTER = Path(mesh.cluster.__file__).parent


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:  # resolve relative to mesh/cluster/<sub>/
                depth = len(path.relative_to(CLUSTER).parts) - 1
                base = ["mesh", "cluster"] + list(path.relative_to(CLUSTER).parts[:depth])
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([mod] if mod else []))
            yield mod
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield a.name


def test_cluster_imports_neither_http_nor_compiler_nor_tooling():
    offenders = []
    for path in sorted(CLUSTER.rglob("*.py")):
        for mod in _imports(path):
            if mod.startswith(("mesh.runtime.http", "mesh.compiler", "mesh.tooling")):
                offenders.append(f"{path.relative_to(CLUSTER)}: {mod}")
    assert offenders == []


def test_the_resolver_sees_relative_imports():
    # guard against a vacuous pass: runtime.py imports .connections relatively
    assert "mesh.cluster.connections" in set(_imports(CLUSTER / "runtime.py"))
    assert "mesh.runtime.actors" in set(_imports(CLUSTER / "processes.py"))
