"""Diagnostics: `Reporter` collects them, the catalogue (`catalogue()`, `entry(code)`)
says what each code means. See ARCHITECTURE.md, "A new diagnostic"."""

from mesh.compiler.diagnostics.core import (
    CompileError,
    Diagnostic,
    Label,
    Reporter,
    worded_label,
)
from mesh.compiler.diagnostics.entry import Entry
from mesh.compiler.diagnostics.table import catalogue, entry

__all__ = [
    "CompileError",
    "Diagnostic",
    "Entry",
    "Label",
    "Reporter",
    "catalogue",
    "entry",
    "worded_label",
]
