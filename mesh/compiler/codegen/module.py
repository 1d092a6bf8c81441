"""One Mesh module → one Python module: imports, constants, type classes, functions, registry."""

from __future__ import annotations

import ast
from typing import Any

from mesh.compiler import ast as A
from mesh.compiler.codegen.colour import Colouring, fn_key, impl_key as colour_impl_key, init_key
from mesh.compiler.codegen.core import CodegenError, call, const, name, source_line
from mesh.compiler.codegen.emitter import FnEmitter
from mesh.compiler.codegen.names import (
    PY_KEYWORDS,
    ModuleInfo,
    Namespace,
    ProgramIndex,
    fn_arity,
    ident,
    variant_class_name,
)
from mesh.compiler.resolved import BuiltinRes, CtorRes, ImplMethodRes

RT_MODULE = "mesh.runtime.core"
STDLIB = "mesh.runtime.stdlib"
BUILTIN_CTORS = {
    "Some": ("Option", "Some", 0, 1, "Some"),
    "None": ("Option", "None", 1, 0, "NONE"),
    "Ok": ("Result", "Ok", 0, 1, "Ok"),
    "Err": ("Result", "Err", 1, 1, "Err"),
    "Less": ("Ordering", "Less", 0, 0, "LESS"),
    "Equal": ("Ordering", "Equal", 1, 0, "EQUAL"),
    "Greater": ("Ordering", "Greater", 2, 0, "GREATER"),
}
BUILTIN_SUMS = {"Option", "Result", "Ordering"}
DEFAULT_STRUCT_DERIVES = ("Eq", "Ord", "Debug", "Hash")
DEFAULT_SUM_DERIVES = ("Eq", "Ord", "Debug")


