"""Static types of `Changeset` (spec 06 §3.11), same format as `stdlib_types.SIGNATURES`;
merged by `stdlib_types._merge_db_stdlib`. `Changeset` is a built-in opaque type; the
Python implementation is `mesh.runtime.stdlib.changeset`."""

from __future__ import annotations

CHANGESET_MODULES: dict[str, str] = {"Changeset": "changeset"}

_SM = "Map<String, String>"

CHANGESET_SIGNATURES: dict[str, str] = {
    "Changeset.cast": f"({_SM}, {_SM}, List<Atom>) -> Changeset",
    "Changeset.cast_with_types": f"({_SM}, {_SM}, List<Atom>, List<String>) -> Changeset",
    "Changeset.validate_required": "(Changeset, List<Atom>) -> Changeset",
    "Changeset.validate_length": "(Changeset, Atom, Int, Int) -> Changeset",
    "Changeset.validate_format": "(Changeset, Atom, String) -> Changeset",
    "Changeset.validate_inclusion": "(Changeset, Atom, List<String>) -> Changeset",
    "Changeset.validate_number": "(Changeset, Atom, Int, Int, Int, Int) -> Changeset",
    "Changeset.valid": "(Changeset) -> Bool",
    "Changeset.errors": f"(Changeset) -> {_SM}",
    "Changeset.changes": f"(Changeset) -> {_SM}",
    "Changeset.get_change": "(Changeset, Atom) -> String",
    "Changeset.get_error": "(Changeset, Atom) -> String",
}
