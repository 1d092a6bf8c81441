"""The function emitter: lowers one top-level function (and everything nested in it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler.codegen.actors import ActorEmitter
from mesh.compiler.codegen.control import ControlMixin
from mesh.compiler.codegen.core import EmitterCore
from mesh.compiler.codegen.expr import ExprMixin
from mesh.compiler.codegen.patterns import PatternEmitter

if TYPE_CHECKING:
    from mesh.compiler.codegen.module import ModuleEmitter


class FnEmitter(ExprMixin, ControlMixin, EmitterCore):
    def __init__(self, mod: ModuleEmitter, reserved: set[str]) -> None:
        super().__init__(mod, reserved)
        self.patterns = PatternEmitter(self)
        self.actors = ActorEmitter(self)
