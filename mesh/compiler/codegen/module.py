"""One Mesh module → one Python module: imports, constants, type classes, functions, registry."""

from __future__ import annotations

import ast

from mesh.compiler import ast as A
from mesh.compiler.codegen.classes import json_attrs, row_attrs, struct_class, sum_classes
from mesh.compiler.codegen.colour import Colouring, fn_key, impl_key as colour_impl_key
from mesh.compiler.codegen.core import CodegenError, call, const, name, source_line
from mesh.compiler.codegen.emitter import FnEmitter
from mesh.compiler.codegen.names import (
    PY_KEYWORDS,
    ModuleInfo,
    NameKey,
    Namespace,
    ProgramIndex,
    fn_arity,
    ident,
    variant_class_name,
)
from mesh.compiler.codegen.processes import actor_defs, service_defs, supervisor_defs
from mesh.compiler.codegen.unparse import unparse_module, unparse_stmt
from mesh.compiler.resolved import (
    ActorRes,
    BuiltinRes,
    CtorRes,
    ImplMethodRes,
    ServiceFnRes,
    SupervisorRes,
)

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
        for tname, sum_def in self.info.sums.items():
            self.ns.claim(ident(tname), ("sum", self.info.name, tname))
            for v in sum_def.variants:
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
        py = self.ns.claim(f"REGEX_{self.ns.claimed('regex') + 1}", key)
        self.consts.append(
            ast.Assign(
                targets=[ast.Name(id=py, ctx=ast.Store())],
                value=call(self.rt("make_regex"), [const(pattern), const(flags)]),
            )
        )
        return name(py)

    # -- references to program entities ------------------------------------------------------
    def _other(self, module: str, pyname: str, key: NameKey) -> ast.Name:
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

    def service_names(self, sname: str, sd: A.ServiceDef) -> dict[NameKey, str]:
        base = ident(sname)
        names: dict[NameKey, str] = {
            ("svc", self.info.name, sname, "__spec"): f"{base}__spec",
            ("svc", self.info.name, sname, "__init"): f"{base}__init",
            ("svc", self.info.name, sname, "start"): f"{base}__start",
        }
        for h in sd.handlers:
            snake = getattr(h, "snake", h.name)
            names[("svc", self.info.name, sname, snake)] = f"{base}__{snake}"
            names[("svc", self.info.name, sname, "h:" + snake)] = f"{base}__handle_{snake}"
        return names

    def service_ref(self, res: ServiceFnRes) -> ast.Name:
        return self._other(
            res.module, f"{ident(res.service)}__{res.fn}", ("svc", res.module, res.service, res.fn)
        )

    def actor_ref(self, res: ActorRes) -> ast.Name:
        info = self.index.modules[res.module]
        arity = len(info.actors[res.name].params)
        return self.fn_ref(res.module, res.name, arity)

    def supervisor_ref(self, res: SupervisorRes) -> ast.Name:
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
                    default = getattr(sig, "fn", None)
                    if default is not None and isinstance(default.res, ImplMethodRes):
                        out.append((default.res, [default]))
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

    def lookup_struct(self, module: str, sname: str) -> tuple[ModuleInfo, A.StructDef] | None:
        info = self.index.modules.get(module)
        if info and sname in info.structs:
            return info, info.structs[sname]
        return None

    def find_struct(self, path: list[str]) -> tuple[ModuleInfo, A.StructDef] | None:
        if not path:
            return None
        sname = path[-1]
        if len(path) >= 2:
            qual = ".".join(path[:-1])
            hit = self.lookup_struct(self.module_aliases.get(qual, qual), sname)
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
        aliased = self.module_aliases.get(q)
        if aliased:
            ref = self._module_member(aliased, member, argc)
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
        return unparse_stmt(fdef), used

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

    def emit(self) -> str:
        classes: list[ast.stmt] = []
        for item in self.module.items:
            if isinstance(item, A.StructDef):
                classes += struct_class(self, item)
            elif isinstance(item, A.SumDef):
                classes += sum_classes(self, item)
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
                process_defs += actor_defs(self, item, reserved)
            elif isinstance(item, A.ServiceDef):
                process_defs += service_defs(self, item, reserved)
        for item in self.module.items:
            if isinstance(item, A.SupervisorDef):
                process_defs += supervisor_defs(self, item, reserved)
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
        registry_keys: list[ast.expr | None] = []
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
        body: list[ast.stmt | str] = [*self.import_stmts()]
        body += self.consts
        body += classes
        body += json_attrs(self)
        body += row_attrs(self)
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
        doc = f'"""Generated by meshc from {self.info.rel_path} (Mesh module {self.info.name})."""\n\n'
        return doc + unparse_module(body)

    def import_stmts(self) -> list[ast.stmt]:
        by_mod: dict[str, list[ast.alias]] = {}
        for (pymod, pyname), alias in self.imports.items():
            by_mod.setdefault(pymod, []).append(
                ast.alias(name=pyname, asname=None if alias == pyname else alias)
            )

        def order(m: str) -> tuple[int, str]:
            return (0 if m == RT_MODULE else 1 if m.startswith(STDLIB) else 2, m)

        out: list[ast.stmt] = []
        for m in sorted(by_mod, key=order):
            names = sorted(by_mod[m], key=lambda a: a.name)
            out.append(ast.ImportFrom(module=m, names=names, level=0))
        return out


def impl_py_name(res: ImplMethodRes) -> str:
    target = ident(res.type_key.replace(".", "_")) if res.type_key else "default"
    trait = ident(res.trait + ("_" + res.trait_args if res.trait_args else ""))
    return f"{trait}__{target}__{ident(res.method)}"


def impl_key(res: ImplMethodRes) -> NameKey:
    return ("impl", res.module, res.trait, res.trait_args, res.type_key, res.method)
