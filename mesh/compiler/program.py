"""The checked program: what the type checker hands to codegen."""

from __future__ import annotations

from dataclasses import dataclass, field

from mesh.compiler.ast import Module


@dataclass
class Program:
    """Typed modules in dependency order (imports before importers) and the entry module name."""

    modules: list[Module]
    entry: str
    # Mesh module name -> Python module path ("Api.Router" -> "mesh_app.api.router").
    py_modules: dict[str, str] = field(default_factory=dict)
