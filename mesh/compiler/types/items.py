"""Module-level checking: declarations, imports, function groups, SCC-ordered inference."""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.ast_walk import walk
from mesh.compiler.diagnostics import Reporter, worded_label
from mesh.compiler.resolved import FnRes
from mesh.compiler.source import Span
from mesh.compiler.stdlib_types import SIGNATURES
from mesh.compiler.types import actors as ACT, decls as D, impls as I
from mesh.compiler.types.checker import Checker
from mesh.compiler.types.clustered import ClusteredUse
from mesh.compiler.types.common import Scope, tvars_by_name
from mesh.compiler.types.errors import Abort
from mesh.compiler.types.json import check_deriving_json
from mesh.compiler.types.row import check_deriving_row
from mesh.compiler.types.traits import TraitEnv
from mesh.compiler.types.ty import TCon, TFun, TVar, register_display
from mesh.compiler.types.unify import generalize


class ModuleChecker:
    def __init__(
        self, module: A.Module, envs: dict[str, D.ModuleEnv], reporter: Reporter, tenv: TraitEnv
    ) -> None:
        self.module = module
        self.envs = envs
        self.reporter = reporter
        self.tenv = tenv
        self.env = D.ModuleEnv(module.name, module)
        envs[module.name] = self.env
        self.resolver = D.TypeResolver(envs, reporter)
        self.groups: list[D.FnInfo] = []
        self.clustered_uses: list[ClusteredUse] | None = None  # program-wide, set by check_program

    # -- declarations ----------------------------------------------------------------------------

    def check_duplicate_members(self, item: A.StructDef | A.SumDef) -> None:
        """Two fields (or variants) with one name would be ambiguous; report the second."""
        if isinstance(item, A.StructDef):
            members = [(n, span, "field") for n, _, span in item.fields]
        else:
            members = [(v.name, v.span, "variant") for v in item.variants]
        seen: set[str] = set()
        for n, span, what in members:
            if n in seen:
                self.reporter.emit("E0112", span, what=what, name=n, type=item.name)
            seen.add(n)

    def declare_types(self) -> None:
        env = self.env
        for item in self.module.items:
            if isinstance(item, (A.StructDef, A.SumDef)):
                self.check_duplicate_members(item)
            if isinstance(item, A.StructDef):
                qual = f"{env.name}.{item.name}"
                register_display(qual, qual)
                params = [TVar(-1, name=g) for g in item.generics]
                env.structs[item.name] = D.StructInfo(
                    env.name, item.name, qual, params, [], item, item.is_pub
                )
            elif isinstance(item, A.SumDef):
                qual = f"{env.name}.{item.name}"
                register_display(qual, item.name)
                params = [TVar(-1, name=g) for g in item.generics]
                info = D.SumInfo(env.name, item.name, qual, params, [], item, item.is_pub)
                info.variants = [
                    D.VariantInfo(info, v.name, i, [], v.span) for i, v in enumerate(item.variants)
                ]
                env.sums[item.name] = info
                for v in info.variants:
                    env.variants[v.name] = v
            elif isinstance(item, A.AliasDef):
                env.aliases[item.name] = D.AliasInfo(
                    item.name, item.generics, item.target, env, item.is_pub, item
                )

    def process_imports(self) -> None:
        env = self.env
        seen_last: dict[str, A.Import] = {}
        for item in self.module.items:
            if isinstance(item, A.Import):
                full = ".".join(item.path)
                last = item.path[-1]
                if full == env.name:
                    self.reporter.emit("E0113", item.span, module=full)
                    continue
                if last in seen_last:
                    self.reporter.emit(
                        "E0114",
                        item.span,
                        name=last,
                        labels=[worded_label("E0114", seen_last[last].span, "first_import")],
                    )
                    continue
                seen_last[last] = item
                if full in self.envs:
                    env.imports[last] = self.envs[full]
                elif full in D.STDLIB_MODULES:
                    env.imports[last] = "stdlib"
                else:
                    self.module_not_found(full, item.span)
            elif isinstance(item, A.FromImport):
                self.from_import(item)

    def module_not_found(self, full: str, span: Span) -> None:
        self.reporter.emit("E0031", span, module=full)

    def from_import(self, item: A.FromImport) -> None:
        env = self.env
        full = ".".join(item.path)
        target = self.envs.get(full)
        if target is None:
            if item.path[0] in D.STDLIB_MODULES:
                for name, span in item.names:
                    qual = f"{item.path[0]}.{name}"
                    if qual in SIGNATURES:
                        env.imported_builtins[name] = qual
                    elif qual == "HTTP.clustered":
                        self.reporter.emit("E0049", span, form="imported")
                    else:
                        self.not_exported(name, full, span, [])
                return
            self.module_not_found(full, item.span)
            return
        exported = self.exports_of(target)
        for name, span in item.names:
            if name in target.arities:
                fns = [target.fns[(name, a)] for a in target.arities[name]]
                if not any(f.is_pub for f in fns):
                    self.private(name, full, span)
                    continue
                env.imported_fns[name] = [f for f in fns if f.is_pub]
                continue
            for table_name in ("structs", "sums", "aliases"):
                table = getattr(target, table_name)
                if name in table and table[name].module_env_is(target) if False else name in table:
                    info = table[name]
                    if not info.is_pub:
                        self.private(name, full, span)
                        break
                    getattr(env, table_name)[name] = info
                    if table_name == "sums":
                        for v in info.variants:
                            env.variants[v.name] = v
                    break
            else:
                if name in target.services:
                    env.services[name] = target.services[name]
                elif name in target.supervisors and target.supervisors[name].is_pub:
                    env.supervisors[name] = target.supervisors[name]
                elif name in target.private_names or name in target.supervisors:
                    self.private(name, full, span)
                else:
                    self.not_exported(name, full, span, exported)

    def exports_of(self, target: D.ModuleEnv) -> list[str]:
        names = [
            n for n, ars in target.arities.items() if any(target.fns[(n, a)].is_pub for a in ars)
        ]
        for table in (target.structs, target.sums, target.aliases):
            names += [
                n
                for n, i in table.items()
                if i.is_pub and getattr(i, "module", target.name) in (target.name, target)
            ]
        return names

    def private(self, name: str, full: str, span: Span) -> None:
        self.reporter.emit("E0035", span, name=name, module=full)

    def not_exported(self, name: str, full: str, span: Span, exported: list[str]) -> None:
        self.reporter.emit(
            "E0034",
            span,
            form="listing_exports" if exported else None,
            name=name,
            module=full,
            exports=", ".join(exported),
        )

    def resolve_type_bodies(self) -> None:
        env = self.env
        for item in self.module.items:
            if isinstance(item, A.StructDef):
                struct = env.structs[item.name]
                tv = tvars_by_name(struct.params)
                struct.fields = [(n, self.resolver.resolve(t, env, tv)) for n, t, _ in item.fields]
                self.check_deriving(item.name, item.deriving, is_sum=False)
            elif isinstance(item, A.SumDef):
                sum_info = env.sums[item.name]
                tv = tvars_by_name(sum_info.params)
                for v, decl in zip(sum_info.variants, item.variants):
                    v.fields = [self.resolver.resolve(t, env, tv) for _, t in decl.fields]
                self.check_deriving(item.name, item.deriving, is_sum=True)
            elif isinstance(item, A.AliasDef):
                if not item.generics:
                    self.check_alias_target(item, item.target)
                try:
                    self.resolver.expand_alias(env.aliases[item.name], [], item.target)
                except RecursionError:
                    pass

    def check_alias_target(self, alias: A.AliasDef, te: A.TypeExpr) -> None:
        if isinstance(te, A.TName):
            if len(te.path) == 1:
                n = te.path[0]
                known = (
                    n in D.BUILTIN_TYPES
                    or n in self.env.structs
                    or n in self.env.sums
                    or n in self.env.aliases
                    or n in ("Request", "Response", "Router", "PgConn", "PoolHandle", "SqliteConn")
                )
                if not known:
                    self.reporter.emit("E0045", te.span, alias=alias.name, type=n)
            for a in te.args:
                self.check_alias_target(alias, a)
        elif isinstance(te, A.TTuple):
            for a in te.items:
                self.check_alias_target(alias, a)
        elif isinstance(te, A.TFun):
            for a in te.params:
                self.check_alias_target(alias, a)
            self.check_alias_target(alias, te.ret)

    def check_deriving(
        self, name: str, deriving: list[tuple[str, Span]] | None, is_sum: bool
    ) -> None:
        if deriving is None:
            return
        names = {n for n, _ in deriving}
        for n, span in deriving:
            if n not in D.DERIVABLE or (is_sum and n == "Schema"):
                self.reporter.emit("E0028", span, trait=n, type=name)
        if "Ord" in names and "Eq" not in names:
            span = next(s for n, s in deriving if n == "Ord")
            self.reporter.emit("E0029", span, type=name)

    def unsupported_items(self) -> None:
        for item in self.module.items:
            if isinstance(item, A.ModuleDef):
                self.reporter.emit("E0105", item.span)

    # -- functions ----------------------------------------------------------------------------------

    def declare_functions(self) -> None:
        env = self.env
        prev: A.FnDef | None = None
        current: D.FnInfo | None = None
        for item in self.module.items:
            if isinstance(item, A.ActorDef):
                self.declare_actor(item)
                prev = None
                current = None
                continue
            if not isinstance(item, A.FnDef):
                prev = None
                current = None
                continue
            key = (item.name, len(item.params))
            if current is not None and prev is not None and (prev.name, len(prev.params)) == key:
                current.clauses.append(item)
                self.warn_non_first(item)
            elif (
                prev is not None
                and prev.name == item.name
                and (_clause_like(prev) or _clause_like(item))
            ):
                self.reporter.emit(
                    "E0024",
                    item.name_span,
                    name=item.name,
                    expected=len(prev.params),
                    found=len(item.params),
                )
                prev = item
                continue
            elif key in env.fns:
                first = env.fns[key].clauses[0]
                self.reporter.emit(
                    "E0023",
                    item.name_span,
                    name=item.name,
                    arity=key[1],
                    labels=[worded_label("E0023", first.name_span, "first_definition")],
                )
                prev = item
                current = None
                continue
            else:
                current = D.FnInfo(env.name, item.name, key[1], [item], item.is_pub)
                env.fns[key] = current
                env.arities.setdefault(item.name, []).append(key[1])
                self.groups.append(current)
            item.res = FnRes(env.name, item.name, key[1])
            prev = item
        for g in self.groups:
            for c in g.clauses[:-1]:
                if c.guard is None and all(_is_catch_all(p.pattern, env) for p in c.params):
                    self.reporter.emit("E0022", c.name_span, name=g.name, arity=g.arity)
                    break

    def declare_actor(self, item: A.ActorDef) -> None:
        env = self.env
        key = (item.name, len(item.params))
        if key in env.fns:
            self.reporter.emit("E0023", item.span, form="actor", name=item.name, arity=key[1])
            return
        clause = ACT.actor_clause(item)
        info = D.FnInfo(env.name, item.name, key[1], [clause], True, actor=item)
        env.fns[key] = info
        env.arities.setdefault(item.name, []).append(key[1])
        self.groups.append(info)
        clause.res = item.res = FnRes(env.name, item.name, key[1])

    def warn_non_first(self, item: A.FnDef) -> None:
        for form, present in (
            (None, item.is_pub),  # the entry's own wording: `pub`
            ("generics", item.generics),
            ("return_type", item.ret),
            ("where_clause", item.where),
        ):
            if present:
                self.reporter.emit("W0002", item.name_span, form=form, name=item.name)

    def declare_traits_and_impls(self) -> None:
        I.declare_traits(self)
        I.register_derived(self)
        check_deriving_json(self)
        check_deriving_row(self)

    def infer_functions(self) -> None:
        chk = Checker(self)
        I.declare_impls(self)
        ACT.declare_services(self)
        for scc in self.sccs():
            chk.level = 2
            types = []
            for g in scc:
                ft = chk.blocks.fn_type_from_annotations(g.clauses[0], {})
                if g.actor is not None:
                    ft = TFun(ft.params, TCon("Pid", (TVar(2),)))
                g.mono = ft
                types.append(ft)
            for g, ft in zip(scc, types):
                if chk.program_error_cap_reached():
                    break  # issue 19: stop at the program-wide error cap
                try:
                    if g.actor is not None:
                        ACT.check_actor(chk, g, ft)
                    else:
                        chk.blocks.check_clauses(g.clauses, ft, Scope(), g.name)
                except Abort:
                    pass
            chk.level = 1
            for g, ft in zip(scc, types):
                g.scheme = generalize(ft, 1)
                g.mono = None
        I.check_impl_bodies(self, chk)
        ACT.check_services(self, chk)
        ACT.check_supervisors(self, chk)

    def sccs(self) -> list[list[D.FnInfo]]:
        by_name: dict[str, list[D.FnInfo]] = {}
        for g in self.groups:
            by_name.setdefault(g.name, []).append(g)
        edges: dict[int, list[D.FnInfo]] = {id(g): [] for g in self.groups}
        for g in self.groups:
            names: set[str] = set()
            for c in g.clauses:
                _collect_names(c.body, names)
                if c.guard is not None:
                    _collect_names(c.guard, names)
            for n in names:
                edges[id(g)].extend(by_name.get(n, []))
        return _tarjan(self.groups, edges)


