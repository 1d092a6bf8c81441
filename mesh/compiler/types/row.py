"""`deriving(Row)` (spec 06 §3.6): field checks (E0039) and the row specs codegen attaches to
the struct class for `mesh.runtime.row`.

A *row spec* is `"String" | "Int" | "Float" | "Bool"` or `("Option", scalar)`. A struct that
derives `Schema` but not `Row` also gets row specs when every field is mappable (silently
none otherwise), so typed `Repo.all` can decode it with the same rules (spec 06 §3.14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.types.traits import TraitEnv
from mesh.compiler.types.ty import TCon, Type, prune, show

if TYPE_CHECKING:
    from mesh.compiler.types.items import ModuleChecker


SCALARS = ("String", "Int", "Float", "Bool")


def row_spec(t: Type) -> object | None:
    """The row spec of a field type, or None when it cannot be mapped from a row."""
    t = prune(t)
    if not isinstance(t, TCon):
        return None
    if t.name in SCALARS and not t.args:
        return t.name
    if t.name == "Option" and len(t.args) == 1:
        inner = prune(t.args[0])
        if isinstance(inner, TCon) and inner.name in SCALARS and not inner.args:
            return ("Option", inner.name)
    return None


def derives_row(qual: str, tenv: TraitEnv) -> bool:
    return any(i.target_key == qual and i.trait == "Row" for i in tenv.impls)


def check_deriving_row(mc: ModuleChecker) -> None:
    """E0039 for every field of a `deriving(Row)` struct that is not String/Int/Float/Bool or
    an Option of those; attach `item.row_fields` for codegen."""
    env = mc.env
    for item in mc.module.items:
        # `deriving(Row)` on a sum type is accepted and generates nothing (as in the
        # reference; tests/programs/traits/derive_row_on_sum_is_ignored).
        if not isinstance(item, A.StructDef) or not item.deriving:
            continue
        names = {n for n, _ in item.deriving}
        if "Row" not in names and "Schema" not in names:
            continue
        info = env.structs.get(item.name)
        if info is None:
            continue
        spans = {fname: span for fname, _, span in item.fields}
        specs = []
        ok = True
        for fname, ft in info.fields:
            spec = row_spec(ft)
            if spec is None:
                ok = False
                if "Row" in names:
                    mc.reporter.emit(
                        "E0039", spans.get(fname, item.span), field=fname, type=show(ft)
                    )
                continue
            specs.append((fname, spec))
        if ok:
            item.row_fields = specs