class ModuleEmitter:
    def __init__(self, index: ProgramIndex, module: A.Module, colour: Colouring | None = None):
        self.index = index
        self.module = module
        self.colour = colour or Colouring()
        self.info: ModuleInfo = index.modules[module.name]
        self.ns = Namespace(set(PY_KEYWORDS) | {"rt", "MESH_FUNCTIONS", "_r"})
        # (python module, python name) -> local alias, in first-use order
        self.imports: dict[tuple[str, str], str] = {}
        self.consts: list[ast.stmt] = []
        # ids of `if`s/closures whose inline form (`a if c else b`, `lambda`) failed once:
        # re-lowering them as statements must not retry it, or nesting costs 2^depth.
        self.no_inline: set[int] = set()
        self.module_aliases: dict[str, str] = {}  # `import A.B` → "B" -> "A.B"
        self.from_imports: dict[str, str] = {}  # name -> Mesh module
        for item in module.items:
            if isinstance(item, A.Import):
                self.module_aliases[item.path[-1]] = ".".join(item.path)
            elif isinstance(item, A.FromImport):
                for n, _ in item.names:
                    self.from_imports[n] = ".".join(item.path)
        for fname, arities in self.info.fn_arities.items():
            for ar in arities:
                self.ns.claim(self.info.fn_name(fname, ar), ("fn", self.info.name, fname, ar))
        for res in self.impl_groups():
            self.ns.claim(impl_py_name(res[0]), impl_key(res[0]))
        for aname, ad in self.info.actors.items():
            if ad.terminate is not None:
                self.ns.claim(f"{ident(aname)}__terminate", ("terminate", self.info.name, aname))
        for sname, sd in self.info.services.items():
            for key, py in self.service_names(sname, sd).items():
                self.ns.claim(py, key)
        for sname in self.info.supervisors:
            self.ns.claim(ident(sname), ("sup", self.info.name, sname))
            self.ns.claim(f"{ident(sname)}__spec", ("supspec", self.info.name, sname))
        for sname in self.info.structs:
            self.ns.claim(ident(sname), ("struct", self.info.name, sname))
        for tname, sd in self.info.sums.items():
            self.ns.claim(ident(tname), ("sum", self.info.name, tname))
            for v in sd.variants:
                if not v.fields:
                    self.ns.claim(
                        "_" + variant_class_name(tname, v.name),
                        ("vclass", self.info.name, tname, v.name),
                    )
                self.ns.claim(
                    variant_class_name(tname, v.name), ("variant", self.info.name, tname, v.name)
                )

    # -- imports and constants ---------------------------------------------------------------
    def import_name(self, pymod: str, pyname: str, preferred: str, prefix: str) -> ast.Name:
        key = ("import", pymod, pyname)
        alias = self.ns.claim(preferred, key, prefix)
        self.imports[(pymod, pyname)] = alias
        return name(alias)

    def rt(self, n: str) -> ast.Name:
        return self.import_name(RT_MODULE, n, n, "rt")

    def atom(self, n: str) -> ast.Name:
        key = ("atom", n)
        if key in self.ns.by_key:
            return name(self.ns.by_key[key])
        py = self.ns.claim(ident(f"ATOM_{n}"), key)
        self.consts.append(
            ast.Assign(
                targets=[ast.Name(id=py, ctx=ast.Store())], value=call(self.rt("Atom"), [const(n)])
            )
        )
        return name(py)

    def regex(self, pattern: str, flags: str) -> ast.Name:
        key = ("regex", pattern, flags)
        if key in self.ns.by_key:
            return name(self.ns.by_key[key])
        py = self.ns.claim(f"REGEX_{sum(1 for k in self.ns.by_key if k[0] == 'regex') + 1}", key)
        self.consts.append(
            ast.Assign(
                targets=[ast.Name(id=py, ctx=ast.Store())],
                value=call(self.rt("make_regex"), [const(pattern), const(flags)]),
            )
        )
        return name(py)

    # -- references to program entities ------------------------------------------------------
    def _other(self, module: str, pyname: str, key: tuple) -> ast.Name:
        if module == self.info.name:
            return name(self.ns.by_key[key])
        other = self.index.modules.get(module)
        if other is None:
            raise CodegenError(f"unknown module {module}")
        return self.import_name(other.py_module, pyname, pyname, ident(module.split(".")[-1]))

    def sum_ref(self, module: str, tname: str) -> ast.Name:
        return self._other(module, ident(tname), ("sum", module, tname))

    def fn_ref(self, module: str, fname: str, arity: int) -> ast.Name:
        info = self.index.modules.get(module)
        if info is None:
            raise CodegenError(f"unknown module {module}")
        if not info.has_fn(fname, arity):
            raise CodegenError(f"unknown function {module}.{fname}/{arity}")
        return self._other(module, info.fn_name(fname, arity), ("fn", module, fname, arity))

    def builtin_ref(self, res: BuiltinRes) -> ast.Name:
        mod = res.py_module
        if mod == "core":
            return self.rt(res.py_name)
        pymod = mod if mod.startswith("mesh.") else f"{STDLIB}.{mod}"
        short = mod.rsplit(".", 1)[-1]
        preferred = res.py_name if short in ("prelude", "core") else f"{short}_{res.py_name}"
        return self.import_name(pymod, res.py_name, preferred.strip("_") or res.py_name, short)

    def ctor_arity(self, c: CtorRes) -> int:
        if c.module == "" or c.type_name in BUILTIN_SUMS:
            b = BUILTIN_CTORS.get(c.variant)
            return b[3] if b else c.arity
        info = self.index.modules.get(c.module)
        sd = info.sums.get(c.type_name) if info else None
        if sd is not None:
            for v in sd.variants:
                if v.name == c.variant:
                    return len(v.fields)
        return c.arity

    def ctor_ref(self, c: CtorRes) -> ast.Name:
        if c.module == "" or (c.type_name in BUILTIN_SUMS and c.module not in self.index.modules):
            return self.rt(BUILTIN_CTORS[c.variant][4])
        return self._other(
            c.module,
            variant_class_name(c.type_name, c.variant),
            ("variant", c.module, c.type_name, c.variant),
        )

    def service_names(self, sname: str, sd: A.ServiceDef) -> dict[tuple, str]:
        base = ident(sname)
        names = {
            ("svc", self.info.name, sname, "__spec"): f"{base}__spec",
            ("svc", self.info.name, sname, "__init"): f"{base}__init",
            ("svc", self.info.name, sname, "start"): f"{base}__start",
        }
        for h in sd.handlers:
            snake = getattr(h, "snake", h.name)
            names[("svc", self.info.name, sname, snake)] = f"{base}__{snake}"
            names[("svc", self.info.name, sname, "h:" + snake)] = f"{base}__handle_{snake}"
        return names

    def service_ref(self, res) -> ast.Name:
        return self._other(
            res.module, f"{ident(res.service)}__{res.fn}", ("svc", res.module, res.service, res.fn)
        )

    def actor_ref(self, res) -> ast.Name:
        info = self.index.modules[res.module]
        arity = len(info.actors[res.name].params)
        return self.fn_ref(res.module, res.name, arity)

    def supervisor_ref(self, res) -> ast.Name:
        return self._other(res.module, ident(res.name), ("sup", res.module, res.name))

    def impl_ref(self, res: ImplMethodRes) -> ast.Name:
        return self._other(res.module, impl_py_name(res), impl_key(res))

    def impl_groups(self) -> list[tuple[ImplMethodRes, list[A.FnDef]]]:
        """Every impl method and interface default body of this module, with its clauses."""
        out: list[tuple[ImplMethodRes, list[A.FnDef]]] = []
        for item in self.module.items:
            if isinstance(item, A.ImplDef):
                by_name: dict[str, list[A.FnDef]] = {}
                for fn in item.methods:
                    by_name.setdefault(fn.name, []).append(fn)
                for clauses in by_name.values():
                    if isinstance(clauses[0].res, ImplMethodRes):
                        out.append((clauses[0].res, clauses))
            elif isinstance(item, A.InterfaceDef):
                for sig in item.methods:
                    fn = getattr(sig, "fn", None)
                    if fn is not None and isinstance(fn.res, ImplMethodRes):
                        out.append((fn.res, [fn]))
        return out

    def impl_target(self, key: str) -> ast.expr:
        """The class (or built-in type name) an impl for type `key` registers on."""
        mod, _, tname = key.rpartition(".")
        info = self.index.modules.get(mod) if mod else None
        if info is not None and tname in info.structs:
            return self.struct_ref(mod, tname)
        if info is not None and tname in info.sums:
            return self.sum_ref(mod, tname)
        return const(key)

    def json_spec(self, spec) -> ast.expr:
        """A decode spec (mesh/compiler/types/json.py) as a Python expression."""
        if isinstance(spec, str):
            return const(spec)
        if spec[0] == "type":
            _, mod, tname = spec
            info = self.index.modules.get(mod)
            if info is not None and tname in info.structs:
                return self.struct_ref(mod, tname)
            if info is not None and tname in info.sums:
                return self.sum_ref(mod, tname)
            return const("Json")
        return ast.Tuple(elts=[const(spec[0]), self.json_spec(spec[1])], ctx=ast.Load())

    def json_attrs(self) -> list[ast.stmt]:
        """`deriving(Json)`: the decode specs `json_codec.from_json` reads off the classes."""
        out: list[ast.stmt] = []
        for item in self.module.items:
            fields = getattr(item, "json_fields", None)
            if isinstance(item, A.StructDef) and fields is not None:
                val = ast.Tuple(
                    elts=[
                        ast.Tuple(elts=[const(f), self.json_spec(sp)], ctx=ast.Load())
                        for f, sp in fields
                    ],
                    ctx=ast.Load(),
                )
                out.append(
                    ast.Assign(
                        targets=[
                            ast.Attribute(
                                value=name(ident(item.name)),
                                attr="_mesh_json_fields",
                                ctx=ast.Store(),
                            )
                        ],
                        value=val,
                    )
                )
            variants = getattr(item, "json_variants", None)
            if isinstance(item, A.SumDef) and variants is not None:
                base = name(ident(item.name))
                keys, vals = [], []
                for vname, specs in variants:
                    ctor = name(variant_class_name(item.name, vname))
                    keys.append(const(vname))
                    vals.append(
                        ast.Tuple(
                            elts=[
                                ctor,
                                ast.Tuple(
                                    elts=[self.json_spec(sp) for sp in specs], ctx=ast.Load()
                                ),
                            ],
                            ctx=ast.Load(),
                        )
                    )
                out.append(
                    ast.Assign(
                        targets=[
                            ast.Attribute(value=base, attr="_mesh_json_name", ctx=ast.Store())
                        ],
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

    def row_attrs(self) -> list[ast.stmt]:
        """`deriving(Row)`: the row specs `mesh.runtime.row` reads off the classes."""
        out: list[ast.stmt] = []
        for item in self.module.items:
            fields = getattr(item, "row_fields", None)
            if isinstance(item, A.StructDef) and fields is not None:
                val = ast.Tuple(
                    elts=[
                        ast.Tuple(elts=[const(f), self.json_spec(sp)], ctx=ast.Load())
                        for f, sp in fields
                    ],
                    ctx=ast.Load(),
                )
                out.append(
                    ast.Assign(
                        targets=[
                            ast.Attribute(
                                value=name(ident(item.name)),
                                attr="_mesh_row_fields",
                                ctx=ast.Store(),
                            )
                        ],
                        value=val,
                    )
                )
        return out

    def impl_registrations(self) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for item in self.module.items:
            if not isinstance(item, A.ImplDef) or not hasattr(item, "target_key"):
                continue
            target = self.impl_target(item.target_key)
            entries = [
                (res.method, self.impl_ref(res))
                for res, fns in self.impl_groups()
                if any(fn in item.methods for fn in fns)
            ]
            entries += [(m, self.impl_ref(r)) for m, r in getattr(item, "inherited", [])]
            for method, fn in entries:
                out.append(
                    ast.Expr(
                        call(
                            self.rt("register_impl"),
                            [target, const(item.trait_path[-1]), const(method), fn],
                        )
                    )
                )
        return out

    def struct_ref(self, module: str, sname: str) -> ast.Name:
        return self._other(module, ident(sname), ("struct", module, sname))

    def lookup_struct(self, module: str, sname: str):
        info = self.index.modules.get(module)
        if info and sname in info.structs:
            return info, info.structs[sname]
        return None

    def find_struct(self, path: list[str], ty: Any = None):
        if not path:
            return None
        sname = path[-1]
        if len(path) >= 2:
            mod = ".".join(path[:-1])
            mod = self.module_aliases.get(mod, mod)
            hit = self.lookup_struct(mod, sname)
            if hit:
                return hit
        for mod in (self.info.name, self.from_imports.get(sname)):
            if mod:
                hit = self.lookup_struct(mod, sname)
                if hit:
                    return hit
        return self.index.find_struct(".".join(path))

    def find_ctor(self, path: list[str]) -> CtorRes | None:
        vname = path[-1]
        if len(path) == 1:
            mods = [self.info.name, *dict.fromkeys(self.from_imports.values())]
            for mod in mods:
                info = self.index.modules.get(mod)
                if info and vname in info.variants:
                    t, i, ar = info.variants[vname]
                    return CtorRes(mod, t, vname, i, ar)
        else:
            tname = path[-2]
            if tname in BUILTIN_SUMS and vname in BUILTIN_CTORS:
                b = BUILTIN_CTORS[vname]
                return CtorRes("", b[0], vname, b[2], b[3])
            mods = [self.info.name]
            if len(path) > 2:
                m = ".".join(path[:-2])
                mods.insert(0, self.module_aliases.get(m, m))
            if tname in self.from_imports:
                mods.append(self.from_imports[tname])
            mods += list(self.index.modules)
            for mod in mods:
                info = self.index.modules.get(mod)
                if info and tname in info.sums and vname in info.variants:
                    t, i, ar = info.variants[vname]
                    return CtorRes(mod, t, vname, i, ar)
        if vname in BUILTIN_CTORS:
            b = BUILTIN_CTORS[vname]
            return CtorRes("", b[0], vname, b[2], b[3])
        return None

    def _module_member(self, mod: str, member: str, argc: int | None) -> ast.expr | None:
        info = self.index.modules.get(mod)
        if info is None:
            return None
        ar = info.fn_arities.get(member)
        if ar:
            arity = argc if argc in ar else min(ar)
            return self.fn_ref(mod, member, arity)
        if member in info.structs:
            return self.struct_ref(mod, member)
        if member in info.variants:
            t, i, a = info.variants[member]
            return self.ctor_ref(CtorRes(mod, t, member, i, a))
        return None

    def fallback_name(self, n: str, argc: int | None) -> ast.expr:
        """Resolve a bare name without checker help: own module, from-imports, prelude."""
        for mod in (self.info.name, self.from_imports.get(n)):
            if mod:
                ref = self._module_member(mod, n, argc)
                if ref is not None:
                    return ref
        ctor = self.find_ctor([n]) if n[:1].isupper() else None
        if ctor is not None:
            return self.ctor_ref(ctor)
        return self.import_name(f"{STDLIB}.prelude", ident(n), ident(n), "prelude")

    def qualified_fallback(self, path: list[str], argc: int | None) -> ast.expr | None:
        if len(path) != 2:
            mod = ".".join(path[:-1])
            return self._module_member(mod, path[-1], argc)
        q, member = path
        mod = self.module_aliases.get(q)
        if mod:
            ref = self._module_member(mod, member, argc)
            if ref is not None:
                return ref
        ctor = self.find_ctor(path)
        if ctor is not None and (q in BUILTIN_SUMS or ctor.type_name == q):
            return self.ctor_ref(ctor)
        pymod = ident(q.lower())
        return self.import_name(
            f"{STDLIB}.{pymod}", ident(member), f"{pymod}_{member}".strip("_"), pymod
        )

    # -- items ------------------------------------------------------------------------------
    def struct_class(self, sd: A.StructDef) -> list[ast.stmt]:
        fields = [f for f, _, _ in sd.fields]
        derives = (
            tuple(d for d, _ in sd.deriving) if sd.deriving is not None else DEFAULT_STRUCT_DERIVES
        )
        cls = ident(sd.name)
        body: list[ast.stmt] = [
            _cattr("__slots__", ast.Tuple(elts=[const(f) for f in fields], ctx=ast.Load())),
            _cattr("_mesh_name", const(sd.name)),
            _cattr("_mesh_qualname", const(f"{self.info.name}.{sd.name}")),
            _cattr("_mesh_fields", ast.Tuple(elts=[const(f) for f in fields], ctx=ast.Load())),
            _cattr("_mesh_derives", _frozenset(derives)),
        ]
        body.append(_init(fields))
        return [
            ast.ClassDef(
                name=cls,
                bases=[self.rt("Struct")],
                keywords=[],
                body=body,
                decorator_list=[],
                type_params=[],
            )
        ]

    def sum_classes(self, sd: A.SumDef) -> list[ast.stmt]:
        derives = (
            tuple(d for d, _ in sd.deriving) if sd.deriving is not None else DEFAULT_SUM_DERIVES
        )
        base = ident(sd.name)
        out: list[ast.stmt] = [
            ast.ClassDef(
                name=base,
                bases=[self.rt("Variant")],
                keywords=[],
                decorator_list=[],
                type_params=[],
                body=[
                    _cattr("__slots__", ast.Tuple(elts=[], ctx=ast.Load())),
                    _cattr("_mesh_name", const(sd.name)),
                    _cattr("_mesh_qualname", const(f"{self.info.name}.{sd.name}")),
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
                out.append(
                    ast.ClassDef(
                        name=vname,
                        bases=[name(base)],
                        keywords=[],
                        body=body,
                        decorator_list=[],
                        type_params=[],
                    )
                )
            else:
                out.append(
                    ast.ClassDef(
                        name="_" + vname,
                        bases=[name(base)],
                        keywords=[],
                        body=body,
                        decorator_list=[],
                        type_params=[],
                    )
                )
                out.append(
                    ast.Assign(
                        targets=[ast.Name(id=vname, ctx=ast.Store())],
                        value=call(name("_" + vname), []),
                    )
                )
        return out

    def function_groups(self) -> list[list[A.FnDef]]:
        groups: list[list[A.FnDef]] = []
        for item in self.module.items:
            if isinstance(item, A.FnDef):
                if (
                    groups
                    and groups[-1][0].name == item.name
                    and fn_arity(groups[-1][0]) == fn_arity(item)
                    and self.module.items.index(groups[-1][-1]) == self.module.items.index(item) - 1
                ):
                    groups[-1].append(item)
                else:
                    groups.append([item])
        return groups

    def emit_function(self, group: list[A.FnDef], reserved: set[str]) -> tuple[ast.stmt, set[str]]:
        first = group[0]
        em = FnEmitter(self, reserved)
        py = self.info.fn_name(first.name, fn_arity(first))
        is_async = self.colour.is_async(fn_key(self.info.name, first.name, fn_arity(first)))
        fdef = em.control.make_def(py, group, source_line(first), is_async=is_async)
        return fdef, em.names.ever

    def emit_function_text(self, group: list[A.FnDef], reserved: set[str]) -> tuple[str, set[str]]:
        fdef, used = self.emit_function(group, reserved)
        return _unparse_stmt(fdef), used

    def emit_actor(self, ad: A.ActorDef, reserved: set[str]) -> list[ast.stmt]:
        """An actor is an `async def` of its parameters (a process entry point)."""
        clause = A.FnDef(ad.name, ad.span, [], ad.params, None, [], None, ad.body, False, ad.span)
        py = self.info.fn_name(ad.name, len(ad.params))
        out: list[ast.stmt] = []
        prologue = None
        if ad.terminate is not None:
            tpy = self.ns.by_key[("terminate", self.info.name, ad.name)]
            tclause = A.FnDef(
                ad.name, ad.span, [], ad.params, None, [], None, ad.terminate, False, ad.span
            )
            out.append(
                FnEmitter(self, reserved).control.make_def(
                    tpy,
                    [tclause],
                    source_line(ad),
                    is_async=self.colour.is_async(("actor", self.info.name, ad.name)),
                )
            )
            setter = self.import_name(
                "mesh.runtime.actors", "set_terminate", "_a_set_terminate", "_a"
            )

            def prologue(params: list[str]) -> list[ast.stmt]:
                return [ast.Expr(call(setter, [name(tpy), *[name(p) for p in params]]))]

        out.append(
            FnEmitter(self, reserved).control.make_def(
                py, [clause], source_line(ad), is_async=True, prologue=prologue
            )
        )
        out.append(
            ast.Assign(
                targets=[ast.Attribute(value=name(py), attr="_mesh_name", ctx=ast.Store())],
                value=const(ad.name),
            )
        )
        if self.colour.plain_waits(("actor", self.info.name, ad.name)):
            out.append(
                ast.Assign(
                    targets=[
                        ast.Attribute(value=name(py), attr="_mesh_plain_waits", ctx=ast.Store())
                    ],
                    value=const(True),
                )
            )
        if ad.terminate is not None:
            out.append(
                ast.Assign(
                    targets=[
                        ast.Attribute(value=name(py), attr="_mesh_terminate", ctx=ast.Store())
                    ],
                    value=name(self.ns.by_key[("terminate", self.info.name, ad.name)]),
                )
            )
        return out

    def plain_waits_marks(self, groups: list[list[A.FnDef]]) -> list[ast.stmt]:
        """`f._mesh_plain_waits = True` for each `async` function that suspends only in
        `receive`: run as a process (`main`, a `Node.spawn` target), it is then a light
        process like such an actor (the contract of `spawn`)."""
        out: list[ast.stmt] = []
        for g in groups:
            key = fn_key(self.info.name, g[0].name, fn_arity(g[0]))
            if self.colour.is_async(key) and self.colour.plain_waits(key):
                py = self.info.fn_name(g[0].name, fn_arity(g[0]))
                out.append(
                    ast.Assign(
                        targets=[
                            ast.Attribute(value=name(py), attr="_mesh_plain_waits", ctx=ast.Store())
                        ],
                        value=const(True),
                    )
                )
        return out

    def emit_service(self, sd: A.ServiceDef, reserved: set[str]) -> list[ast.stmt]:
        names = self.service_names(sd.name, sd)
        key = lambda k: names[("svc", self.info.name, sd.name, k)]  # noqa: E731
        out: list[ast.stmt] = []
        init = getattr(sd, "init", None) or next(f for f in sd.fns if f.name == "init")
        init_async = self.colour.is_async(init_key(self.info.name, sd.name))
        out.append(
            FnEmitter(self, reserved).control.make_def(
                key("__init"), [init], source_line(init), is_async=init_async
            )
        )
        calls, casts = [], []
        for h in sd.handlers:
            snake = getattr(h, "snake", h.name)
            state_pat: A.Pattern = A.PWild(h.span)
            if h.state is not None and hasattr(h, "state_res"):
                state_pat = A.PVar(h.span, h.state)
                state_pat.res = h.state_res
            params = [A.Param(state_pat, None, h.span)] + list(h.params)
            clause = A.FnDef(h.name, h.span, [], params, None, [], None, h.body, False, h.span)
            hpy = key("h:" + snake)
            out.append(
                FnEmitter(self, reserved).control.make_def(
                    hpy, [clause], source_line(h), is_async=True
                )
            )
            (calls if h.kind == "call" else casts).append(
                ast.Tuple(elts=[const(snake), name(hpy)], ctx=ast.Load())
            )
        spec = call(
            self.import_name("mesh.runtime.actors", "ServiceSpec", "_a_ServiceSpec", "_a"),
            [
                const(sd.name),
                call(name("dict"), [ast.List(elts=calls, ctx=ast.Load())]),
                call(name("dict"), [ast.List(elts=casts, ctx=ast.Load())]),
            ],
        )
        out.append(ast.Assign(targets=[ast.Name(id=key("__spec"), ctx=ast.Store())], value=spec))
        # Generated client functions (spec 04 §17).
        n_init = len(init.params)
        iargs = [f"a{i}" for i in range(n_init)]
        start_val: ast.expr = call(name(key("__init")), [name(a) for a in iargs])
        if init_async:
            start_val = ast.Await(start_val)
        start_body = [
            ast.Return(
                call(
                    self.import_name(
                        "mesh.runtime.actors", "start_service", "_a_start_service", "_a"
                    ),
                    [name(key("__spec")), start_val],
                )
            )
        ]
        out.append(_def(key("start"), iargs, start_body, init_async))
        for h in sd.handlers:
            snake = getattr(h, "snake", h.name)
            hargs = ["pid"] + [f"a{i}" for i in range(len(h.params))]
            packed = ast.Tuple(elts=[name(a) for a in hargs[1:]], ctx=ast.Load())
            if h.kind == "call":
                fn = self.import_name("mesh.runtime.actors", "call", "_a_call", "_a")
                body = [ast.Return(ast.Await(call(fn, [name("pid"), const(snake), packed])))]
                out.append(_def(key(snake), hargs, body, True))
            else:
                fn = self.import_name("mesh.runtime.actors", "cast", "_a_cast", "_a")
                body = [ast.Expr(call(fn, [name("pid"), const(snake), packed]))]
                out.append(_def(key(snake), hargs, body, False))
        return out

    def emit_supervisor(self, sd: A.SupervisorDef, reserved: set[str]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        children = []
        for ch in sd.children:
            helper = self.ns.claim(
                f"{ident(sd.name)}__{ident(ch.name)}__start", ("supchild", sd.name, ch.name)
            )
            clause = A.FnDef(ch.name, ch.span, [], [], None, [], None, ch.start, False, ch.span)
            out.append(
                FnEmitter(self, reserved).control.make_def(helper, [clause], source_line(ch))
            )
            kws = [
                ast.keyword(
                    arg="restart", value=const(ch.restart[0] if ch.restart else "permanent")
                ),
                ast.keyword(arg="shutdown", value=const(ch.shutdown[0] if ch.shutdown else 5000)),
            ]
            children.append(
                call(
                    self.import_name("mesh.runtime.actors", "ChildSpec", "_a_ChildSpec", "_a"),
                    [const(ch.name), call(name(helper), [])],
                    kws,
                )
            )
        spec_py = self.ns.by_key[("supspec", self.info.name, sd.name)]
        kws = [
            ast.keyword(
                arg="strategy", value=const(sd.strategy[0] if sd.strategy else "one_for_one")
            ),
            ast.keyword(
                arg="max_restarts", value=const(sd.max_restarts[0] if sd.max_restarts else 3)
            ),
            ast.keyword(arg="max_seconds", value=const(sd.max_seconds[0] if sd.max_seconds else 5)),
        ]
        spec = call(
            self.import_name("mesh.runtime.actors", "SupervisorSpec", "_a_SupervisorSpec", "_a"),
            [const(sd.name), ast.List(elts=children, ctx=ast.Load())],
            kws,
        )
        out.append(ast.Assign(targets=[ast.Name(id=spec_py, ctx=ast.Store())], value=spec))
        start = self.import_name(
            "mesh.runtime.actors", "start_supervisor", "_a_start_supervisor", "_a"
        )
        out.append(
            _def(
                self.ns.by_key[("sup", self.info.name, sd.name)],
                [],
                [ast.Return(call(start, [name(spec_py)]))],
                False,
            )
        )
        return out

    def emit(self) -> str:
        classes: list[ast.stmt] = []
        for item in self.module.items:
            if isinstance(item, A.StructDef):
                classes += self.struct_class(item)
            elif isinstance(item, A.SumDef):
                classes += self.sum_classes(item)
        groups = self.function_groups()
        reserved = set(self.ns.taken)
        # Functions are turned into text as soon as they are generated: holding the Python
        # trees of a whole module (100k functions) until the end tripled peak memory.
        fns = [self.emit_function_text(g, reserved) for g in groups]
        for _round in range(3):  # imports added late may collide with earlier locals
            taken = set(self.ns.taken)
            redo = [i for i, (_, used) in enumerate(fns) if used & taken]
            if not redo:
                break
            for i in redo:
                fns[i] = self.emit_function_text(groups[i], taken | reserved)
        process_defs: list[ast.stmt] = []
        for item in self.module.items:
            if isinstance(item, A.ActorDef):
                process_defs += self.emit_actor(item, reserved)
            elif isinstance(item, A.ServiceDef):
                process_defs += self.emit_service(item, reserved)
        for item in self.module.items:
            if isinstance(item, A.SupervisorDef):
                process_defs += self.emit_supervisor(item, reserved)
        process_defs += self.plain_waits_marks(groups)
        impl_fns = []
        for res, clauses in self.impl_groups():
            em = FnEmitter(self, reserved)
            impl_fns.append(
                em.control.make_def(
                    self.ns.by_key[impl_key(res)],
                    clauses,
                    source_line(clauses[0]),
                    is_async=self.colour.is_async(colour_impl_key(res)),
                )
            )
        registrations = self.impl_registrations()
        registry_keys: list[ast.expr] = []
        registry_vals: list[ast.expr] = []
        for g in groups:
            fname, ar = g[0].name, fn_arity(g[0])
            py = self.info.fn_name(fname, ar)
            if len(self.info.fn_arities[fname]) == 1:
                registry_keys.append(const(f"{self.info.name}.{fname}"))
                registry_vals.append(name(py))
            registry_keys.append(const(f"{self.info.name}.{fname}/{ar}"))
            registry_vals.append(name(py))
        for ad in self.info.actors.values():
            py = self.info.fn_name(ad.name, len(ad.params))
            registry_keys.append(const(f"{self.info.name}.{ad.name}"))
            registry_vals.append(name(py))
            registry_keys.append(const(f"{self.info.name}.{ad.name}/{len(ad.params)}"))
            registry_vals.append(name(py))
        body: list[ast.stmt] = self.import_stmts()
        body += self.consts
        body += classes
        body += self.json_attrs()
        body += self.row_attrs()
        body += [f for f, _ in fns]
        body += impl_fns
        body += process_defs
        body += registrations
        body.append(
            ast.Assign(
                targets=[ast.Name(id="MESH_FUNCTIONS", ctx=ast.Store())],
                value=ast.Dict(keys=registry_keys, values=registry_vals),
            )
        )
        mod = ast.Module(body=body, type_ignores=[])  # only unparsed: no locations needed
        doc = f'"""Generated by meshc from {self.info.rel_path} (Mesh module {self.info.name})."""\n\n'
        return doc + _unparse(mod)

    def import_stmts(self) -> list[ast.stmt]:
        by_mod: dict[str, list[ast.alias]] = {}
        for (pymod, pyname), alias in self.imports.items():
            by_mod.setdefault(pymod, []).append(
                ast.alias(name=pyname, asname=None if alias == pyname else alias)
            )

        def order(m: str) -> tuple:
            return (0 if m == RT_MODULE else 1 if m.startswith(STDLIB) else 2, m)

        out: list[ast.stmt] = []
        for m in sorted(by_mod, key=order):
            names = sorted(by_mod[m], key=lambda a: a.name)
            out.append(ast.ImportFrom(module=m, names=names, level=0))
        return out


def _def(py: str, params: list[str], body: list[ast.stmt], is_async: bool) -> ast.stmt:
    args = ast.arguments(
        posonlyargs=[],
        args=[ast.arg(arg=p) for p in params],
        vararg=None,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=None,
        defaults=[],
    )
    cls = ast.AsyncFunctionDef if is_async else ast.FunctionDef
    return cls(name=py, args=args, body=body, decorator_list=[], returns=None, type_params=[])


def impl_py_name(res: ImplMethodRes) -> str:
    target = ident(res.type_key.replace(".", "_")) if res.type_key else "default"
    trait = ident(res.trait + ("_" + res.trait_args if res.trait_args else ""))
    return f"{trait}__{target}__{ident(res.method)}"


def impl_key(res: ImplMethodRes) -> tuple:
    return ("impl", res.module, res.trait, res.trait_args, res.type_key, res.method)


def _cattr(n: str, v: ast.expr) -> ast.Assign:
    return ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=v)


def _frozenset(items: tuple[str, ...]) -> ast.expr:
    if not items:
        return call(name("frozenset"), [])
    return call(name("frozenset"), [ast.Set(elts=[const(d) for d in items])])


def _init(fields: list[str]) -> ast.FunctionDef:
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
    args = ast.arguments(
        posonlyargs=[],
        args=[ast.arg(arg="self")] + [ast.arg(arg=p) for p in params],
        vararg=None,
        kwonlyargs=[],
        kw_defaults=[],
        kwarg=None,
        defaults=[],
    )
    return ast.FunctionDef(
        name="__init__",
        args=args,
        body=body or [ast.Pass()],
        decorator_list=[],
        returns=None,
        type_params=[],
    )


class _Unparser(getattr(ast, "_Unparser", ast.NodeVisitor)):  # type: ignore[misc]
    """`ast.unparse` for generated trees, which carry no locations and no type comments.

    The stock unparser reads `node.lineno` to look up type comments, so every node would
    need locations (`ast.fix_missing_locations`, a fifth of code generation's time)."""

    def get_type_comment(self, node: ast.AST) -> None:
        return None


def _unparse_stmt(st: ast.stmt) -> str:
    if hasattr(ast, "_Unparser"):
        return _Unparser().visit(st)
    return ast.unparse(ast.fix_missing_locations(st))


_DEFS = (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef, str)  # str: a def's text


def _unparse(mod: ast.Module) -> str:
    """`ast.unparse` with blank lines between top-level definitions (already-unparsed
    function definitions come as strings)."""
    chunks: list[str] = []
    prev: ast.stmt | str | None = None
    for st in mod.body:
        text = st if isinstance(st, str) else _unparse_stmt(st)
        if prev is not None:
            is_def = isinstance(st, _DEFS)
            was_def = isinstance(prev, _DEFS)
            same_kind = type(st) is type(prev) and not is_def
            chunks.append("\n\n\n" if (is_def or was_def) else "\n" if same_kind else "\n\n")
        chunks.append(text)
        prev = st
    return "".join(chunks) + "\n"