def _clause_like(fn: A.FnDef) -> bool:
    return fn.guard is not None or any(
        not isinstance(p.pattern, (A.PVar, A.PWild)) for p in fn.params
    )


def _is_catch_all(p: A.Pattern, env: D.ModuleEnv) -> bool:
    if isinstance(p, A.PWild):
        return True
    if isinstance(p, A.PVar):
        return not (
            p.name[:1].isupper() and (p.name in env.variants or p.name in D.BUILTIN_VARIANTS)
        )
    return False


def _collect_names(node: object, out: set[str]) -> None:
    out.update(n.name for n in walk(node) if isinstance(n, A.Name))


def _tarjan(nodes: list[D.FnInfo], edges: dict[int, list[D.FnInfo]]) -> list[list[D.FnInfo]]:
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[D.FnInfo] = []
    out: list[list[D.FnInfo]] = []
    counter = [0]

    def strong(v: D.FnInfo) -> None:
        # Iterative Tarjan to survive huge modules.
        work = [(v, 0)]
        index[id(v)] = low[id(v)] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(id(v))
        while work:
            node, i = work[-1]
            succ = edges[id(node)]
            if i < len(succ):
                work[-1] = (node, i + 1)
                w = succ[i]
                if id(w) not in index:
                    index[id(w)] = low[id(w)] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(id(w))
                    work.append((w, 0))
                elif id(w) in on_stack:
                    low[id(node)] = min(low[id(node)], index[id(w)])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[id(parent)] = min(low[id(parent)], low[id(node)])
                if low[id(node)] == index[id(node)]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(id(w))
                        comp.append(w)
                        if w is node:
                            break
                    out.append(comp)

    for n in nodes:
        if id(n) not in index:
            strong(n)
    return out
