"""Expression inference (spec 02 §4–§13): annotates `ty` and `res` on the AST in place."""

from __future__ import annotations

import itertools

from mesh.compiler import ast as A
from mesh.compiler.ast_walk import children
from mesh.compiler.diagnostics import Label, Reporter
from mesh.compiler.resolved import (
    ActorRes,
    BuiltinRes,
    CtorRes,
    DynamicFieldRes,
    FieldRes,
    FnRes,
    KeywordRes,
    LocalRes,
    MethodRes,
    StructRes,
)
from mesh.compiler.stdlib_types import OVERLOADS, SIGNATURES, SNAKE_ALIASES
from mesh.compiler.stdlib_types_cluster import CLUSTER_STRUCTS
from mesh.compiler.types import decls as D
from mesh.compiler.types.actor_calls import ActorCallsMixin
from mesh.compiler.types.clustered import ClusteredMixin, is_clustered_callee
from mesh.compiler.types.common import (  # noqa: F401  (re-exported for the checker modules)
    _BUILTIN_METHOD_TRAITS,
    _DT_UNITS,
    TRAIT_METHODS,
    FnCtx,
    Scope,
    _callee_name,
    _did_you_mean,
    _tail_span,
    builtin_res,
)
from mesh.compiler.types.control import ControlMixin
from mesh.compiler.types.dispatch import DispatchMixin
from mesh.compiler.types.errors import (
    Abort,
    closest,
    report_arity,
    report_infinite,
    report_mismatch,
    report_not_implemented,
    report_unsupported,
)
from mesh.compiler.types.members import MembersMixin
from mesh.compiler.types.patterns import PatternsMixin
from mesh.compiler.types.query_forms import QUERY_FORMS, check_query_form
from mesh.compiler.types.traits import OPERATOR_TRAITS, TraitEnv
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
    generalize,
    instantiate,
    mono,
    substitute,
    unify,
)

_uids = itertools.count(1)

_ITERATOR_HANDLES = {"Iter", "ListIterator", "MapIterator", "SetIterator", "RangeIterator"}
_METHOD_MODULES = {"String": "String", "List": "List", "Map": "Map", "Set": "Set", "Range": "Range"}
_ARITH_TRAITS = {"+": "Add", "-": "Sub", "*": "Mul", "/": "Div", "%": "Mod"}
_NO_ORD = {"Map", "Set", "Atom", "Pid", "Json", "Regex"}
# Error recovery (issue 19): a failed argument, operand, literal item or statement gets a
# fresh type so its siblings are still checked and every independent error of a function
# is reported in one run, up to these caps (docs/diagnostics.md).
MAX_ERRORS_PER_FUNCTION = 20
MAX_ERRORS_PER_PROGRAM = 100


