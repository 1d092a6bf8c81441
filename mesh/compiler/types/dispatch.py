"""Call dispatch for the checker: trait methods, static and trait-qualified calls,
conversions, where-bounds and special stdlib typing rules (spec 02 §5, §9–§13)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast

from mesh.compiler import ast as A
from mesh.compiler.resolved import (
    FnRes,
    FromJsonRes,
    FromRowRes,
    ImplMethodRes,
    MethodRes,
)
from mesh.compiler.source import Span
from mesh.compiler.stdlib_types import OVERLOADS, SIGNATURES, SNAKE_ALIASES
from mesh.compiler.types import decls as D
from mesh.compiler.types.common import (
    BUILTIN_METHOD_TRAITS,
    DATETIME_UNITS,
    TRAIT_METHODS,
    Scope,
    builtin_res,
    callee_name,
)
from mesh.compiler.types.errors import (
    Abort,
    report_arity,
    report_not_implemented,
)
from mesh.compiler.types.impls import trait_method_type
from mesh.compiler.types.json import encodable, has_json_impl
from mesh.compiler.types.row import derives_row
from mesh.compiler.types.traits import BUILTIN_IMPLS, ImplInfo, TraitInfo, head_key
from mesh.compiler.types.ty import (
    INT,
    STRING,
    TCon,
    TFun,
    TVar,
    Type,
    prune,
    result_of,
    show,
)
from mesh.compiler.types.unify import (
    substitute,
)

# (res, type) of a method an impl provides; res is None for a built-in default.
ImplMethodType = tuple[ImplMethodRes | None, Type]
# A method call's dispatch: the impl method (None: at run time), or "deferred" for a
# conversion settled once the expected type is known.
Dispatched = tuple[ImplMethodRes | Literal["deferred"] | None, Type]


def _heads_match(p: Type, a: Type) -> bool:
    """Whether parameter type P could accept argument type A, judged by type heads (and, for
    functions, arity and the heads of parameters and result); type variables match all."""
    p, a = prune(p), prune(a)
    if isinstance(p, TVar) or isinstance(a, TVar):
        return True
    if isinstance(p, TCon) and isinstance(a, TCon):
        return p.name == a.name
    if isinstance(p, TFun) and isinstance(a, TFun):
        return len(p.params) == len(a.params) and all(
            _heads_match(x, y) for x, y in zip((*p.params, p.ret), (*a.params, a.ret))
        )
    return False


def _source_of(e: A.Expr) -> str | None:
    """The one-line source text of an expression, or None."""
    span = getattr(e, "span", None)
    if span is None or getattr(span, "file", None) is None:
        return None
    text = span.file.text[span.start : span.end].strip()
    return text if text and "\n" not in text and "\r" not in text else None


if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker


class Dispatcher:
    """Trait, static and conversion dispatch of calls (`chk.dispatch`)."""

    def __init__(self, chk: Checker) -> None:
        self.chk = chk

    def has_where(self, res: FnRes) -> bool:
        env = self.chk.envs.get(res.module) if res.module else None
        fn = env.fns.get((res.name, res.arity)) if env is not None else None
        return fn is not None and bool(fn.clauses[0].where)

    def is_bare_impl_method(self, name: str, scope: Scope) -> bool:
        """Spec 02 §9: an impl method is callable as `m(recv, ...)` unless the name is bound."""
        m = self.chk.menv
        if (
            scope.lookup(name) is not None
            or name in m.arities
            or name in m.imported_fns
            or name in m.structs
            or name in m.variants
            or name in D.BUILTIN_VARIANTS
            or name in m.imported_builtins
            or name in SIGNATURES
            or name in SNAKE_ALIASES
            or name in ("spawn", "send", "link", "monitor", "self")
        ):
            return False
        return any(name in i.methods and not i.methods[name].is_static for i in self.chk.tenv.impls)

    def is_actor(self, res: FnRes) -> bool:
        env = self.chk.envs.get(res.module)
        fn = env.fns.get((res.name, res.arity)) if env is not None else None
        return fn is not None and fn.actor is not None

    def check_bounds(self, res: FnRes, inst: dict[int, Type], e: A.Call | Span) -> None:
        """Where-clause bounds are checked at call sites (spec 02 §5)."""
        env = self.chk.envs.get(res.module) if res.module else None
        fn = env.fns.get((res.name, res.arity)) if env is not None else None
        if fn is None or not fn.clauses[0].where:
            return
        tvars = fn.clauses[0].tvars
        for tv, trait, _span in fn.clauses[0].where:
            orig = tvars.get(tv)
            t = prune(inst.get(orig.id, orig)) if isinstance(orig, TVar) else None
            if isinstance(t, TCon) and not self.chk.has_trait(t, trait):
                span = e if isinstance(e, Span) else e.span
                report_not_implemented(self.chk, t, trait, span)
                raise Abort()

    def derives_json(self, t: Type) -> bool:
        t = prune(t)
        return isinstance(t, TCon) and has_json_impl(t.name, self.chk.envs, self.chk.tenv)

    def from_row_member(self, oname: str) -> tuple[FromRowRes, TFun] | None:
        """`T.from_row` of a struct deriving Row (spec 06 §3.6): (res, type) or None."""
        info = self.chk.menv.structs[oname]
        if not derives_row(info.qual, self.chk.tenv):
            return None
        t = TCon(info.qual, tuple(TVar(self.chk.level) for _ in info.params))
        return (
            FromRowRes(info.module, info.name),
            TFun((TCon("Map", (STRING, STRING)),), result_of(t, STRING)),
        )

    def check_encodable(self, t: Type, span: Span, what: str) -> None:
        if not encodable(t, self.chk.envs, self.chk.tenv):
            self.chk.reporter.emit("E0038", span, what=what, type=show(t))
            raise Abort()

    def impl_method_type(
        self, impl: ImplInfo, name: str, recv: Type | None = None
    ) -> ImplMethodType | None:
        """(res, type) of `name` provided by `impl` (its own body or the trait's default)."""
        m = impl.methods.get(name)
        mapping = {p.id: TVar(self.chk.level) for p in impl.target_params}
        if m is not None:
            return m.res, substitute(cast(TFun, m.fn_type), mapping)
        trait = self.chk.tenv.traits.get(impl.trait)
        tm = trait.methods.get(name) if trait else None
        if tm is None:
            return None
        self_t = impl.self_type([mapping[p.id] for p in impl.target_params])
        ft = trait_method_type(self.chk.mchecker, cast(TraitInfo, trait), tm, self_t, impl)
        if tm.default_res is not None:
            return tm.default_res, ft
        return None, ft  # built-in default (e.g. Ord.compare): dynamic dispatch

    def static_impl_call(self, e: A.Call, scope: Scope) -> Type | None:
        """`Type.method(args)` on a user type and `Trait.method(value)` (spec 02 §10)."""
        callee = cast(A.Field, e.callee)  # `Name.method`: see ExprChecker.infer_Call
        oname, name = cast(A.Name, callee.obj).name, callee.name
        trait = self.chk.tenv.traits.get(oname)
        is_type = oname in self.chk.menv.structs or oname in self.chk.menv.sums
        if (
            trait is not None
            and not is_type
            and name in trait.methods
            and oname not in self.chk.menv.imports
        ):
            if not e.args:
                return None
            first = prune(self.chk.infer(e.args[0], scope))
            key = head_key(first)
            impl = next((i for i in self.chk.tenv.impls_for(key, oname)), None) if key else None
            rest = list(e.args[1:])
            if impl is not None:
                got = self.impl_method_type(impl, name)
                if got is not None and got[0] is not None:
                    callee.res = got[0]
                    return self.chk.exprs.apply(e, got[1], rest, scope, receiver=first)
            # Unknown receiver type: dispatch at run time, exactly like `value.method(rest)`.
            e.callee = A.Field(callee.span, e.args[0], name, callee.name_span)
            e.args = rest
            for a in rest:
                self.chk.infer(a, scope)
            return self.chk.fresh()
        key = None
        if is_type and name == "from_json":
            info = self._type_info(oname)
            t = TCon(info.qual, tuple(TVar(self.chk.level) for _ in info.params))
            if self.derives_json(t):
                callee.res = FromJsonRes(info.module, info.name)
                ft = TFun((STRING,), result_of(t, STRING))
                return self.chk.exprs.apply(e, ft, list(e.args), scope)
        if is_type and name == "from_row" and oname in self.chk.menv.structs:
            row_member = self.from_row_member(oname)
            if row_member is not None:
                callee.res = row_member[0]
                return self.chk.exprs.apply(e, row_member[1], list(e.args), scope)
        if is_type:
            key = self._type_info(oname).qual
        elif oname in D.BUILTIN_TYPES and f"{oname}.{name}" not in SIGNATURES:
            key = oname
        if key is None:
            return None
        return self.static_impl_on(e, key, name, scope)

    def _type_info(self, name: str) -> D.StructInfo | D.SumInfo:
        """The struct or sum type `name` of this module (known to be one of them)."""
        return self.chk.menv.structs.get(name) or self.chk.menv.sums[name]

    def qualified_type_call(self, e: A.Call, scope: Scope) -> Type | None:
        """`Mod.Type.method(args)` with `import Mod`: a method of an impl for that type called
        through its qualified name (`Types.PositiveInt.try_from(n)`, spec 02 §10 step 6)."""
        callee = cast(A.Field, e.callee)  # `Mod.Type.method`: see ExprChecker.infer_Call
        path = cast(A.Field, callee.obj)
        target = self.chk.menv.imports.get(cast(A.Name, path.obj).name)
        if not isinstance(target, D.ModuleEnv):
            return None
        info = target.structs.get(path.name) or target.sums.get(path.name)
        if info is None or not info.is_pub:
            return None
        return self.static_impl_on(e, info.qual, callee.name, scope)

    def static_impl_on(self, e: A.Call, key: str, name: str, scope: Scope) -> Type | None:
        """`T.name(args)` for the type whose key is `key`: the impl method providing `name`."""
        callee = cast(A.Field, e.callee)
        impls = [
            i
            for i in self.chk.tenv.impls_for(key)
            if name in i.methods
            or (
                self.chk.tenv.traits.get(i.trait)
                and name in self.chk.tenv.traits[i.trait].methods
                and self.chk.tenv.traits[i.trait].methods[name].default_res is not None
            )
        ]
        if not impls and name in TRAIT_METHODS and e.args:
            # `Point.to_string(p)`: a built-in/derived trait method called through the type.
            e.callee = A.Field(callee.span, e.args[0], name, callee.name_span)
            e.args = e.args[1:]
            return self.chk.exprs.infer_method_call(e, scope)
        if not impls:
            return None
        arg_ts = [self.chk.infer(a, scope) for a in e.args]
        if len(impls) > 1 and arg_ts:
            h = head_key(arg_ts[0])
            picked = [i for i in impls if i.trait_args and head_key(i.trait_args[0]) == h]
            impls = picked or impls
        res, ft = cast(ImplMethodType, self.impl_method_type(impls[0], name))  # `name` provided
        callee.res = res
        fp = prune(ft)
        if isinstance(fp, TFun) and len(fp.params) != len(arg_ts):
            report_arity(self.chk.reporter, len(fp.params), len(arg_ts), e.span)
            raise Abort()
        ret = self.chk.fresh()
        self.chk.expect(ft, TFun(tuple(arg_ts), ret), e.span)
        return ret

    def iteration_item(self, t: Type) -> Type | None:
        """Element type of `for x in t` beyond List/Set/Map/Range: `Iter<T>`, the iterator
        handles, and user types with an `Iterable`/`Iterator` impl (spec 02 §11)."""
        t = prune(t)
        if not isinstance(t, TCon):
            return None
        if t.name == "Iter":
            return t.args[0] if t.args else self.chk.fresh()
        if t.name in ("ListIterator", "MapIterator", "SetIterator", "RangeIterator"):
            return self.chk.fresh()
        return self.user_iteration_item(t)

    def user_iteration_item(self, t: Type) -> Type | None:
        """The bound `Item` of a user type's `Iterable` (else `Iterator`) impl, or None."""
        t = prune(t)
        if not isinstance(t, TCon):
            return None
        for trait in ("Iterable", "Iterator"):
            impl = next(iter(self.chk.tenv.impls_for(t.name, trait)), None)
            if impl is None:
                continue
            item = impl.assoc.get("Item")
            if item is None:
                return self.chk.fresh()
            mapping = {
                p.id: t.args[i] if i < len(t.args) else self.chk.fresh()
                for i, p in enumerate(impl.target_params)
            }
            return substitute(item, mapping)
        return None

    def iterable_arguments(self, qual: str, ft: Type, arg_ts: list[Type]) -> Type | None:
        """A user Iterable/Iterator passed where a stdlib function takes `Iter<T>` (the Iter
        functions, `List.collect`, ...) counts as `Iter<Item>`; the run time iterates it
        through the impl. `Iter.from(value)` of one is that `Iter<Item>` (returned)."""
        if qual == "Iter.from" and len(arg_ts) == 1:
            item = self.user_iteration_item(arg_ts[0])
            return TCon("Iter", (item,)) if item is not None else None
        fp = prune(ft)
        if not isinstance(fp, TFun):
            return None
        for i, (pt, at) in enumerate(zip(fp.params, arg_ts)):
            pt = prune(pt)
            if isinstance(pt, TCon) and pt.name == "Iter":
                item = self.user_iteration_item(at)
                if item is not None:
                    arg_ts[i] = TCon("Iter", (item,))
        return None

    def tuple_nth(self, tt: Type, it: Type, index: A.Expr, e: A.Call) -> Type | None:
        """Spec 03 B7: `Tuple.nth` is typed by the element; a literal index is required when
        the element types differ."""
        self.chk.expect(INT, it, index.span)
        tt = prune(tt)
        if not (isinstance(tt, TCon) and tt.name == "Tuple" and tt.args):
            return None
        shown = {show(a) for a in tt.args}
        if isinstance(index, A.IntLit) and 0 <= index.value < len(tt.args):
            return tt.args[index.value]
        if len(shown) == 1:
            return tt.args[0]
        self.chk.reporter.emit("E0115", index.span, type=show(tt))
        raise Abort()

    def check_datetime_unit(self, qual: str, args: list[A.Expr]) -> None:
        """A literal unknown unit is a compile error (spec 05 §11.2)."""
        if len(args) >= 3 and isinstance(args[2], A.AtomLit) and args[2].name not in DATETIME_UNITS:
            self.chk.reporter.emit("E0116", args[2].span, function=qual, unit=args[2].name)
            raise Abort()

    def pick_overload(self, qual: str, first_arg: list[Type]) -> Type:
        """Choose the alternative whose first parameter has the first argument's head type,
        preferring one whose other parameters match by head too (so `Http.stream(req,
        fn _ -> :stop end)` picks the `Fun(String) -> Atom` alternative)."""
        head = prune(first_arg[0])
        first_only = None
        for sig in OVERLOADS[qual]:
            t = cast(TFun, D.signature_type(sig, self.chk.resolver, self.chk.menv, self.chk.level))
            if isinstance(t, TFun) and len(t.params) != len(first_arg):
                continue
            p0 = prune(t.params[0]) if isinstance(t, TFun) and t.params else None
            if isinstance(head, TVar) or (
                isinstance(p0, TCon) and isinstance(head, TCon) and p0.name == head.name
            ):
                if all(_heads_match(p, a) for p, a in zip(t.params[1:], first_arg[1:])):
                    return t
                first_only = first_only or t
        if first_only is not None:
            return first_only
        return D.signature_type(
            OVERLOADS[qual][0], self.chk.resolver, self.chk.menv, self.chk.level
        )

    def check_slot(self, e: A.Call, fp: TFun, method: bool) -> None:
        n, span = cast("tuple[int, Span]", e.slot)  # checked by the caller
        k = len(fp.params)
        if n <= k:
            return
        self.chk.reporter.emit(
            "E0044",
            span,
            form="no_slot" if k <= 1 else None,
            position=n,
            name=callee_name(e.callee),
            arity=k,
        )
        raise Abort()

    def trait_dispatch(self, e: A.Call, recv_t: Type, name: str) -> Dispatched | None:
        """Step 6 of spec 02 §10: the impls for the receiver's type that provide `name`."""
        key = head_key(recv_t)
        if key is None:
            traits = self.chk.tenv.traits_with_method(name) if isinstance(recv_t, TVar) else []
            if len(traits) == 1:
                tm = traits[0].methods[name]
                if tm.is_static:
                    return None
                return None, trait_method_type(self.chk.mchecker, traits[0], tm, recv_t, None)
            return None
        if name in ("into", "try_into"):
            return self.conversion(e, recv_t, key, name)
        provs = self.chk.tenv.providers(key, name)
        names = {t.name for _, t in provs if t is not None}
        builtin_trait = BUILTIN_METHOD_TRAITS.get(name)
        if builtin_trait is not None and names and self.chk.has_trait(recv_t, builtin_trait):
            names.add(builtin_trait)
        trait_names = sorted(names)
        if len(trait_names) > 1:
            ts = show(recv_t)
            cands = ", ".join(trait_names)
            alts = " or ".join(f"{t}.{name}(value)" for t in trait_names)
            # The spec's text, then the call written out (issue 19: a help that compiles).
            callee = cast(A.Field, e.callee)  # a method call `recv.name(...)`
            parts = [_source_of(x) for x in (callee.obj, *e.args)]
            known = all(p is not None for p in parts)
            self.chk.reporter.emit(
                "E0027",
                callee.name_span,
                form=None if known else "source_unknown",
                method=name,
                type=ts,
                traits=cands,
                alternatives=alts,
                call=f"{trait_names[0]}.{name}({', '.join(cast(list[str], parts))})"
                if known
                else None,
            )
            raise Abort()
        user = [(i, t) for i, t in provs if not i.derived]
        if not user:
            return None
        return self.impl_method_type(user[0][0], name)

    def conversion(
        self, e: A.Call, recv_t: Type, key: str, name: str
    ) -> tuple[Literal["deferred"], TFun] | None:
        """`x.into()` / `x.try_into()`: the target comes from the expected type (spec 02 §11)."""
        trait = "From" if name == "into" else "TryFrom"
        cands: list[ImplInfo | str] = [
            i
            for i in self.chk.tenv.impls
            if i.trait == trait and i.trait_args and head_key(i.trait_args[0]) == key
        ]
        cands += sorted(dst for tr, src, dst in BUILTIN_IMPLS if tr == trait and src == key)
        if not cands:
            return None
        result = self.chk.fresh()
        if len(cands) == 1:
            self.settle_conversion(e, recv_t, cands, result, name, only=True)
        elif self.chk.ctx is not None:
            self.chk.ctx.pending_into.append((e, recv_t, cands, result, name))
        else:
            self.settle_conversion(e, recv_t, cands, result, name)
        return "deferred", TFun((recv_t,), result)

    def settle_conversion(
        self,
        e: A.Call,
        recv_t: Type,
        cands: list[ImplInfo | str],
        result: Type,
        name: str,
        only: bool = False,
    ) -> None:
        method = "from" if name == "into" else "try_from"
        r = prune(result)
        target = r
        if name == "try_into" and isinstance(r, TCon) and r.name == "Result" and r.args:
            target = prune(r.args[0])
        tk = head_key(target)
        chosen = (
            cands
            if only
            else [c for c in cands if (c if isinstance(c, str) else c.target_key) == tk]
        )
        if len(chosen) != 1:
            ts = show(recv_t)
            names = sorted(
                {(f"{c}" if isinstance(c, str) else c.target_key.rsplit(".", 1)[-1]) for c in cands}
            )
            trait = "Into" if name == "into" else "TryInto"
            listed = ", ".join(f"{trait}<{n}>" for n in names)
            callee = cast(A.Field, e.callee)
            self.chk.reporter.emit(
                "E0027",
                callee.name_span,
                form=name,
                method=name,
                type=ts,
                traits=listed,
                target=names[0],
                value=_source_of(callee.obj) or "value",
            )
            raise Abort()
        c = chosen[0]
        if isinstance(c, str):
            e.res = MethodRes(builtin_res(f"{c}.from"))
            self.chk.expect(result, TCon(c), e.span)
            return
        res, ft = cast(ImplMethodType, self.impl_method_type(c, method))
        e.res = MethodRes(res)
        ft = prune(ft)
        self.chk.expect(result, ft.ret if isinstance(ft, TFun) else self.chk.fresh(), e.span)
