"""Expression inference (spec 02 §4–§13): literals, names, member access, calls and
operators. The checker context and the other collaborators are in types/checker.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from mesh.compiler import ast as A
from mesh.compiler.resolved import (
    ActorRes,
    BuiltinRes,
    CtorRes,
    DynamicFieldRes,
    FieldRes,
    FnRes,
    KeywordRes,
    MethodRes,
    StructRes,
)
from mesh.compiler.source import Span
from mesh.compiler.stdlib_types import OVERLOADS, SIGNATURES, SNAKE_ALIASES
from mesh.compiler.stdlib_types_cluster import CLUSTER_STRUCTS
from mesh.compiler.types import decls as D
from mesh.compiler.types.clustered import is_clustered_callee
from mesh.compiler.types.common import (
    BUILTIN_METHOD_TRAITS,
    TRAIT_METHODS,
    Scope,
    builtin_res,
    did_you_mean,
)
from mesh.compiler.types.dispatch import ImplMethodType
from mesh.compiler.types.errors import (
    Abort,
    report_arity,
    report_infinite,
    report_mismatch,
    report_not_implemented,
    report_unsupported,
)
from mesh.compiler.types.query_forms import QUERY_FORMS, check_query_form
from mesh.compiler.types.suggest import lookup_code, spawn_code
from mesh.compiler.types.traits import OPERATOR_TRAITS
from mesh.compiler.types.ty import (
    ATOM,
    BOOL,
    FLOAT,
    INT,
    JSON,
    RANGE,
    REGEX,
    STRING,
    UNIT,
    TCon,
    TFun,
    TVar,
    Type,
    list_of,
    prune,
    show,
)
from mesh.compiler.types.unify import (
    UnifyError,
    instantiate,
    substitute,
    unify,
)

_ITERATOR_HANDLES = {"Iter", "ListIterator", "MapIterator", "SetIterator", "RangeIterator"}
_METHOD_MODULES = {"String": "String", "List": "List", "Map": "Map", "Set": "Set", "Range": "Range"}
_ARITH_TRAITS = {"+": "Add", "-": "Sub", "*": "Mul", "/": "Div", "%": "Mod"}

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker, Rule


class ExprChecker:
    """Literals, names, member access, calls and operators (`chk.exprs`)."""

    def __init__(self, chk: Checker) -> None:
        self.chk = chk

    def rules(self) -> dict[type, Rule]:
        """The inference rule of each node class this collaborator types."""
        return {
            A.IntLit: self.infer_IntLit,
            A.FloatLit: self.infer_FloatLit,
            A.BoolLit: self.infer_BoolLit,
            A.NilLit: self.infer_NilLit,
            A.AtomLit: self.infer_AtomLit,
            A.RegexLit: self.infer_RegexLit,
            A.StringLit: self.infer_StringLit,
            A.JsonLit: self.infer_JsonLit,
            A.TupleLit: self.infer_TupleLit,
            A.ListLit: self.infer_ListLit,
            A.MapLit: self.infer_MapLit,
            A.Index: self.infer_Index,
            A.SelfRef: self.infer_SelfRef,
            A.Name: self.infer_Name,
            A.Field: self.infer_Field,
            A.Call: self.infer_Call,
            A.Unary: self.infer_Unary,
            A.Binary: self.infer_Binary,
        }

    def infer_IntLit(self, e: A.IntLit, scope: Scope) -> Type:
        return INT

    def infer_FloatLit(self, e: A.FloatLit, scope: Scope) -> Type:
        return FLOAT

    def infer_BoolLit(self, e: A.BoolLit, scope: Scope) -> Type:
        return BOOL

    def infer_NilLit(self, e: A.NilLit, scope: Scope) -> Type:
        return UNIT

    def infer_AtomLit(self, e: A.AtomLit, scope: Scope) -> Type:
        return ATOM

    def infer_RegexLit(self, e: A.RegexLit, scope: Scope) -> Type:
        problem = _regex_problem(e.pattern, e.flags)
        if problem is not None:
            lines = problem.splitlines()
            self.chk.reporter.emit(
                "E0106", e.span, note=problem, label=lines[-1] if lines else None
            )
            raise Abort()
        return REGEX

    def infer_StringLit(self, e: A.StringLit, scope: Scope) -> Type:
        for part in e.parts:
            if isinstance(part, str):
                continue
            t = prune(self.chk.recover(part, scope))
            if isinstance(t, TFun):
                report_not_implemented(self.chk, t, "Display", part.span)
                raise Abort()
        return STRING

    def infer_JsonLit(self, e: A.JsonLit, scope: Scope) -> Type:
        for fname, v, _ in e.fields:
            t = prune(self.chk.infer(v, scope))
            self.chk.dispatch.check_encodable(t, v.span, f"json field `{fname}`")
        return JSON

    def infer_TupleLit(self, e: A.TupleLit, scope: Scope) -> Type:
        return TCon("Tuple", tuple(self.chk.recover(x, scope) for x in e.items))

    def infer_ListLit(self, e: A.ListLit, scope: Scope) -> Type:
        elem = self.chk.fresh()
        for x in e.items:
            t = self.chk.recover(x, scope)
            self.chk.expect(elem, t, x.span)
        return list_of(elem)

    def infer_MapLit(self, e: A.MapLit, scope: Scope) -> Type:
        k, v = self.chk.fresh(), self.chk.fresh()
        for ke, ve in e.entries:
            self.chk.expect(k, self.chk.recover(ke, scope), ke.span)
            self.chk.expect(v, self.chk.recover(ve, scope), ve.span)
        return TCon("Map", (k, v))

    def infer_Index(self, e: A.Index, scope: Scope) -> Type:
        container = prune(self.chk.recover(e.obj, scope))
        self.chk.recover(e.index, scope)
        module = container.name if isinstance(container, TCon) else None
        fix = lookup_code(module, e.obj, e.index)
        self.chk.reporter.emit("E0104", e.span, form="written" if fix else None, fix=fix)
        raise Abort()

    def infer_SelfRef(self, e: A.SelfRef, scope: Scope) -> Type:
        found = scope.lookup("self")
        if found is None:
            report_unsupported(self.chk.reporter, None, e.span)  # `self` outside an impl
            raise Abort()
        e.res = found[1]
        return instantiate(found[0], self.chk.level)

    def infer_Name(self, e: A.Name, scope: Scope) -> Type:
        self.chk.last_inst = {}
        res, t = self.resolve_name(e.name, e.span, scope, None)
        e.res = res
        if isinstance(res, FnRes) and self.chk.dispatch.has_where(res) and self.chk.ctx is not None:
            # A bounded function passed as a value: check its bounds once the body is typed.
            self.chk.ctx.pending_bounds.append((self.chk.last_inst, res, e.span))
        return t

    def resolve_name(
        self, name: str, span: Span, scope: Scope, arity: int | None
    ) -> tuple[A.Res, Type]:
        """Value-position name lookup (spec 01 §9, 02 §10); `arity` picks among overloads."""
        found = scope.lookup(name)
        if found is not None:
            scheme, res = found
            return res, instantiate(scheme, self.chk.level)
        menv = self.chk.menv
        fn = self.pick_fn(name, arity, menv.arities.get(name), menv.fns, span)
        if fn is not None:
            return FnRes(fn.module, fn.name, fn.arity), self.fn_value_type(fn)
        if name in menv.imported_fns:
            cands = {f.arity: f for f in menv.imported_fns[name]}
            f = cands.get(arity) if arity is not None and arity in cands else None
            if f is None:
                if arity is not None and len(cands) >= 1 and arity not in cands:
                    f = next(iter(cands.values()))
                else:
                    f = next(iter(cands.values()))
            return FnRes(f.module, f.name, f.arity), self.fn_value_type(f)
        if name in menv.structs:
            s = menv.structs[name]
            return StructRes(s.module, s.name, s.field_names()), TCon(
                s.qual, tuple(TVar(self.chk.level) for _ in s.params)
            )
        v = menv.variants.get(name) or D.BUILTIN_VARIANTS.get(name)
        if v is not None:
            return self.ctor_res(v), D.variant_ctor_type(v, self.chk.level)
        qual = menv.imported_builtins.get(name)
        if qual is None and name in SIGNATURES and "." not in name:
            qual = name
        if qual is None:
            qual = SNAKE_ALIASES.get(name)
        if qual is not None:
            return builtin_res(qual), self.builtin_type(qual)
        names = list(scope.names()) + list(menv.arities) + list(menv.imported_fns)
        self.chk.reporter.emit("E0004", span, name=name, help=did_you_mean(name, names))
        raise Abort()

    def pick_fn(
        self,
        name: str,
        arity: int | None,
        arities: list[int] | None,
        table: dict[tuple[str, int], D.FnInfo],
        span: Span,
    ) -> D.FnInfo | None:
        if not arities:
            return None
        if arity is not None and arity in arities:
            return table[(name, arity)]
        return table[(name, arities[0])]

    def fn_value_type(self, fn: D.FnInfo) -> Type:
        if fn.scheme is not None:
            self.chk.last_inst = {v.id: TVar(self.chk.level, name=v.name) for v in fn.scheme.vars}
            return substitute(fn.scheme.ty, self.chk.last_inst)
        if fn.mono is not None:
            return fn.mono
        return self.chk.fresh()

    def builtin_type(self, qual: str) -> Type:
        return D.signature_type(SIGNATURES[qual], self.chk.resolver, self.chk.menv, self.chk.level)

    def ctor_res(self, v: D.VariantInfo) -> CtorRes:
        return CtorRes(v.sum.module, v.sum.name, v.name, v.index, len(v.fields))

    def infer_Field(self, e: A.Field, scope: Scope) -> Type:
        st = self.chk.members.static_member(e, scope, None)
        if st is not None:
            e.res = st[0]
            return st[1]
        obj_t = prune(self.chk.infer(e.obj, scope))
        return self.field_of(e, obj_t)

    def field_of(self, e: A.Field, obj_t: Type) -> Type:
        if isinstance(obj_t, TVar):
            e.res = DynamicFieldRes(e.name)
            return self.chk.fresh()
        info = self.chk.struct_info(obj_t)
        if info is not None:
            s, mapping = info
            for fname, ft in s.fields:
                if fname == e.name:
                    e.res = FieldRes(e.name)
                    return substitute(ft, mapping)
            self.chk.reporter.emit(
                "E0009", e.name_span, form="no_such_field", type=show(obj_t), field=e.name
            )
            raise Abort()
        if isinstance(obj_t, TCon) and obj_t.name == "HttpResponse":
            e.res = FieldRes(e.name)
            return self.chk.fresh()
        if isinstance(obj_t, TCon) and obj_t.name in CLUSTER_STRUCTS:
            field_type = CLUSTER_STRUCTS[obj_t.name].get(e.name)
            if field_type is not None:
                e.res = FieldRes(e.name)
                return TCon(field_type)
        self.chk.reporter.emit(
            "E0009", e.name_span, form="no_such_field", type=show(obj_t), field=e.name
        )
        raise Abort()

    def infer_Call(self, e: A.Call, scope: Scope) -> Type:
        callee = e.callee
        if is_clustered_callee(callee, scope, self.chk.menv):
            return self.chk.clustered.clustered_call(e, scope)
        nargs = len(e.args) + (1 if e.kwargs else 0)
        if (
            isinstance(callee, A.Field)
            and isinstance(callee.obj, A.Name)
            and callee.obj.name == "Node"
            and callee.name in ("spawn", "spawn_link")
            and scope.lookup("Node") is None
        ):
            return self.chk.actor_calls.remote_spawn(e, scope)
        if (
            isinstance(callee, A.Field)
            and isinstance(callee.obj, A.Name)
            and scope.lookup(callee.obj.name) is None
        ):
            handled = self.chk.dispatch.static_impl_call(e, scope)
            if handled is not None:
                return handled
        if (
            isinstance(callee, A.Field)
            and isinstance(callee.obj, A.Field)
            and isinstance(callee.obj.obj, A.Name)
            and scope.lookup(callee.obj.obj.name) is None
        ):
            handled = self.chk.dispatch.qualified_type_call(e, scope)
            if handled is not None:
                return handled
        if (
            isinstance(callee, A.Name)
            and e.args
            and self.chk.dispatch.is_bare_impl_method(callee.name, scope)
        ):
            e.callee = A.Field(callee.span, e.args[0], callee.name, callee.span)
            e.args = e.args[1:]
            return self.infer_method_call(e, scope)
        if isinstance(callee, A.Name) and scope.lookup(callee.name) is None:
            if (
                callee.name in ("spawn", "send", "link", "monitor", "self")
                and callee.name not in self.chk.menv.arities
            ):
                callee.res = KeywordRes(callee.name)
                return self.chk.actor_calls.keyword_call(e, callee.name, scope)
            self.chk.last_inst = {}
            try:
                res, ft = self.resolve_name(callee.name, callee.span, scope, nargs)
            except Abort:
                for a in e.args:  # unknown callee: its arguments' errors are independent
                    self.chk.recover(a, scope)
                raise
            callee.res = res
            callee.ty = ft
            if isinstance(res, FnRes) and self.chk.dispatch.is_actor(res):
                own = self.chk.ctx is not None and self.chk.ctx.actor_name == (res.module, res.name)
                if not own:
                    code = spawn_code(res.name, e.args)
                    self.chk.reporter.emit(
                        "E0109",
                        callee.span,
                        form=None if code else "arguments_unknown",
                        name=res.name,
                        fix=code,
                    )
                    raise Abort()
                callee.res = ActorRes(res.module, res.name)
                return self.apply(e, ft, list(e.args), scope)
            if isinstance(res, FnRes):
                inst = self.chk.last_inst
                result = self.apply(e, ft, list(e.args), scope)
                self.chk.dispatch.check_bounds(res, inst, e)
                return result
        elif isinstance(callee, A.Field):
            try:
                st = self.chk.members.static_member(callee, scope, nargs)
            except Abort:
                for a in e.args:  # unknown `Mod.f`: its arguments' errors are independent
                    self.chk.recover(a, scope)
                raise
            if st is not None:
                callee.res, callee.ty = st
                ft = st[1]
            else:
                return self.infer_method_call(e, scope)
        else:
            ft = self.chk.infer(callee, scope)
        return self.apply(e, ft, list(e.args), scope)

    def arg_types(self, e: A.Call, args: list[A.Expr], scope: Scope) -> list[Type]:
        ts = [self.chk.recover(a, scope) for a in args]
        if e.kwargs:
            v = self.chk.fresh()
            for _, ke, _ in e.kwargs:
                self.chk.expect(v, self.chk.recover(ke, scope), ke.span)
            ts.append(TCon("Map", (STRING, v)))
        return ts

    def apply(
        self, e: A.Call, ft: Type, args: list[A.Expr], scope: Scope, receiver: Type | None = None
    ) -> Type:
        res = getattr(e.callee, "res", None)
        self.chk.clustered.mark_route_handler(res, args)
        arg_ts = self.arg_types(e, args, scope)
        if isinstance(res, BuiltinRes) and res.qualname in ("DateTime.add", "DateTime.diff"):
            self.chk.dispatch.check_datetime_unit(res.qualname, args)
        if (
            isinstance(res, BuiltinRes)
            and res.qualname in ("Json.encode", "JSON.encode")
            and arg_ts
        ):
            self.chk.dispatch.check_encodable(arg_ts[0], args[0].span, "`Json.encode` argument")
        if isinstance(res, BuiltinRes) and receiver is None:
            made = self.chk.dispatch.iterable_arguments(res.qualname, ft, arg_ts)
            if made is not None:
                return made
        if isinstance(res, BuiltinRes) and res.qualname in OVERLOADS and arg_ts:
            ft = self.chk.dispatch.pick_overload(res.qualname, arg_ts)
        arg_nodes: list[A.Expr] = list(args) + ([e] if e.kwargs else [])
        if receiver is not None:
            arg_ts.insert(0, receiver)
            arg_nodes.insert(0, e.callee)
        if isinstance(res, BuiltinRes) and res.qualname == "Tuple.nth" and len(arg_ts) == 2:
            got = self.chk.dispatch.tuple_nth(arg_ts[0], arg_ts[1], args[1], e)
            if got is not None:
                return got
        if (
            isinstance(res, BuiltinRes)
            and res.qualname in ("Tuple.first", "Tuple.second")
            and arg_ts
        ):
            tt = prune(arg_ts[0])
            idx = 0 if res.qualname == "Tuple.first" else 1
            if (
                isinstance(tt, TCon)
                and tt.name == "Tuple"
                and len(tt.args) > idx
                and len(arg_ts) == 1
            ):
                return tt.args[idx]
        fp = prune(ft)
        if isinstance(fp, TCon):
            self.chk.reporter.emit("E0005", e.callee.span, type=show(fp))
            raise Abort()
        if e.slot is not None and isinstance(fp, TFun):
            self.chk.dispatch.check_slot(e, fp, receiver is not None)
        if isinstance(fp, TFun):
            if len(fp.params) != len(arg_ts):
                report_arity(
                    self.chk.reporter,
                    len(fp.params) - (receiver is not None),
                    len(arg_ts) - (receiver is not None),
                    e.span,
                )
                raise Abort()
            for i, (pt, at) in enumerate(zip(fp.params, arg_ts)):
                try:
                    unify(pt, at)
                except UnifyError as err:
                    node = arg_nodes[i]
                    if err.infinite:
                        report_infinite(self.chk.reporter, err.expected, err.found, node.span)
                    else:
                        pos = i + 1 - (receiver is not None)
                        report_mismatch(
                            self.chk.reporter,
                            pt,
                            at,
                            node.span,
                            "argument",
                            position=pos,
                        )
                    raise Abort() from None
            if isinstance(res, BuiltinRes) and res.qualname in QUERY_FORMS:
                check_query_form(self.chk, res.qualname, e, args, arg_ts)
            return fp.ret
        ret = self.chk.fresh()
        self.chk.expect(ft, TFun(tuple(arg_ts), ret), e.span)
        return ret

    def infer_method_call(self, e: A.Call, scope: Scope) -> Type:
        callee: A.Field = e.callee  # type: ignore[assignment]
        recv_t = prune(self.chk.recover(callee.obj, scope))
        name = callee.name
        info = self.chk.struct_info(recv_t)
        if info is not None and any(f == name for f, _ in info[0].fields):
            ft = self.field_of(callee, recv_t)
            callee.ty = ft
            return self.apply(e, ft, list(e.args), scope)
        got = self.chk.dispatch.trait_dispatch(e, recv_t, name)
        if got is not None:
            res, ft = got
            if res != "deferred":
                e.res = MethodRes(res) if res is not None else None
                if e.res is None:
                    callee.res = None
            return self.apply(e, ft, list(e.args), scope, receiver=recv_t)
        if (
            name == "to_json"
            and isinstance(recv_t, TCon)
            and self.chk.dispatch.derives_json(recv_t)
        ):
            e.res = MethodRes(BuiltinRes("to_json", "mesh.runtime.json_codec", "to_json"))
            return self.apply(e, TFun((recv_t,), JSON), list(e.args), scope, receiver=recv_t)
        if (
            name in ("inspect", "hash")
            and isinstance(recv_t, TCon)
            and self.chk.derives_of(recv_t.name) is not None
            and not self.chk.has_trait(recv_t, BUILTIN_METHOD_TRAITS[name])
        ):
            self.chk.reporter.emit("E0030", callee.name_span, method=name, type=show(recv_t))
            raise Abort()
        if (
            name == "next"
            and not e.args
            and isinstance(recv_t, TCon)
            and recv_t.name in _ITERATOR_HANDLES
        ):
            # `Iterator.next` of the built-in iterators (spec 02 §11): the next element.
            e.res = MethodRes(builtin_res("Iter.next"))
            item = cast(Type, self.chk.dispatch.iteration_item(recv_t))  # known for handles
            return TCon("Option", (item,))
        if name in TRAIT_METHODS:
            _, py, sig = TRAIT_METHODS[name]
            target = BuiltinRes(name, "core", py)
            e.res = MethodRes(target)
            ft = D.signature_type(sig, self.chk.resolver, self.chk.menv, self.chk.level)
            return self.apply(e, ft, list(e.args), scope, receiver=recv_t)
        mod = _METHOD_MODULES.get(recv_t.name) if isinstance(recv_t, TCon) else None
        if mod is not None and f"{mod}.{name}" in SIGNATURES:
            qual = f"{mod}.{name}"
            e.res = MethodRes(builtin_res(qual))
            return self.apply(e, self.builtin_type(qual), list(e.args), scope, receiver=recv_t)
        if isinstance(recv_t, TVar):
            for a in e.args:
                self.chk.infer(a, scope)
            for _, ke, _ in e.kwargs:
                self.chk.infer(ke, scope)
            return self.chk.fresh()
        self.chk.reporter.emit("E0030", callee.name_span, method=name, type=show(recv_t))
        raise Abort()

    def infer_Unary(self, e: A.Unary, scope: Scope) -> Type:
        t = self.chk.infer(e.operand, scope)
        if e.op == "not":
            self.chk.expect(BOOL, t, e.operand.span)
            return BOOL
        p = prune(t)
        if isinstance(p, TCon) and p.name not in ("Int", "Float", "Never"):
            impl = next(iter(self.chk.tenv.impls_for(p.name, "Neg")), None)
            if impl is None:
                report_not_implemented(self.chk, p, "Neg", e.span)
                raise Abort()
            got = cast(ImplMethodType, self.chk.dispatch.impl_method_type(impl, "neg"))
            ft = prune(got[1])
            return ft.ret if isinstance(ft, TFun) else impl.assoc.get("Output", t)
        return t

    def infer_Binary(self, e: A.Binary, scope: Scope) -> Type:
        op = e.op
        lt = self.chk.recover(e.left, scope)
        rt = self.chk.recover(e.right, scope)
        if op in ("and", "or"):
            self.chk.expect(BOOL, lt, e.left.span)
            self.chk.expect(BOOL, rt, e.right.span)
            return BOOL
        if op == "..":
            self.chk.expect(INT, lt, e.left.span)
            self.chk.expect(INT, rt, e.right.span)
            return RANGE
        self.chk.expect(lt, rt, e.right.span)
        t = prune(lt)
        if op in _ARITH_TRAITS:
            if isinstance(t, TCon) and t.name not in ("Int", "Float", "Never"):
                trait, method = OPERATOR_TRAITS[op]
                impl = next(iter(self.chk.tenv.impls_for(t.name, trait)), None)
                if impl is None:
                    report_not_implemented(self.chk, t, _ARITH_TRAITS[op], e.span)
                    raise Abort()
                got = cast(ImplMethodType, self.chk.dispatch.impl_method_type(impl, method))
                ft = prune(got[1])
                if isinstance(ft, TFun) and len(ft.params) == 2:
                    self.chk.expect(ft.params[0], lt, e.left.span)
                    self.chk.expect(ft.params[1], rt, e.right.span)
                    return ft.ret
                return impl.assoc.get("Output", lt)
            return lt
        if op == "<>":
            if isinstance(t, TCon) and t.name not in ("String", "Json", "List", "Never"):
                report_mismatch(
                    self.chk.reporter,
                    STRING,
                    t,
                    e.span,
                    "concatenation",
                )
                raise Abort()
            return lt
        if op in ("==", "!="):
            if isinstance(t, TFun) or not self.chk.has_trait(t, "Eq"):
                report_not_implemented(self.chk, t, "Eq", e.span)
                raise Abort()
            return BOOL
        if isinstance(t, TFun) or not self.chk.has_trait(t, "Ord"):
            report_not_implemented(self.chk, t, "Ord", e.span)
            raise Abort()
        return BOOL


def _regex_problem(pattern: str, flags: str) -> str | None:
    """What is wrong with a regex literal, or None: the run time's own check (imported on
    first use: most programs have no regex literal)."""
    from mesh.runtime.stdlib.regex import check

    return cast("str | None", check(pattern, flags))