class Inferer(
    ControlMixin, DispatchMixin, ActorCallsMixin, PatternsMixin, ClusteredMixin, MembersMixin
):
    def __init__(
        self,
        menv: D.ModuleEnv,
        envs: dict[str, D.ModuleEnv],
        resolver: D.TypeResolver,
        reporter: Reporter,
    ) -> None:
        self.menv = menv
        self.envs = envs
        self.resolver = resolver
        self.reporter = reporter
        self.level = 1
        self.ctx: FnCtx | None = None
        self.exhaustive = None  # set by items.py (avoids an import cycle)
        self.tenv: TraitEnv = TraitEnv()  # replaced by the program-wide one
        self.last_inst: dict[int, Type] = {}

    # -- helpers ------------------------------------------------------------------------------

    def fresh(self) -> TVar:
        return TVar(self.level)

    def expect(
        self,
        expected: Type,
        found: Type,
        span,
        label: str | None = None,
        labels: list[Label] | None = None,
    ) -> None:
        try:
            unify(expected, found)
        except UnifyError as e:
            if e.infinite:
                report_infinite(self.reporter, e.expected, e.found, span)
            else:
                report_mismatch(self.reporter, expected, found, span, label, labels)
            raise Abort() from None

    def annotation(self, te: A.TypeExpr, tvars: dict[str, Type] | None = None) -> Type:
        return self.resolver.resolve(te, self.menv, tvars or {})

    def new_local(self, name: str) -> LocalRes:
        return LocalRes(name, next(_uids))

    # -- blocks and statements ----------------------------------------------------------------

    def infer_block(self, block: A.Block, scope: Scope) -> Type:
        scope = Scope(scope)
        result: Type = UNIT
        stmts = block.stmts
        i = 0
        while i < len(stmts):
            st = stmts[i]
            if isinstance(st, A.FnDef):
                j = i + 1
                while (
                    j < len(stmts)
                    and isinstance(stmts[j], A.FnDef)
                    and stmts[j].name == st.name
                    and len(stmts[j].params) == len(st.params)
                ):
                    j += 1
                self.infer_local_fn(stmts[i:j], scope)
                result = UNIT
                i = j
                continue
            try:
                if isinstance(st, A.Let):
                    result = self.infer_let(st, scope)
                else:
                    result = self.infer(st, scope)
            except Abort:
                if not self.may_recover():
                    raise
                result = self.fresh()
                if isinstance(st, A.Let):
                    self.bind_after_error(st.pattern, scope)
            i += 1
        block.ty = result
        return result

    def infer_let(self, st: A.Let, scope: Scope) -> Type:
        self.level += 1
        try:
            t = self.infer(st.value, scope)
            if st.annotation is not None:
                ann = self.annotation(st.annotation)
                self.expect(ann, t, st.value.span, f"expected {show(ann)} from annotation")
                t = ann
        finally:
            self.level -= 1
        pat = st.pattern
        if isinstance(pat, A.PVar):
            res = self.new_local(pat.name)
            pat.res = res
            pat.ty = t
            bounded = (
                isinstance(st.value, A.Name)
                and isinstance(st.value.res, FnRes)
                and self.has_where(st.value.res)
            )
            scope.vars[pat.name] = (mono(t) if bounded else generalize(t, self.level), res)
        elif isinstance(pat, A.PWild):
            pat.ty = t
        else:
            self.check_irrefutable_let(pat)
            bindings: dict = {}
            self.infer_pattern(pat, t, bindings, scope)
            for name, (bt, res) in bindings.items():
                scope.vars[name] = (mono(bt), res)
        return t

    def bind_after_error(self, pat: A.Pattern, scope: Scope) -> None:
        """A failed `let` still binds its names (to a fresh type): one error, not a cascade."""
        if isinstance(pat, A.PVar):
            res = self.new_local(pat.name)
            pat.res = res
            scope.vars[pat.name] = (mono(self.fresh()), res)
        elif isinstance(pat, A.PTuple):
            for p in pat.items:
                self.bind_after_error(p, scope)

    def check_irrefutable_let(self, pat: A.Pattern) -> None:
        if isinstance(pat, (A.PVar, A.PWild)):
            return
        if isinstance(pat, A.PTuple):
            for p in pat.items:
                self.check_irrefutable_let(p)
            return
        self.reporter.emit("E0101", pat.span)
        raise Abort()

    def infer_local_fn(self, clauses: list[A.FnDef], scope: Scope) -> None:
        first = clauses[0]
        arity = len(first.params)
        res = FnRes("", first.name, arity, next(_uids))
        for c in clauses:
            c.res = res
        self.level += 1
        fn_type = self.fn_type_from_annotations(first, {})
        scope.vars[first.name] = (mono(fn_type), res)
        self.check_clauses(clauses, fn_type, scope, first.name)
        self.level -= 1
        scope.vars[first.name] = (generalize(fn_type, self.level), res)

    def fn_type_from_annotations(self, fn: A.FnDef, tvars: dict[str, Type]) -> TFun:
        for g in fn.generics:
            tvars.setdefault(g, TVar(self.level, name=g))
        params = []
        for p in fn.params:
            params.append(self.annotation(p.annotation, tvars) if p.annotation else self.fresh())
        ret = self.annotation(fn.ret, tvars) if fn.ret else self.fresh()
        fn.tvars = tvars
        return TFun(tuple(params), ret)

    def check_clauses(self, clauses: list[A.FnDef], fn_type: TFun, scope: Scope, name: str) -> None:
        """Check every clause body against the (shared) function type."""
        self.fn_errors_base = self.errors_reported()
        declared = clauses[0].ret is not None
        rows = []
        for c in clauses:
            saved_ctx = self.ctx
            self.ctx = FnCtx(fn_type.ret, declared, name=name)
            inner = Scope(scope)
            bindings: dict = {}
            try:
                for p, pt in zip(c.params, fn_type.params):
                    self.infer_pattern(p.pattern, pt, bindings, inner)
                for bname, (bt, res) in bindings.items():
                    inner.vars[bname] = (mono(bt), res)
                if c.guard is not None:
                    self.check_guard(c.guard, inner)
                body_t = self.infer_body(c.body, inner)
                self.expect(
                    fn_type.ret,
                    body_t,
                    _tail_span(c.body),
                    f"expected {show(fn_type.ret)}, found {show(body_t)}",
                )
            except Abort:
                pass
            finally:
                self.resolve_pending_tries(self.ctx)
                self.ctx = saved_ctx
            rows.append(([p.pattern for p in c.params], c.guard is not None, c.span))
        if len(clauses) > 1 or any(
            not isinstance(p.pattern, (A.PVar, A.PWild)) for p in clauses[0].params
        ):
            self.exhaustive.check_clauses(self, rows, fn_type, clauses)

    def infer_body(self, body: A.Expr, scope: Scope) -> Type:
        if isinstance(body, A.Block):
            return self.infer_block(body, scope)
        return self.infer(body, scope)

    def check_guard(self, guard: A.Expr, scope: Scope) -> None:
        t = self.infer(guard, scope)
        if _may_suspend(guard):
            self.reporter.error(
                "E0013",
                "invalid guard: guard must not suspend",
                guard.span,
                "this guard may suspend",
                help="compute the value before the case/receive",
                message="invalid guard expression: guard must not suspend",
            )
            raise Abort()
        try:
            unify(BOOL, t)
        except UnifyError:
            self.reporter.error(
                "E0025",
                f"guard expression must return `Bool`, found `{show(t)}`",
                guard.span,
                "expected Bool",
            )
            raise Abort() from None

    # -- expressions -----------------------------------------------------------------------------

    def recover(self, e, scope: Scope) -> Type:
        """`infer(e)`, or a fresh type once its error is reported (within the caps)."""
        try:
            return self.infer(e, scope)
        except Abort:
            if not self.may_recover():
                raise
            return self.fresh()

    fn_errors_base = 0  # errors reported before the function being checked

    def errors_reported(self) -> int:
        return sum(1 for d in self.reporter.items if d.severity == "error")

    def may_recover(self) -> bool:
        n = self.errors_reported()
        return n < MAX_ERRORS_PER_PROGRAM and n - self.fn_errors_base < MAX_ERRORS_PER_FUNCTION

    def program_error_cap_reached(self) -> bool:
        return self.errors_reported() >= MAX_ERRORS_PER_PROGRAM

    def infer(self, e, scope: Scope) -> Type:
        method = getattr(self, "infer_" + type(e).__name__, None)
        if method is None:
            raise NotImplementedError(type(e).__name__)
        t = method(e, scope)
        e.ty = t
        return t

    def infer_IntLit(self, e, scope):
        return INT

    def infer_FloatLit(self, e, scope):
        return FLOAT

    def infer_BoolLit(self, e, scope):
        return BOOL

    def infer_NilLit(self, e, scope):
        return UNIT

    def infer_AtomLit(self, e, scope):
        return ATOM

    def infer_RegexLit(self, e, scope):
        from mesh.runtime.stdlib.regex import check

        problem = check(e.pattern, e.flags)
        if problem is not None:
            self.reporter.emit(
                "E0106", e.span, note=problem, label=(problem.splitlines() or ["invalid regex"])[-1]
            )
            raise Abort()
        return REGEX

    def infer_StringLit(self, e, scope):
        for part in e.parts:
            if isinstance(part, str):
                continue
            t = prune(self.recover(part, scope))
            if isinstance(t, TFun):
                report_not_implemented(self.reporter, t, "Display", part.span)
                raise Abort()
        return STRING

    def infer_JsonLit(self, e, scope):
        for fname, v, _ in e.fields:
            t = prune(self.infer(v, scope))
            self.check_encodable(t, v.span, f"json field `{fname}`")
        return JSON

    def infer_TupleLit(self, e, scope):
        return TCon("Tuple", tuple(self.recover(x, scope) for x in e.items))

    def infer_ListLit(self, e, scope):
        elem = self.fresh()
        for x in e.items:
            t = self.recover(x, scope)
            self.expect(elem, t, x.span)
        return list_of(elem)

    def infer_MapLit(self, e, scope):
        k, v = self.fresh(), self.fresh()
        for ke, ve in e.entries:
            self.expect(k, self.recover(ke, scope), ke.span)
            self.expect(v, self.recover(ve, scope), ve.span)
        return TCon("Map", (k, v))

    def infer_Index(self, e, scope):
        self.reporter.emit("E0104", e.span)
        raise Abort()

    def infer_SelfRef(self, e, scope):
        found = scope.lookup("self")
        if found is None:
            report_unsupported(self.reporter, "`self` outside an impl method is", e.span)
            raise Abort()
        e.res = found[1]
        return instantiate(found[0], self.level)

    def infer_Name(self, e: A.Name, scope: Scope) -> Type:
        self.last_inst = {}
        res, t = self.resolve_name(e.name, e.span, scope, None)
        e.res = res
        if isinstance(res, FnRes) and self.has_where(res) and self.ctx is not None:
            # A bounded function passed as a value: check its bounds once the body is typed.
            self.ctx.pending_bounds.append((self.last_inst, res, e.span))
        return t

    def resolve_name(self, name: str, span, scope: Scope, arity: int | None):
        """Value-position name lookup (spec 01 §9, 02 §10); `arity` picks among overloads."""
        found = scope.lookup(name)
        if found is not None:
            scheme, res = found
            return res, instantiate(scheme, self.level)
        menv = self.menv
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
                s.qual, tuple(TVar(self.level) for _ in s.params)
            )
        v = menv.variants.get(name) or D.BUILTIN_VARIANTS.get(name)
        if v is not None:
            return self.ctor_res(v), D.variant_ctor_type(v, self.level)
        qual = menv.imported_builtins.get(name)
        if qual is None and name in SIGNATURES and "." not in name:
            qual = name
        if qual is None:
            qual = SNAKE_ALIASES.get(name)
        if qual is not None:
            return builtin_res(qual), self.builtin_type(qual)
        cands = list(scope.names()) + list(menv.arities) + list(menv.imported_fns)
        sugg = closest(name, cands)
        self.reporter.error(
            "E0004",
            f"undefined variable: {name}",
            span,
            "not found in this scope",
            help=f"did you mean `{sugg}`?" if sugg else None,
            message=f"unbound variable `{name}`",
        )
        raise Abort()

    def pick_fn(self, name, arity, arities, table, span):
        if not arities:
            return None
        if arity is not None and arity in arities:
            return table[(name, arity)]
        return table[(name, arities[0])]

    def fn_value_type(self, fn: D.FnInfo) -> Type:
        if fn.scheme is not None:
            self.last_inst = {v.id: TVar(self.level, name=v.name) for v in fn.scheme.vars}
            return substitute(fn.scheme.ty, self.last_inst)
        if fn.mono is not None:
            return fn.mono
        return self.fresh()

    def builtin_type(self, qual: str) -> Type:
        return D.signature_type(SIGNATURES[qual], self.resolver, self.menv, self.level)

    def ctor_res(self, v: D.VariantInfo) -> CtorRes:
        return CtorRes(v.sum.module, v.sum.name, v.name, v.index, len(v.fields))

    # -- member access ----------------------------------------------------------------------------

    def infer_Field(self, e: A.Field, scope: Scope) -> Type:
        st = self.static_member(e, scope, None)
        if st is not None:
            e.res = st[0]
            return st[1]
        obj_t = prune(self.infer(e.obj, scope))
        return self.field_of(e, obj_t)

    def field_of(self, e: A.Field, obj_t: Type) -> Type:
        if isinstance(obj_t, TVar):
            e.res = DynamicFieldRes(e.name)
            return self.fresh()
        info = self.struct_info(obj_t)
        if info is not None:
            s, mapping = info
            for fname, ft in s.fields:
                if fname == e.name:
                    e.res = FieldRes(e.name)
                    from mesh.compiler.types.unify import substitute

                    return substitute(ft, mapping)
            self.reporter.error(
                "E0009",
                f"type {show(obj_t)} has no field {e.name}",
                e.name_span,
                f"no field `{e.name}`",
                message=f"type `{show(obj_t)}` has no field `{e.name}`",
            )
            raise Abort()
        if isinstance(obj_t, TCon) and obj_t.name == "HttpResponse":
            e.res = FieldRes(e.name)
            return self.fresh()
        if isinstance(obj_t, TCon) and obj_t.name in CLUSTER_STRUCTS:
            ft = CLUSTER_STRUCTS[obj_t.name].get(e.name)
            if ft is not None:
                e.res = FieldRes(e.name)
                return TCon(ft)
        self.reporter.error(
            "E0009",
            f"type {show(obj_t)} has no field {e.name}",
            e.name_span,
            f"no field `{e.name}`",
            message=f"type `{show(obj_t)}` has no field `{e.name}`",
        )
        raise Abort()

    def struct_info(self, t: Type):
        t = prune(t)
        if not isinstance(t, TCon):
            return None
        for env in self.envs.values():
            for s in env.structs.values():
                if s.qual == t.name:
                    return s, {p.id: a for p, a in zip(s.params, t.args)}
        return None

    # -- calls ---------------------------------------------------------------------------------------

    def infer_Call(self, e: A.Call, scope: Scope) -> Type:
        callee = e.callee
        if is_clustered_callee(callee, scope, self.menv):
            return self.clustered_call(e, scope)
        nargs = len(e.args) + (1 if e.kwargs else 0)
        if (
            isinstance(callee, A.Field)
            and isinstance(callee.obj, A.Name)
            and callee.obj.name == "Node"
            and callee.name in ("spawn", "spawn_link")
            and scope.lookup("Node") is None
        ):
            return self.remote_spawn(e, scope)
        if (
            isinstance(callee, A.Field)
            and isinstance(callee.obj, A.Name)
            and scope.lookup(callee.obj.name) is None
        ):
            handled = self.static_impl_call(e, scope)
            if handled is not None:
                return handled
        if (
            isinstance(callee, A.Field)
            and isinstance(callee.obj, A.Field)
            and isinstance(callee.obj.obj, A.Name)
            and scope.lookup(callee.obj.obj.name) is None
        ):
            handled = self.qualified_type_call(e, scope)
            if handled is not None:
                return handled
        if isinstance(callee, A.Name) and e.args and self.is_bare_impl_method(callee.name, scope):
            e.callee = A.Field(callee.span, e.args[0], callee.name, callee.span)
            e.args = e.args[1:]
            return self.infer_method_call(e, scope)
        if isinstance(callee, A.Name) and scope.lookup(callee.name) is None:
            if (
                callee.name in ("spawn", "send", "link", "monitor", "self")
                and callee.name not in self.menv.arities
            ):
                callee.res = KeywordRes(callee.name)
                return self.keyword_call(e, callee.name, scope)
            self.last_inst = {}
            try:
                res, ft = self.resolve_name(callee.name, callee.span, scope, nargs)
            except Abort:
                for a in e.args:  # unknown callee: its arguments' errors are independent
                    self.recover(a, scope)
                raise
            callee.res = res
            callee.ty = ft
            if isinstance(res, FnRes) and self.is_actor(res):
                own = self.ctx is not None and self.ctx.actor_name == (res.module, res.name)
                if not own:
                    self.reporter.emit("E0109", callee.span, name=res.name)
                    raise Abort()
                callee.res = ActorRes(res.module, res.name)
                return self.apply(e, ft, list(e.args), scope)
            if isinstance(res, FnRes):
                inst = self.last_inst
                result = self.apply(e, ft, list(e.args), scope)
                self.check_bounds(res, inst, e)
                return result
        elif isinstance(callee, A.Field):
            try:
                st = self.static_member(callee, scope, nargs)
            except Abort:
                for a in e.args:  # unknown `Mod.f`: its arguments' errors are independent
                    self.recover(a, scope)
                raise
            if st is not None:
                callee.res, callee.ty = st
                ft = st[1]
            else:
                return self.infer_method_call(e, scope)
        else:
            ft = self.infer(callee, scope)
        return self.apply(e, ft, list(e.args), scope)

    def arg_types(self, e: A.Call, args: list[A.Expr], scope: Scope) -> list[Type]:
        ts = [self.recover(a, scope) for a in args]
        if e.kwargs:
            v = self.fresh()
            for _, ke, _ in e.kwargs:
                self.expect(v, self.recover(ke, scope), ke.span)
            ts.append(TCon("Map", (STRING, v)))
        return ts

    def apply(
        self, e: A.Call, ft: Type, args: list[A.Expr], scope: Scope, receiver: Type | None = None
    ) -> Type:
        res = getattr(e.callee, "res", None)
        self.mark_route_handler(res, args)
        arg_ts = self.arg_types(e, args, scope)
        if isinstance(res, BuiltinRes) and res.qualname in ("DateTime.add", "DateTime.diff"):
            self.check_datetime_unit(res.qualname, args)
        if (
            isinstance(res, BuiltinRes)
            and res.qualname in ("Json.encode", "JSON.encode")
            and arg_ts
        ):
            self.check_encodable(arg_ts[0], args[0].span, "`Json.encode` argument")
        if isinstance(res, BuiltinRes) and receiver is None:
            made = self.iterable_arguments(res.qualname, ft, arg_ts)
            if made is not None:
                return made
        if isinstance(res, BuiltinRes) and res.qualname in OVERLOADS and arg_ts:
            ft = self.pick_overload(res.qualname, arg_ts)
        arg_nodes: list = list(args) + ([e] if e.kwargs else [])
        if receiver is not None:
            arg_ts.insert(0, receiver)
            arg_nodes.insert(0, e.callee)
        if isinstance(res, BuiltinRes) and res.qualname == "Tuple.nth" and len(arg_ts) == 2:
            got = self.tuple_nth(arg_ts[0], arg_ts[1], args[1], e)
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
            self.reporter.error(
                "E0005",
                f"type {show(fp)} is not callable",
                e.callee.span,
                f"{show(fp)} is not a function",
                help="did you mean to call it? Remove the argument list",
                message=f"`{show(fp)}` is not a function",
            )
            raise Abort()
        if e.slot is not None and isinstance(fp, TFun):
            self.check_slot(e, fp, receiver is not None)
        if isinstance(fp, TFun):
            if len(fp.params) != len(arg_ts):
                report_arity(
                    self.reporter,
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
                        report_infinite(self.reporter, err.expected, err.found, node.span)
                    else:
                        pos = i + 1 - (receiver is not None)
                        report_mismatch(
                            self.reporter,
                            pt,
                            at,
                            node.span,
                            f"argument {pos} has type {show(at)}, expected {show(pt)}",
                        )
                    raise Abort() from None
            if isinstance(res, BuiltinRes) and res.qualname in QUERY_FORMS:
                check_query_form(self, res.qualname, e, args, arg_ts)
            return fp.ret
        ret = self.fresh()
        self.expect(ft, TFun(tuple(arg_ts), ret), e.span)
        return ret

    def infer_method_call(self, e: A.Call, scope: Scope) -> Type:
        callee: A.Field = e.callee  # type: ignore[assignment]
        recv_t = prune(self.recover(callee.obj, scope))
        name = callee.name
        info = self.struct_info(recv_t)
        if info is not None and any(f == name for f, _ in info[0].fields):
            ft = self.field_of(callee, recv_t)
            callee.ty = ft
            return self.apply(e, ft, list(e.args), scope)
        got = self.trait_dispatch(e, recv_t, name)
        if got is not None:
            res, ft = got
            if res != "deferred":
                e.res = MethodRes(res) if res is not None else None
                if e.res is None:
                    callee.res = None
            return self.apply(e, ft, list(e.args), scope, receiver=recv_t)
        if name == "to_json" and isinstance(recv_t, TCon) and self.derives_json(recv_t):
            e.res = MethodRes(BuiltinRes("to_json", "mesh.runtime.json_codec", "to_json"))
            return self.apply(e, TFun((recv_t,), JSON), list(e.args), scope, receiver=recv_t)
        if (
            name in ("inspect", "hash")
            and isinstance(recv_t, TCon)
            and self.derives_of(recv_t.name) is not None
            and not self.has_trait(recv_t, _BUILTIN_METHOD_TRAITS[name])
        ):
            ts = show(recv_t)
            self.reporter.error(
                "E0030",
                f"no method `{name}` on type `{ts}`",
                callee.name_span,
                f"method `{name}` not found",
                help=f"type `{ts}` has no trait impl providing `{name}`",
                message=f"no method `{name}` on type `{ts}`",
            )
            raise Abort()
        if (
            name == "next"
            and not e.args
            and isinstance(recv_t, TCon)
            and recv_t.name in _ITERATOR_HANDLES
        ):
            # `Iterator.next` of the built-in iterators (spec 02 §11): the next element.
            e.res = MethodRes(builtin_res("Iter.next"))
            return TCon("Option", (self.iteration_item(recv_t),))
        if name in TRAIT_METHODS:
            _, py, sig = TRAIT_METHODS[name]
            target = BuiltinRes(name, "core", py)
            e.res = MethodRes(target)
            ft = D.signature_type(sig, self.resolver, self.menv, self.level)
            return self.apply(e, ft, list(e.args), scope, receiver=recv_t)
        mod = _METHOD_MODULES.get(recv_t.name) if isinstance(recv_t, TCon) else None
        if mod is not None and f"{mod}.{name}" in SIGNATURES:
            qual = f"{mod}.{name}"
            e.res = MethodRes(builtin_res(qual))
            return self.apply(e, self.builtin_type(qual), list(e.args), scope, receiver=recv_t)
        if isinstance(recv_t, TVar):
            for a in e.args:
                self.infer(a, scope)
            for _, ke, _ in e.kwargs:
                self.infer(ke, scope)
            return self.fresh()
        ts = show(recv_t)
        self.reporter.error(
            "E0030",
            f"no method `{name}` on type `{ts}`",
            callee.name_span,
            f"method `{name}` not found",
            help=f"type `{ts}` has no trait impl providing `{name}`",
            message=f"no method `{name}` on type `{ts}`",
        )
        raise Abort()

    # -- operators -----------------------------------------------------------------------------------

    def infer_Unary(self, e: A.Unary, scope):
        t = self.infer(e.operand, scope)
        if e.op == "not":
            self.expect(BOOL, t, e.operand.span)
            return BOOL
        p = prune(t)
        if isinstance(p, TCon) and p.name not in ("Int", "Float", "Never"):
            impl = next(iter(self.tenv.impls_for(p.name, "Neg")), None)
            if impl is None:
                report_not_implemented(self.reporter, p, "Neg", e.span)
                raise Abort()
            got = self.impl_method_type(impl, "neg")
            ft = prune(got[1])
            return ft.ret if isinstance(ft, TFun) else impl.assoc.get("Output", t)
        return t

    def infer_Binary(self, e: A.Binary, scope):
        op = e.op
        lt = self.recover(e.left, scope)
        rt = self.recover(e.right, scope)
        if op in ("and", "or"):
            self.expect(BOOL, lt, e.left.span)
            self.expect(BOOL, rt, e.right.span)
            return BOOL
        if op == "..":
            self.expect(INT, lt, e.left.span)
            self.expect(INT, rt, e.right.span)
            return RANGE
        self.expect(lt, rt, e.right.span)
        t = prune(lt)
        if op in _ARITH_TRAITS:
            if isinstance(t, TCon) and t.name not in ("Int", "Float", "Never"):
                trait, method = OPERATOR_TRAITS[op]
                impl = next(iter(self.tenv.impls_for(t.name, trait)), None)
                if impl is None:
                    report_not_implemented(self.reporter, t, _ARITH_TRAITS[op], e.span)
                    raise Abort()
                got = self.impl_method_type(impl, method)
                ft = prune(got[1])
                if isinstance(ft, TFun) and len(ft.params) == 2:
                    self.expect(ft.params[0], lt, e.left.span)
                    self.expect(ft.params[1], rt, e.right.span)
                    return ft.ret
                return impl.assoc.get("Output", lt)
            return lt
        if op == "<>":
            if isinstance(t, TCon) and t.name not in ("String", "Json", "List", "Never"):
                report_mismatch(
                    self.reporter,
                    STRING,
                    t,
                    e.span,
                    "`<>` and `++` concatenate two Strings or two Lists",
                )
                raise Abort()
            return lt
        if op in ("==", "!="):
            if isinstance(t, TFun) or not self.has_trait(t, "Eq"):
                report_not_implemented(self.reporter, t, "Eq", e.span)
                raise Abort()
            return BOOL
        if isinstance(t, TFun) or not self.has_trait(t, "Ord"):
            report_not_implemented(self.reporter, t, "Ord", e.span)
            raise Abort()
        return BOOL

    def has_trait(self, t: Type, trait: str, seen: set[int] | None = None) -> bool:
        t = prune(t)
        if isinstance(t, TVar):
            return True
        if isinstance(t, TFun):
            return False
        if t.name in ("Int", "Float", "String", "Bool", "Never") and trait in (
            "Eq",
            "Ord",
            "Display",
            "Debug",
            "Hash",
        ):
            return trait != "Ord" or t.name != "Bool" or True
        if t.name in ("Int", "Float", "String", "Bool", "Never"):
            return self.tenv.has_impl(t.name, trait)
        if trait == "Ord" and t.name in _NO_ORD:
            return False
        if t.name in ("List", "Tuple", "Option", "Result", "Map", "Set", "Ordering"):
            # A shared node seen again already passed (a failure ends the whole walk), so a
            # type DAG is walked once, not as its 2^depth tree (issue 13).
            if seen is None:
                seen = set()
            elif id(t) in seen:
                return True
            seen.add(id(t))
            return all(self.has_trait(a, trait, seen) for a in t.args)
        if self.tenv.has_impl(t.name, trait):
            return True
        derives = self.derives_of(t.name)
        if derives is None:
            return not self.tenv.impls_for(t.name)  # opaque handle types
        return trait in derives

    def derives_of(self, qual: str) -> set[str] | None:
        for env in self.envs.values():
            for table in (env.structs, env.sums):
                for info in table.values():
                    if info.qual == qual:
                        decl = info.decl
                        if decl is None or decl.deriving is None:
                            return {"Eq", "Ord", "Debug", "Hash"}
                        return {n for n, _ in decl.deriving}
        return None

    # -- control flow -----------------------------------------------------------------------------------

    def infer_Block(self, e, scope):
        return self.infer_block(e, scope)


def _may_suspend(e) -> bool:
    """Syntactic check for guards: `receive`, suspending builtins, service calls."""
    from mesh.compiler.resolved import ServiceFnRes
    from mesh.compiler.stdlib_types import SUSPENDING

    stack = [e]
    while stack:
        n = stack.pop()
        if isinstance(n, A.Receive):
            return True
        if isinstance(n, A.Closure):
            continue
        res = getattr(n, "res", None)
        if isinstance(res, BuiltinRes) and res.qualname in SUSPENDING:
            return True
        if isinstance(res, ServiceFnRes) and res.kind == "call":
            return True
        stack.extend(children(n))
    return False
