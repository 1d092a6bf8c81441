"""Declaring interfaces and impls, validating impls (E0007, E0008, E0026, E0040, E0041),
and checking impl and default-method bodies. Works on a `ModuleChecker`."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import worded_label
from mesh.compiler.resolved import ImplMethodRes
from mesh.compiler.types import decls as D
from mesh.compiler.types.common import Scope, tvars_by_name
from mesh.compiler.types.errors import Abort
from mesh.compiler.types.suggest import method_code
from mesh.compiler.types.traits import BUILTIN_IMPLS, ImplInfo, ImplMethod, TraitInfo, TraitMethod
from mesh.compiler.types.ty import TCon, TFun, TVar, Type, show
from mesh.compiler.types.unify import Scheme

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker
    from mesh.compiler.types.items import ModuleChecker


DEFAULT_DERIVES_STRUCT = ("Eq", "Ord", "Debug", "Hash")
DEFAULT_DERIVES_SUM = ("Eq", "Ord", "Debug")


def declare_traits(mc: ModuleChecker) -> None:
    for item in mc.module.items:
        if not isinstance(item, A.InterfaceDef):
            continue
        methods = {}
        for sig in item.methods:
            is_static = not (sig.params and getattr(sig.params[0].pattern, "name", None) == "self")
            tm = TraitMethod(sig.name, is_static, sig.params, sig.ret, sig.default)
            if sig.default is not None:
                tm.default_res = ImplMethodRes(mc.env.name, item.name, "", sig.name)
            methods[sig.name] = tm
        info = TraitInfo(
            item.name, mc.env.name, [n for n, _ in item.assoc_types], methods, item, item.is_pub
        )
        mc.tenv.traits[item.name] = info


def register_derived(mc: ModuleChecker) -> None:
    """Derived impls count as impls: for E0026, trait checks and method ambiguity."""
    env = mc.env
    defaults: tuple[str, ...]
    for item in mc.module.items:
        if isinstance(item, A.StructDef):
            qual, defaults = env.structs[item.name].qual, DEFAULT_DERIVES_STRUCT
        elif isinstance(item, A.SumDef):
            qual, defaults = env.sums[item.name].qual, DEFAULT_DERIVES_SUM
        else:
            continue
        names = defaults if item.deriving is None else [n for n, _ in item.deriving]
        if "Ord" in names and "Eq" not in names:
            names = []  # E0029: the type gets no derived impls at all
        for n in names:
            if n in ("Eq", "Ord", "Display", "Debug", "Hash", "Json", "Row", "Schema"):
                mc.tenv.impls.append(ImplInfo(n, [], qual, [], env.name, None, derived=True))


def target_of(mc: ModuleChecker, path: list[str]) -> tuple[str, list[TVar]]:
    found = mc.resolver.lookup_named(mc.env, path)
    if isinstance(found, (D.StructInfo, D.SumInfo)):
        return found.qual, [TVar(-1, name=p.name) for p in found.params]
    name = ".".join(path)
    arity = D.BUILTIN_TYPES.get(name, 0)
    return name, [TVar(-1, name=f"T{i}") for i in range(max(arity, 0))]


def declare_impls(mc: ModuleChecker) -> None:
    for item in mc.module.items:
        if isinstance(item, A.ImplDef):
            try:
                declare_impl(mc, item)
            except Abort:
                pass


def declare_impl(mc: ModuleChecker, item: A.ImplDef) -> None:
    tenv = mc.tenv
    rep = mc.reporter
    trait_name = item.trait_path[-1]
    trait = tenv.traits.get(trait_name)
    key, params = target_of(mc, item.target_path)
    self_t = TCon(key, tuple(params))
    shown = show(self_t) if not params else key.rsplit(".", 1)[-1] if False else show(TCon(key))
    trait_args = [mc.resolver.resolve(t, mc.env, {}) for t in item.trait_args]
    impl = ImplInfo(trait_name, trait_args, key, params, mc.env.name, item)
    # E0026: a second impl of the same trait (and trait arguments) for the same type.
    arg_key = impl.arg_key()
    dup = next(
        (
            i
            for i in tenv.impls
            if i.trait == trait_name and i.target_key == key and i.arg_key() == arg_key
        ),
        None,
    )
    builtin_dup = (trait_name, arg_key, key) in BUILTIN_IMPLS or (
        not trait_args and (trait_name, "", key) in BUILTIN_IMPLS
    )
    if dup is not None or builtin_dup:
        labels = [worded_label("E0026", dup.decl.span, type=shown)] if dup and dup.decl else []
        rep.emit(
            "E0026",
            item.span,
            form="beside_previous" if labels else None,
            labels=labels,
            trait=trait_name,
            type=shown,
        )
        raise Abort()
    declared_assoc = set(trait.assoc) if trait else set()
    mc.resolver.self_type = self_t
    mc.resolver.assoc = {}
    try:
        for name, te, span in item.assoc:
            if trait is not None and name not in declared_assoc:
                rep.emit("E0041", span, trait=trait_name, type=shown, assoc=name)
                continue
            # `impl Iterable for Stack` with `struct Stack<T>`: `type Item = T` names the
            # target's own parameter (our choice, spec 02 §9 "applies to every instantiation").
            impl.assoc[name] = mc.resolver.resolve(te, mc.env, tvars_by_name(params))
        for name in sorted(declared_assoc - set(impl.assoc)):
            rep.emit("E0040", item.span, trait=trait_name, type=shown, assoc=name)
        mc.resolver.assoc = dict(impl.assoc)
        groups: dict[str, list[A.FnDef]] = {}
        for fn in item.methods:
            groups.setdefault(fn.name, []).append(fn)
        for name, clauses in groups.items():
            impl.methods[name] = impl_method(mc, impl, trait, name, clauses, self_t, shown)
        item.target_key = key
        item.inherited = []
        if trait is not None:
            item.inherited = [
                (m.name, m.default_res)
                for m in trait.methods.values()
                if m.default_res is not None and m.name not in impl.methods
            ]
            for m in trait.methods.values():
                if m.default is None and m.name not in impl.methods:
                    code = method_code(m, shown.rsplit(".", 1)[-1])
                    rep.emit(
                        "E0007",
                        item.span,
                        form=None if code else "signature_unknown",
                        trait=trait_name,
                        type=shown,
                        method=m.name,
                        fix=code,
                    )
    finally:
        mc.resolver.self_type = None
        mc.resolver.assoc = None
    tenv.impls.append(impl)


def impl_method(
    mc: ModuleChecker,
    impl: ImplInfo,
    trait: TraitInfo | None,
    name: str,
    clauses: list[A.FnDef],
    self_t: TCon,
    shown: str,
) -> ImplMethod:
    first = clauses[0]
    res = ImplMethodRes(mc.env.name, impl.trait, impl.target_key, name, impl.arg_key())
    for c in clauses:
        c.res = res
    tm = trait.methods.get(name) if trait else None
    trait_sig = (
        trait_method_type(mc, cast(TraitInfo, trait), tm, self_t, impl) if tm is not None else None
    )
    tvars: dict[str, Type] = {g: TVar(1, name=g) for g in first.generics}
    params: list[Type] = []
    for i, p in enumerate(first.params):
        if isinstance(p.pattern, A.PVar) and p.pattern.name == "self" and p.annotation is None:
            params.append(self_t)
        elif p.annotation is not None:
            params.append(mc.resolver.resolve(p.annotation, mc.env, tvars))
        elif trait_sig is not None and i < len(trait_sig.params):
            params.append(trait_sig.params[i])
        else:
            params.append(TVar(1))
    if first.ret is not None:
        ret = mc.resolver.resolve(first.ret, mc.env, tvars)
        if (
            trait_sig is not None
            and tm is not None
            and tm.ret is not None
            and "?" not in show(trait_sig.ret)
        ):
            if show(trait_sig.ret) != show(ret):
                r1, r2 = show(trait_sig.ret), show(ret)
                mc.reporter.emit(
                    "E0008", first.ret.span, method=name, trait=impl.trait, expected=r1, found=r2
                )
    elif trait_sig is not None:
        ret = trait_sig.ret
    else:
        ret = TVar(1)
    fn_type = TFun(tuple(params), ret)
    is_static = not (
        first.params
        and isinstance(first.params[0].pattern, A.PVar)
        and first.params[0].pattern.name == "self"
    )
    scheme = Scheme(list(impl.target_params), fn_type)
    return ImplMethod(name, clauses, scheme, fn_type, is_static, res)


def _mentions_self(te: A.TypeExpr) -> bool:
    if isinstance(te, A.TName):
        return te.path[0] == "Self" or any(_mentions_self(a) for a in te.args)
    if isinstance(te, A.TTuple):
        return any(_mentions_self(a) for a in te.items)
    if isinstance(te, A.TFun):
        return any(_mentions_self(a) for a in te.params) or _mentions_self(te.ret)
    return False


def trait_method_type(
    mc: ModuleChecker, trait: TraitInfo, tm: TraitMethod, self_t: Type, impl: ImplInfo | None
) -> TFun:
    """The type of a trait method for a given `Self` (and the impl's associated types)."""
    resolver = mc.resolver
    saved = (resolver.self_type, resolver.assoc)
    resolver.self_type = self_t
    resolver.assoc = dict(impl.assoc) if impl is not None else {}
    try:
        if tm.builtin_sig is not None:
            sig = tm.builtin_sig
            src = impl.trait_args[0] if impl is not None and impl.trait_args else TVar(1)
            generics, te = D.parse_signature(sig)
            tvars = {"S": src, "E": TVar(1)}
            return cast(TFun, resolver.resolve(te, mc.env, tvars))
        env = mc.envs.get(trait.module, mc.env)
        params = []
        for p in tm.params or []:
            if isinstance(p.pattern, A.PVar) and p.pattern.name == "self" and p.annotation is None:
                params.append(self_t)
            elif p.annotation is not None:
                params.append(resolver.resolve(p.annotation, env, {}))
            else:
                params.append(TVar(1))
        ret = resolver.resolve(tm.ret, env, {}) if tm.ret is not None else TVar(1)
        return TFun(tuple(params), ret)
    finally:
        resolver.self_type, resolver.assoc = saved


def check_impl_bodies(mc: ModuleChecker, chk: Checker) -> None:
    for item in mc.module.items:
        if isinstance(item, A.InterfaceDef):
            check_default_bodies(mc, chk, item)
    for impl in mc.tenv.impls:
        if impl.module != mc.env.name or impl.derived or impl.decl is None:
            continue
        mc.resolver.self_type = impl.self_type()
        mc.resolver.assoc = dict(impl.assoc)
        try:
            for m in impl.methods.values():
                chk.level = 2
                try:
                    chk.blocks.check_clauses(m.clauses, cast(TFun, m.fn_type), Scope(), m.name)
                except Abort:
                    pass
                chk.level = 1
        finally:
            mc.resolver.self_type = None
            mc.resolver.assoc = None


def check_default_bodies(mc: ModuleChecker, chk: Checker, item: A.InterfaceDef) -> None:
    trait = mc.tenv.traits[item.name]
    for sig in item.methods:
        if sig.default is None:
            continue
        tm = trait.methods[sig.name]
        self_t = TVar(2)
        ft = trait_method_type(mc, trait, tm, self_t, None)
        fn = A.FnDef(
            sig.name, sig.span, [], sig.params, sig.ret, [], None, sig.default, False, sig.span
        )
        fn.res = tm.default_res
        sig.fn = fn
        mc.resolver.assoc = {}
        try:
            chk.level = 2
            chk.blocks.check_clauses([fn], ft, Scope(), sig.name)
        except Abort:
            pass
        finally:
            chk.level = 1
            mc.resolver.assoc = None
