"""The classes of a module's types: a `Struct` subclass per struct, a `Variant` base class per
sum type with one subclass per variant (a singleton for nullary ones), and the class
attributes `deriving(Json)` / `deriving(Row)` hang on them for the runtime decoders."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from mesh.compiler import ast as A
from mesh.compiler.codegen.core import arguments, call, class_def, const, function_def, name
from mesh.compiler.codegen.names import PY_KEYWORDS, ident, variant_class_name

if TYPE_CHECKING:
    from mesh.compiler.codegen.module import ModuleEmitter

DEFAULT_STRUCT_DERIVES = ("Eq", "Ord", "Debug", "Hash")
DEFAULT_SUM_DERIVES = ("Eq", "Ord", "Debug")


def json_spec(mod: ModuleEmitter, spec: Any) -> ast.expr:
    """A decode spec (mesh/compiler/types/json.py: a type name, `("type", module, name)` or
    `(constructor, element spec)`) as a Python expression."""
    if isinstance(spec, str):
        return const(spec)
    if spec[0] == "type":
        _, module, tname = spec
        info = mod.index.modules.get(module)
        if info is not None and tname in info.structs:
            return mod.struct_ref(module, tname)
        if info is not None and tname in info.sums:
            return mod.sum_ref(module, tname)
        return const("Json")
    return ast.Tuple(elts=[const(spec[0]), json_spec(mod, spec[1])], ctx=ast.Load())


def json_attrs(mod: ModuleEmitter) -> list[ast.stmt]:
    """`deriving(Json)`: the decode specs `json_codec.from_json` reads off the classes."""
    out: list[ast.stmt] = []
    for item in mod.module.items:
        fields = getattr(item, "json_fields", None)
        if isinstance(item, A.StructDef) and fields is not None:
            out.append(_field_specs(mod, item, fields, "_mesh_json_fields"))
        variants = getattr(item, "json_variants", None)
        if isinstance(item, A.SumDef) and variants is not None:
            base = name(ident(item.name))
            keys: list[ast.expr | None] = []
            vals: list[ast.expr] = []
            for vname, specs in variants:
                ctor = name(variant_class_name(item.name, vname))
                keys.append(const(vname))
                vals.append(
                    ast.Tuple(
                        elts=[
                            ctor,
                            ast.Tuple(elts=[json_spec(mod, sp) for sp in specs], ctx=ast.Load()),
                        ],
                        ctx=ast.Load(),
                    )
                )
            out.append(
                ast.Assign(
                    targets=[ast.Attribute(value=base, attr="_mesh_json_name", ctx=ast.Store())],
                    value=const(item.name),
                )
            )
            out.append(
                ast.Assign(
                    targets=[
                        ast.Attribute(value=base, attr="_mesh_json_variants", ctx=ast.Store())
                    ],
                    value=ast.Dict(keys=keys, values=vals),
                )
            )
    return out


def _field_specs(
    mod: ModuleEmitter, item: A.StructDef, fields: list[tuple[str, Any]], attr: str
) -> ast.stmt:
    """`Item.<attr> = ((field, spec), ...)`: the per-field specs a runtime codec reads."""
    val = ast.Tuple(
        elts=[ast.Tuple(elts=[const(f), json_spec(mod, sp)], ctx=ast.Load()) for f, sp in fields],
        ctx=ast.Load(),
    )
    target = ast.Attribute(value=name(ident(item.name)), attr=attr, ctx=ast.Store())
    return ast.Assign(targets=[target], value=val)


def row_attrs(mod: ModuleEmitter) -> list[ast.stmt]:
    """`deriving(Row)`: the row specs `mesh.runtime.row` reads off the classes."""
    out: list[ast.stmt] = []
    for item in mod.module.items:
        fields = getattr(item, "row_fields", None)
        if isinstance(item, A.StructDef) and fields is not None:
            out.append(_field_specs(mod, item, fields, "_mesh_row_fields"))
    return out


def struct_class(mod: ModuleEmitter, sd: A.StructDef) -> list[ast.stmt]:
    fields = [f for f, _, _ in sd.fields]
    derives = (
        tuple(d for d, _ in sd.deriving) if sd.deriving is not None else DEFAULT_STRUCT_DERIVES
    )
    cls = ident(sd.name)
    body: list[ast.stmt] = [
        _cattr("__slots__", ast.Tuple(elts=[const(f) for f in fields], ctx=ast.Load())),
        _cattr("_mesh_name", const(sd.name)),
        _cattr("_mesh_qualname", const(f"{mod.info.name}.{sd.name}")),
        _cattr("_mesh_fields", ast.Tuple(elts=[const(f) for f in fields], ctx=ast.Load())),
        _cattr("_mesh_derives", _frozenset(derives)),
    ]
    body.append(_init(fields))
    return [class_def(cls, [mod.rt("Struct")], body)]


def sum_classes(mod: ModuleEmitter, sd: A.SumDef) -> list[ast.stmt]:
    derives = tuple(d for d, _ in sd.deriving) if sd.deriving is not None else DEFAULT_SUM_DERIVES
    base = ident(sd.name)
    out: list[ast.stmt] = [
        class_def(
            base,
            [mod.rt("Variant")],
            [
                _cattr("__slots__", ast.Tuple(elts=[], ctx=ast.Load())),
                _cattr("_mesh_name", const(sd.name)),
                _cattr("_mesh_qualname", const(f"{mod.info.name}.{sd.name}")),
                _cattr("_mesh_derives", _frozenset(derives)),
            ],
        )
    ]
    for i, v in enumerate(sd.variants):
        n = len(v.fields)
        slots = [f"_{k}" for k in range(n)]
        body: list[ast.stmt] = [
            _cattr("__slots__", ast.Tuple(elts=[const(s) for s in slots], ctx=ast.Load())),
            _cattr("_mesh_tag", const(v.name)),
            _cattr("_mesh_index", const(i)),
            _cattr("_mesh_arity", const(n)),
        ]
        vname = variant_class_name(sd.name, v.name)
        if n:
            body.append(_init(slots))
            out.append(class_def(vname, [name(base)], body))
        else:
            out.append(class_def("_" + vname, [name(base)], body))
            out.append(
                ast.Assign(
                    targets=[ast.Name(id=vname, ctx=ast.Store())],
                    value=call(name("_" + vname), []),
                )
            )
    return out


def _cattr(n: str, v: ast.expr) -> ast.Assign:
    return ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=v)


def _frozenset(items: tuple[str, ...]) -> ast.expr:
    if not items:
        return call(name("frozenset"), [])
    return call(name("frozenset"), [ast.Set(elts=[const(d) for d in items])])


def _init(fields: list[str]) -> ast.stmt:
    params = [ident(f) for f in fields]
    body: list[ast.stmt] = []
    for f, p in zip(fields, params):
        if f in PY_KEYWORDS:
            body.append(ast.Expr(value=call(name("setattr"), [name("self"), const(f), name(p)])))
        else:
            body.append(
                ast.Assign(
                    targets=[ast.Attribute(value=name("self"), attr=f, ctx=ast.Store())],
                    value=name(p),
                )
            )
    return function_def("__init__", arguments(["self", *params]), body or [ast.Pass()])
