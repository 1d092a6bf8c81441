"""The import layers of ARCHITECTURE.md, checked on the source (every `import`, also inside
functions, relative ones resolved):

* mesh/runtime never imports the compiler, the tools or the CLI: generated programs and
  release binaries carry only the runtime.
* mesh/cluster stays below HTTP and the stdlib facades (the room broadcast is injected as
  hooks; values it carries on the wire are runtime values, e.g. runtime/datetime_value.py)
  and never imports the compiler or the tools (release builds leave both out).
* mesh/compiler never imports the tools, the CLI or the cluster layer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import mesh

MESH = Path(mesh.__file__).parent

RULES = {
    "runtime": ("mesh.compiler", "mesh.tooling", "mesh.cli"),
    "cluster": (
        "mesh.runtime.stdlib",
        "mesh.runtime.http",
        "mesh.compiler",
        "mesh.tooling",
        "mesh.cli",
    ),
    "compiler": ("mesh.tooling", "mesh.cli", "mesh.cluster"),
}


def imports(path: Path) -> Iterator[str]:
    """Absolute names of the modules `path` imports."""
    package = ["mesh", *path.relative_to(MESH).parent.parts]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:  # `from .x` is relative to the file's package
                base = package[: len(package) - (node.level - 1)]
                mod = ".".join(base + ([mod] if mod else []))
            yield mod
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_nothing_above_it(layer: str) -> None:
    offenders = [
        f"{path.relative_to(MESH)}: {mod}"
        for path in sorted((MESH / layer).rglob("*.py"))
        for mod in imports(path)
        if mod.startswith(RULES[layer])
    ]
    assert offenders == []


def test_the_resolver_sees_relative_and_function_level_imports() -> None:
    # guards against a vacuous pass
    assert "mesh.cluster.connections" in set(imports(MESH / "cluster" / "runtime.py"))
    assert "mesh.runtime.actors" in set(imports(MESH / "cluster" / "processes.py"))
    assert "mesh.runtime.values" in set(imports(MESH / "runtime" / "stdlib" / "datetime.py"))
    assert "mesh.runtime.stdlib.regex" in set(imports(MESH / "compiler" / "types" / "infer.py"))
