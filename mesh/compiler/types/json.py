"""`deriving(Json)` (spec 02 §12.2, 05 §6.3–§6.6): serialisability checks (E0038) and the
decode specs codegen hands to `mesh.runtime.json_codec`.

A *spec* is plain data: `"Int" | "Float" | "String" | "Bool" | "Json"`, `("List", s)`,
`("Map", s)`, `("Option", s)`, or `("type", module, name)` for a user type deriving Json.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.source import Span
from mesh.compiler.types import decls as D
from mesh.compiler.types.traits import TraitEnv
from mesh.compiler.types.ty import TCon, TVar, Type, prune, show

if TYPE_CHECKING:
    from mesh.compiler.types.items import ModuleChecker


SCALARS = ("Int", "Float", "String", "Bool", "Json")


def has_json_impl(qual: str, envs: dict[str, D.ModuleEnv], tenv: TraitEnv) -> bool:
    return any(i.target_key == qual and i.trait in ("Json", "Schema") for i in tenv.impls)


def encodable(t: Type, envs: dict[str, D.ModuleEnv], tenv: TraitEnv) -> bool:
    """Whether values of type `t` have a JSON form (table of 05 §6.3)."""
    t = prune(t)
    if isinstance(t, TVar):
        return True
    if not isinstance(t, TCon):
        return False
    if t.name in SCALARS or t.name == "Never":
        return True
    if t.name == "Tuple" and not t.args:
        return True  # nil → null
    if t.name in ("List", "Option", "Set"):
        return all(encodable(a, envs, tenv) for a in t.args)
    if t.name == "Map":
        return len(t.args) == 2 and _is_string_key(t.args[0]) and encodable(t.args[1], envs, tenv)
    return has_json_impl(t.name, envs, tenv) and all(encodable(a, envs, tenv) for a in t.args)


def _is_string_key(t: Type) -> bool:
    t = prune(t)
    return isinstance(t, TVar) or (isinstance(t, TCon) and t.name in ("String", "Json"))


def spec_of(t: Type) -> object:
    t = prune(t)
    if isinstance(t, TCon):
        if t.name in SCALARS:
            return t.name
        if t.name in ("List", "Option", "Set") and t.args:
            return ("List" if t.name == "Set" else t.name, spec_of(t.args[0]))
        if t.name == "Map" and len(t.args) == 2:
            return ("Map", spec_of(t.args[1]))
        if "." in t.name:
            module, _, name = t.name.rpartition(".")
            return ("type", module, name)
    return "Json"


def check_deriving_json(mc: ModuleChecker) -> None:
    """E0038 for every field that cannot be serialised; attach decode specs for codegen.

    The check uses impls registered so far, so a nested type must be declared (and derive
    Json) before its user (spec 02 §12.2)."""
    env = mc.env
    for item in mc.module.items:
        if not isinstance(item, (A.StructDef, A.SumDef)) or not item.deriving:
            continue
        if not any(n == "Json" for n, _ in item.deriving):
            continue
        if isinstance(item, A.StructDef):
            struct = env.structs[item.name]
            specs: list[tuple[str, object]] = []
            for (fname, ft), (_, _, span) in zip(struct.fields, item.fields):
                _check_field(mc, fname, ft, span)
                specs.append((fname, spec_of(ft)))
            item.json_fields = specs
        else:
            sum_info = env.sums[item.name]
            variants: list[tuple[str, list[object]]] = []
            for v, decl in zip(sum_info.variants, item.variants):
                for i, ft in enumerate(v.fields):
                    fname = decl.fields[i][0] or str(i)
                    _check_field(mc, f"{v.name}::{fname}", ft, decl.span)
                variants.append((v.name, [spec_of(ft) for ft in v.fields]))
            item.json_variants = variants


def _check_field(mc: ModuleChecker, fname: str, ft: Type, span: Span) -> None:
    if encodable(ft, mc.envs, mc.tenv):
        return
    mc.reporter.emit("E0038", span, what=f"field `{fname}`", type=show(ft))
