"""Expression inference (spec 02 §4–§13): annotates `ty` and `res` on the AST in place."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Label, Reporter
from mesh.compiler.resolved import (
    ActorRes, BuiltinRes, CtorRes, DynamicFieldRes, FieldRes, FnRes, KeywordRes, LocalRes,
    MethodRes, StructRes, SupervisorRes,
)
from mesh.compiler.stdlib_types import MODULES, OVERLOADS, SIGNATURES, SNAKE_ALIASES, py_name
from mesh.compiler.types import decls as D
from mesh.compiler.types.errors import (
    Abort, closest, report_arity, report_infinite, report_mismatch, report_not_implemented,
    report_unsupported,
)
from mesh.compiler.types.ty import (
    ATOM, BOOL, FLOAT, INT, JSON, RANGE, REGEX, STRING, UNIT, TCon, TFun, TVar, Type,
    list_of, option_of, prune, result_of, show,
)
from mesh.compiler.types.traits import OPERATOR_TRAITS, TraitEnv, head_key
from mesh.compiler.types.unify import (
    Scheme, UnifyError, generalize, instantiate, mono, substitute, unify,
)

_uids = itertools.count(1)

# Builtin trait methods available on every receiver (spec 03 B0).
TRAIT_METHODS = {
    "to_string": ("to_string", "display", "<T>(T) -> String"),
    "inspect": ("inspect", "debug", "<T>(T) -> String"),
    "hash": ("hash", "hash", "<T>(T) -> Int"),
}
_BUILTIN_METHOD_TRAITS = {"to_string": "Display", "inspect": "Debug", "hash": "Hash"}
_METHOD_MODULES = {"String": "String", "List": "List", "Map": "Map", "Set": "Set",
                   "Range": "Range"}
_DT_UNITS = {"ms", "second", "minute", "hour", "day", "week"}
_ARITH_TRAITS = {"+": "Add", "-": "Sub", "*": "Mul", "/": "Div", "%": "Mod"}
_NO_ORD = {"Map", "Set", "Atom", "Pid", "Json", "Regex"}


def builtin_res(qualname: str) -> BuiltinRes:
    if "." in qualname:
        mod, fn = qualname.split(".", 1)
        return BuiltinRes(qualname, MODULES.get(mod, mod.lower()), py_name(fn))
    return BuiltinRes(qualname, "prelude", py_name(qualname))


class Scope:
    __slots__ = ("vars", "parent")

    def __init__(self, parent: "Scope | None" = None) -> None:
        self.vars: dict[str, tuple[Scheme, object]] = {}
        self.parent = parent

    def lookup(self, name: str):
        s: Scope | None = self
        while s is not None:
            if name in s.vars:
                return s.vars[name]
            s = s.parent
        return None

    def names(self):
        s: Scope | None = self
        while s is not None:
            yield from s.vars
            s = s.parent


@dataclass
class FnCtx:
    """The function or closure whose body is being checked (for `return`, `?`, loops)."""

    ret: Type
    declared: bool
    loop_depth: int = 0
    name: str = ""
    pending_tries: list = field(default_factory=list)
    pending_bounds: list = field(default_factory=list)
    pending_into: list = field(default_factory=list)
    actor_name: tuple | None = None  # (module, name) inside an actor body (and its closures)
    actor_msg: Type | None = None


class Inferer:
    def __init__(self, menv: D.ModuleEnv, envs: dict[str, D.ModuleEnv],
                 resolver: D.TypeResolver, reporter: Reporter) -> None:
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

    def expect(self, expected: Type, found: Type, span, label: str | None = None,
               labels: list[Label] | None = None) -> None:
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
                while (j < len(stmts) and isinstance(stmts[j], A.FnDef)
                       and stmts[j].name == st.name and len(stmts[j].params) == len(st.params)):
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
            bounded = isinstance(st.value, A.Name) and isinstance(st.value.res, FnRes) \
                and self.has_where(st.value.res)
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
        self.reporter.error(
            "E0000", "refutable pattern in `let`", pat.span, "this pattern may not match",
            help="`let` accepts names, `_` and tuples of those; use `case` for other patterns",
        )
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
                self.expect(fn_type.ret, body_t, _tail_span(c.body),
                            f"expected {show(fn_type.ret)}, found {show(body_t)}")
            except Abort:
                pass
            finally:
                self.resolve_pending_tries(self.ctx)
                self.ctx = saved_ctx
            rows.append(([p.pattern for p in c.params], c.guard is not None, c.span))
        if len(clauses) > 1 or any(not isinstance(p.pattern, (A.PVar, A.PWild)) for p in clauses[0].params):
            self.exhaustive.check_clauses(self, rows, fn_type, clauses)

    def infer_body(self, body: A.Expr, scope: Scope) -> Type:
        if isinstance(body, A.Block):
            return self.infer_block(body, scope)
        return self.infer(body, scope)

    def check_guard(self, guard: A.Expr, scope: Scope) -> None:
        t = self.infer(guard, scope)
        if _may_suspend(guard):
            self.reporter.error(
                "E0013", "invalid guard: guard must not suspend", guard.span, "this guard may suspend",
                help="compute the value before the case/receive",
                message="invalid guard expression: guard must not suspend")
            raise Abort()
        try:
            unify(BOOL, t)
        except UnifyError:
            self.reporter.error(
                "E0025", f"guard expression must return `Bool`, found `{show(t)}`", guard.span,
                "expected Bool",
            )
            raise Abort() from None

    # -- expressions -----------------------------------------------------------------------------

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
            self.reporter.error("E0000", "invalid regex literal", e.span,
                                problem.splitlines()[-1] if problem else "invalid regex",
                                note=problem)
            raise Abort()
        return REGEX

    def infer_StringLit(self, e, scope):
        for part in e.parts:
            if isinstance(part, str):
                continue
            t = prune(self.infer(part, scope))
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
        return TCon("Tuple", tuple(self.infer(x, scope) for x in e.items))

    def infer_ListLit(self, e, scope):
        elem = self.fresh()
        for x in e.items:
            t = self.infer(x, scope)
            self.expect(elem, t, x.span)
        return list_of(elem)

    def infer_MapLit(self, e, scope):
        k, v = self.fresh(), self.fresh()
        for ke, ve in e.entries:
            self.expect(k, self.infer(ke, scope), ke.span)
            self.expect(v, self.infer(ve, scope), ve.span)
        return TCon("Map", (k, v))

    def infer_Index(self, e, scope):
        self.reporter.error(
            "E0000", "index expressions are not supported; use List.get / Map.get", e.span,
            "index expression", help="use List.get(list, i) or Map.get(map, key)",
        )
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

    def has_where(self, res: FnRes) -> bool:
        env = self.envs.get(res.module) if res.module else None
        fn = env.fns.get((res.name, res.arity)) if env is not None else None
        return fn is not None and bool(fn.clauses[0].where)

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
                s.qual, tuple(TVar(self.level) for _ in s.params))
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
            "E0004", f"undefined variable: {name}", span, "not found in this scope",
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

    def static_member(self, e: A.Field, scope: Scope, arity: int | None):
        """`Mod.f`, `String.f`, `Type.Variant`: (res, type) or None when `e.obj` is a value."""
        obj = e.obj
        if not isinstance(obj, A.Name) or scope.lookup(obj.name) is not None:
            return None
        oname, name = obj.name, e.name
        target = self.menv.imports.get(oname)
        if isinstance(target, D.ModuleEnv):
            fn = None
            if name in target.arities:
                fn = self.pick_fn(name, arity, target.arities[name], target.fns, e.span)
                if fn is not None and not fn.is_pub:
                    self.reporter.error(
                        "E0035", "private item cannot be imported", e.name_span,
                        f"`{name}` is private in module `{target.name}`; add `pub` to make it accessible",
                        help=f"add `pub` to `{name}` in module `{target.name}` to make it accessible",
                        message=f"`{name}` is private in module `{target.name}`; add `pub` to make it accessible",
                    )
                    raise Abort()
            if fn is not None:
                return FnRes(fn.module, fn.name, fn.arity), self.fn_value_type(fn)
            s = target.structs.get(name)
            if s is not None and s.is_pub:
                return StructRes(s.module, s.name, s.field_names()), TCon(s.qual, tuple(TVar(self.level) for _ in s.params))
            self.reporter.error(
                "E0034", "name not found in module", e.name_span,
                f"`{name}` is not exported by module `{target.name}`",
                message=f"`{name}` is not exported by module `{target.name}`",
            )
            raise Abort()
        svc = self.menv.services.get(oname)
        if svc is not None:
            if name not in svc.fns:
                self.reporter.error(
                    "E0004", f"undefined variable: {oname}.{name}", e.span, "not found in this scope",
                    help=_did_you_mean(name, list(svc.fns)), message=f"unbound variable `{oname}.{name}`")
                raise Abort()
            from mesh.compiler.resolved import ServiceFnRes

            kind, ft = svc.fns[name]
            return ServiceFnRes(svc.module, svc.name, name, kind), ft
        sum_info = self.menv.sums.get(oname) or D.BUILTIN_SUMS.get(oname)
        if sum_info is not None:
            for v in sum_info.variants:
                if v.name == name:
                    return self.ctor_res(v), D.variant_ctor_type(v, self.level)
            self.reporter.error(
                "E0010", f"unknown variant: {name}", e.name_span, "not a known variant",
                help=_did_you_mean(name, [v.name for v in sum_info.variants]),
                message=f"unknown variant `{name}`",
            )
            raise Abort()
        stdlib = oname if oname in D.STDLIB_MODULES else None
        if target == "stdlib":
            stdlib = oname
        if stdlib is not None:
            qual = f"{stdlib}.{name}"
            if qual in SIGNATURES:
                return builtin_res(qual), self.builtin_type(qual)
            if self.menv.structs.get(oname) is None:
                self.reporter.error(
                    "E0004", f"undefined variable: {qual}", e.span, "not found in this scope",
                    help=_did_you_mean(name, [k.split(".", 1)[1] for k in SIGNATURES
                                              if k.startswith(stdlib + ".")]),
                    message=f"unbound variable `{qual}`",
                )
                raise Abort()
        if oname in self.menv.variants or oname in D.BUILTIN_VARIANTS:
            return None  # `Dot.inspect()`: a nullary variant is a value
        if oname in self.menv.structs:
            report_unsupported(self.reporter, f"static method `{oname}.{name}` is", e.span)
            raise Abort()
        if oname[:1].isupper() and oname not in self.menv.arities:
            if oname in self.envs_by_last():
                self.reporter.error(
                    "E0031", "module not found", obj.span, f"module `{oname}` not found",
                    note=f"add `import ...{oname}` to use it qualified",
                    message=f"module `{oname}` not found",
                )
            else:
                self.reporter.error(
                    "E0031", "module not found", obj.span, f"module `{oname}` not found",
                    message=f"module `{oname}` not found",
                )
            raise Abort()
        return None

    def envs_by_last(self) -> set[str]:
        return {n.rsplit(".", 1)[-1] for n in self.envs}

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
                "E0009", f"type {show(obj_t)} has no field {e.name}", e.name_span,
                f"no field `{e.name}`", message=f"type `{show(obj_t)}` has no field `{e.name}`",
            )
            raise Abort()
        if isinstance(obj_t, TCon) and obj_t.name == "HttpResponse":
            e.res = FieldRes(e.name)
            return self.fresh()
        self.reporter.error(
            "E0009", f"type {show(obj_t)} has no field {e.name}", e.name_span,
            f"no field `{e.name}`", message=f"type `{show(obj_t)}` has no field `{e.name}`",
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
        nargs = len(e.args) + (1 if e.kwargs else 0)
        if isinstance(callee, A.Field) and isinstance(callee.obj, A.Name) \
                and callee.obj.name == "Node" and callee.name in ("spawn", "spawn_link") \
                and scope.lookup("Node") is None:
            return self.remote_spawn(e, scope)
        if isinstance(callee, A.Field) and isinstance(callee.obj, A.Name) \
                and scope.lookup(callee.obj.name) is None:
            handled = self.static_impl_call(e, scope)
            if handled is not None:
                return handled
        if isinstance(callee, A.Name) and e.args and self.is_bare_impl_method(callee.name, scope):
            e.callee = A.Field(callee.span, e.args[0], callee.name, callee.span)
            e.args = e.args[1:]
            return self.infer_method_call(e, scope)
        if isinstance(callee, A.Name) and scope.lookup(callee.name) is None:
            if callee.name in ("spawn", "send", "link", "monitor", "self") \
                    and callee.name not in self.menv.arities:
                callee.res = KeywordRes(callee.name)
                return self.keyword_call(e, callee.name, scope)
            self.last_inst = {}
            res, ft = self.resolve_name(callee.name, callee.span, scope, nargs)
            callee.res = res
            callee.ty = ft
            if isinstance(res, FnRes) and self.is_actor(res):
                own = self.ctx is not None and self.ctx.actor_name == (res.module, res.name)
                if not own:
                    self.reporter.error(
                        "E0000", f"actor `{res.name}` cannot be called like a function", callee.span,
                        "this would run the actor body inline",
                        help=f"start it as a process: `spawn({res.name}, ...)`")
                    raise Abort()
                callee.res = ActorRes(res.module, res.name)
                return self.apply(e, ft, list(e.args), scope)
            if isinstance(res, FnRes):
                inst = self.last_inst
                result = self.apply(e, ft, list(e.args), scope)
                self.check_bounds(res, inst, e)
                return result
        elif isinstance(callee, A.Field):
            st = self.static_member(callee, scope, nargs)
            if st is not None:
                callee.res, callee.ty = st
                ft = st[1]
            else:
                return self.infer_method_call(e, scope)
        else:
            ft = self.infer(callee, scope)
        return self.apply(e, ft, list(e.args), scope)

    def remote_spawn(self, e: A.Call, scope: Scope) -> Type:
        """`Node.spawn(node, f, args...)`: `f` names a top-level function or actor, sent to the
        other node by its registry name (spec 07 §7.2; the same binary runs everywhere)."""
        callee: A.Field = e.callee  # type: ignore[assignment]
        if len(e.args) < 2 or not isinstance(e.args[1], A.Name):
            self.reporter.error(
                "E0016", f"`Node.{callee.name}` needs a node name and a top-level function",
                e.span, "expected `Node.spawn(node, function, args...)`")
            raise Abort()
        self.expect(STRING, self.infer(e.args[0], scope), e.args[0].span)
        target = e.args[1]
        rest = list(e.args[2:])
        res, ft = self.resolve_name(target.name, target.span, scope, len(rest))
        if not isinstance(res, FnRes) or res.module == "":
            self.reporter.error("E0016", f"cannot spawn non-function: found `{target.name}`",
                                target.span, "expected a top-level function or actor")
            raise Abort()
        target.res, target.ty = res, ft
        for a in rest:
            t = prune(self.infer(a, scope))
            if isinstance(t, TFun):
                self.reporter.error("E0000", "functions cannot be sent to another node",
                                    a.span, "a closure cannot cross nodes (spec 07 §8)")
                raise Abort()
        fp = prune(ft)
        if isinstance(fp, TFun):
            if len(fp.params) != len(rest):
                report_arity(self.reporter, len(fp.params), len(rest), e.span)
                raise Abort()
            for a, pt in zip(rest, fp.params):
                self.expect(pt, a.ty, a.span)
        env = self.envs.get(res.module)
        single = env is not None and len(env.arities.get(res.name, [])) == 1
        e.remote_fn = f"{res.module}.{res.name}" + ("" if single else f"/{res.arity}")
        callee.res = builtin_res(f"Node.{callee.name}")
        ret = prune(fp.ret) if isinstance(fp, TFun) else None
        if self.is_actor(res) and isinstance(ret, TCon) and ret.name == "Pid":
            return ret
        return TCon("Pid")

    def is_bare_impl_method(self, name: str, scope: Scope) -> bool:
        """Spec 02 §9: an impl method is callable as `m(recv, ...)` unless the name is bound."""
        m = self.menv
        if (scope.lookup(name) is not None or name in m.arities or name in m.imported_fns
                or name in m.structs or name in m.variants or name in D.BUILTIN_VARIANTS
                or name in m.imported_builtins or name in SIGNATURES or name in SNAKE_ALIASES
                or name in ("spawn", "send", "link", "monitor", "self")):
            return False
        return any(name in i.methods and not i.methods[name].is_static for i in self.tenv.impls)

    def is_actor(self, res: FnRes) -> bool:
        env = self.envs.get(res.module)
        fn = env.fns.get((res.name, res.arity)) if env is not None else None
        return fn is not None and fn.actor is not None

    def keyword_call(self, e: A.Call, word: str, scope: Scope) -> Type:
        """`spawn`, `send`, `self()`, `link`, `monitor` (spec 04 §5–§10, 02 §14)."""
        args = e.args
        pid_any = TCon("Pid")
        if word == "self":
            if args:
                report_arity(self.reporter, 0, len(args), e.span)
                raise Abort()
            msg = self.ctx.actor_msg if self.ctx is not None else None
            return TCon("Pid", (msg,)) if msg is not None else pid_any
        if word == "spawn":
            if not args:
                self.reporter.error("E0016", "cannot spawn non-function: found `()`", e.span,
                                    "expected a function, found ()",
                                    message="cannot spawn non-function: found `()`")
                raise Abort()
            target = args[0]
            if isinstance(target, A.Name) and scope.lookup(target.name) is None:
                sup = self.menv.supervisors.get(target.name)
                if sup is not None and target.name not in self.menv.arities:
                    target.res = SupervisorRes(self.sup_module(target.name), target.name)
                    target.ty = TFun((), TCon("Pid", (UNIT,)))
                    for a in args[1:]:
                        self.infer(a, scope)
                    return TCon("Pid", (UNIT,))
                if target.name in self.menv.arities or target.name in self.menv.imported_fns:
                    res, ft = self.resolve_name(target.name, target.span, scope, len(args) - 1)
                    if isinstance(res, FnRes) and self.is_actor(res):
                        target.res = ActorRes(res.module, res.name)
                        target.ty = ft
                        return self.apply(e, ft, list(args[1:]), scope)
            t = prune(self.infer(target, scope))
            ts = show(t)
            self.reporter.error(
                "E0016", f"cannot spawn non-function: found {ts}", target.span,
                f"expected a function, found {ts}", help="spawn takes an actor (or a supervisor)",
                message=f"cannot spawn non-function: found `{ts}`")
            raise Abort()
        if word == "send":
            if len(args) != 2:
                report_arity(self.reporter, 2, len(args), e.span)
                raise Abort()
            pt = prune(self.infer(args[0], scope))
            mt = self.infer(args[1], scope)
            if isinstance(pt, TVar):
                self.expect(pt, TCon("Pid", (self.fresh(),)), args[0].span)
                pt = prune(pt)
            if not (isinstance(pt, TCon) and pt.name == "Pid"):
                report_mismatch(self.reporter, pid_any, pt, args[0].span)
                raise Abort()
            if pt.args:
                try:
                    unify(pt.args[0], mt)
                except UnifyError:
                    ms, ts = show(pt.args[0]), show(mt)
                    self.reporter.error(
                        "E0014", f"message type mismatch: expected {ms}, found {ts}", args[1].span,
                        f"expected {ms}, found {ts}", help=f"this Pid accepts messages of type {ms}",
                        message=f"message type mismatch: expected `{ms}`, found `{ts}`")
                    raise Abort() from None
            return UNIT
        # link / monitor
        if len(args) != 1:
            report_arity(self.reporter, 1, len(args), e.span)
            raise Abort()
        pt = self.infer(args[0], scope)
        self.expect(TCon("Pid", (self.fresh(),)), pt, args[0].span)
        return UNIT if word == "link" else INT

    def sup_module(self, name: str) -> str:
        sup = self.menv.supervisors[name]
        for env in self.envs.values():
            if env.supervisors.get(name) is sup and sup in env.ast.items:
                return env.name
        return self.menv.name

    def check_bounds(self, res: FnRes, inst: dict[int, Type], e: A.Call) -> None:
        """Where-clause bounds are checked at call sites (spec 02 §5)."""
        env = self.envs.get(res.module) if res.module else None
        fn = env.fns.get((res.name, res.arity)) if env is not None else None
        if fn is None or not fn.clauses[0].where:
            return
        tvars = getattr(fn.clauses[0], "tvars", {})
        for tv, trait, _span in fn.clauses[0].where:
            orig = tvars.get(tv)
            t = prune(inst.get(orig.id, orig)) if isinstance(orig, TVar) else None
            if isinstance(t, TCon) and not self.has_trait(t, trait):
                report_not_implemented(self.reporter, t, trait, getattr(e, "span", e))
                raise Abort()

    def derives_json(self, t: Type) -> bool:
        from mesh.compiler.types.json import _derives_json

        t = prune(t)
        return isinstance(t, TCon) and _derives_json(t.name, self.envs, self.tenv)

    def check_encodable(self, t: Type, span, what: str) -> None:
        from mesh.compiler.types.json import encodable

        if not encodable(t, self.envs, self.tenv):
            ts = show(t)
            self.reporter.error(
                "E0038", f"{what} of type `{ts}` is not JSON-serializable", span,
                f"`{ts}` is not serializable",
                help=f"type `{ts}` does not derive Json; add `deriving(Json)` to its definition, or "
                     "use a serializable type (Int, Float, Bool, String, Option<T>, List<T>, "
                     "Map<String, V>)")
            raise Abort()

    def impl_method_type(self, impl, name: str, recv: Type | None = None) -> tuple[object, Type] | None:
        """(res, type) of `name` provided by `impl` (its own body or the trait's default)."""
        from mesh.compiler.types.impls import trait_method_type

        m = impl.methods.get(name)
        mapping = {p.id: TVar(self.level) for p in impl.target_params}
        if m is not None:
            return m.res, substitute(m.fn_type, mapping)
        trait = self.tenv.traits.get(impl.trait)
        tm = trait.methods.get(name) if trait else None
        if tm is None:
            return None
        self_t = impl.self_type([mapping[p.id] for p in impl.target_params])
        ft = trait_method_type(self.mchecker, trait, tm, self_t, impl)
        if tm.default_res is not None:
            return tm.default_res, ft
        return None, ft  # built-in default (e.g. Ord.compare): dynamic dispatch

    def static_impl_call(self, e: A.Call, scope: Scope) -> Type | None:
        """`Type.method(args)` on a user type and `Trait.method(value)` (spec 02 §10)."""
        callee: A.Field = e.callee  # type: ignore[assignment]
        oname, name = callee.obj.name, callee.name
        trait = self.tenv.traits.get(oname)
        is_type = oname in self.menv.structs or oname in self.menv.sums
        if trait is not None and not is_type and name in trait.methods and oname not in self.menv.imports:
            if not e.args:
                return None
            first = prune(self.infer(e.args[0], scope))
            key = head_key(first)
            impl = next((i for i in self.tenv.impls_for(key, oname)), None) if key else None
            rest = list(e.args[1:])
            if impl is not None:
                got = self.impl_method_type(impl, name)
                if got is not None and got[0] is not None:
                    callee.res = got[0]
                    return self.apply(e, got[1], rest, scope, receiver=first)
            # Unknown receiver type: dispatch at run time, exactly like `value.method(rest)`.
            e.callee = A.Field(callee.span, e.args[0], name, callee.name_span)
            e.args = rest
            for a in rest:
                self.infer(a, scope)
            return self.fresh()
        key = None
        if is_type and name == "from_json":
            info = self.menv.structs.get(oname) or self.menv.sums.get(oname)
            t = TCon(info.qual, tuple(TVar(self.level) for _ in info.params))
            if self.derives_json(t):
                from mesh.compiler.resolved import FromJsonRes

                callee.res = FromJsonRes(info.module, info.name)
                ft = TFun((STRING,), result_of(t, STRING))
                return self.apply(e, ft, list(e.args), scope)
        if is_type:
            info = self.menv.structs.get(oname) or self.menv.sums.get(oname)
            key = info.qual
        elif oname in D.BUILTIN_TYPES and f"{oname}.{name}" not in SIGNATURES:
            key = oname
        if key is None:
            return None
        impls = [i for i in self.tenv.impls_for(key) if name in i.methods
                 or (self.tenv.traits.get(i.trait) and name in self.tenv.traits[i.trait].methods
                     and self.tenv.traits[i.trait].methods[name].default_res is not None)]
        if not impls and name in TRAIT_METHODS and e.args:
            # `Point.to_string(p)`: a built-in/derived trait method called through the type.
            e.callee = A.Field(callee.span, e.args[0], name, callee.name_span)
            e.args = e.args[1:]
            return self.infer_method_call(e, scope)
        if not impls:
            return None
        arg_ts = [self.infer(a, scope) for a in e.args]
        if len(impls) > 1 and arg_ts:
            h = head_key(arg_ts[0])
            picked = [i for i in impls if i.trait_args and head_key(i.trait_args[0]) == h]
            impls = picked or impls
        res, ft = self.impl_method_type(impls[0], name)
        callee.res = res
        fp = prune(ft)
        if isinstance(fp, TFun) and len(fp.params) != len(arg_ts):
            report_arity(self.reporter, len(fp.params), len(arg_ts), e.span)
            raise Abort()
        ret = self.fresh()
        self.expect(ft, TFun(tuple(arg_ts), ret), e.span)
        return ret

    def arg_types(self, e: A.Call, args: list[A.Expr], scope: Scope) -> list[Type]:
        ts = [self.infer(a, scope) for a in args]
        if e.kwargs:
            v = self.fresh()
            for _, ke, _ in e.kwargs:
                self.expect(v, self.infer(ke, scope), ke.span)
            ts.append(TCon("Map", (STRING, v)))
        return ts

    def apply(self, e: A.Call, ft: Type, args: list[A.Expr], scope: Scope,
              receiver: Type | None = None) -> Type:
        arg_ts = self.arg_types(e, args, scope)
        res = getattr(e.callee, "res", None)
        if isinstance(res, BuiltinRes) and res.qualname in ("DateTime.add", "DateTime.diff"):
            self.check_datetime_unit(res.qualname, args)
        if isinstance(res, BuiltinRes) and res.qualname in ("Json.encode", "JSON.encode") and arg_ts:
            self.check_encodable(arg_ts[0], args[0].span, "`Json.encode` argument")
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
        if isinstance(res, BuiltinRes) and res.qualname in ("Tuple.first", "Tuple.second") and arg_ts:
            tt = prune(arg_ts[0])
            idx = 0 if res.qualname == "Tuple.first" else 1
            if isinstance(tt, TCon) and tt.name == "Tuple" and len(tt.args) > idx and len(arg_ts) == 1:
                return tt.args[idx]
        fp = prune(ft)
        if isinstance(fp, TCon):
            self.reporter.error(
                "E0005", f"type {show(fp)} is not callable", e.callee.span,
                f"{show(fp)} is not a function",
                help="did you mean to call it? Remove the argument list",
                message=f"`{show(fp)}` is not a function",
            )
            raise Abort()
        if e.slot is not None and isinstance(fp, TFun):
            self.check_slot(e, fp, receiver is not None)
        if isinstance(fp, TFun):
            if len(fp.params) != len(arg_ts):
                report_arity(self.reporter, len(fp.params) - (receiver is not None),
                             len(arg_ts) - (receiver is not None), e.span)
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
                            self.reporter, pt, at, node.span,
                            f"argument {pos} has type {show(at)}, expected {show(pt)}",
                        )
                    raise Abort() from None
            return fp.ret
        ret = self.fresh()
        self.expect(ft, TFun(tuple(arg_ts), ret), e.span)
        return ret

    def tuple_nth(self, tt: Type, it: Type, index: A.Expr, e: A.Call) -> Type | None:
        """Spec 03 B7: `Tuple.nth` is typed by the element; a literal index is required when
        the element types differ."""
        self.expect(INT, it, index.span)
        tt = prune(tt)
        if not (isinstance(tt, TCon) and tt.name == "Tuple" and tt.args):
            return None
        shown = {show(a) for a in tt.args}
        if isinstance(index, A.IntLit) and 0 <= index.value < len(tt.args):
            return tt.args[index.value]
        if len(shown) == 1:
            return tt.args[0]
        self.reporter.error(
            "E0000", f"`Tuple.nth` needs a literal index on `{show(tt)}`", index.span,
            "the elements have different types",
            help="use a literal index (`Tuple.nth(t, 0)`) or destructure with a pattern")
        raise Abort()

    def check_datetime_unit(self, qual: str, args: list[A.Expr]) -> None:
        """A literal unknown unit is a compile error (spec 05 §11.2)."""
        if len(args) >= 3 and isinstance(args[2], A.AtomLit) and args[2].name not in _DT_UNITS:
            self.reporter.error(
                "E0000", f'{qual}: unknown unit "{args[2].name}"; valid units are '
                ":ms, :second, :minute, :hour, :day, :week", args[2].span, "unknown unit")
            raise Abort()

    def pick_overload(self, qual: str, first_arg: list[Type]) -> Type:
        """Choose the alternative whose first parameter has the first argument's head type."""
        head = prune(first_arg[0])
        for sig in OVERLOADS[qual]:
            t = D.signature_type(sig, self.resolver, self.menv, self.level)
            if isinstance(t, TFun) and len(t.params) != len(first_arg):
                continue
            p0 = prune(t.params[0]) if isinstance(t, TFun) and t.params else None
            if isinstance(head, TVar) or (isinstance(p0, TCon) and isinstance(head, TCon)
                                          and p0.name == head.name):
                return t
        return D.signature_type(OVERLOADS[qual][0], self.resolver, self.menv, self.level)

    def check_slot(self, e: A.Call, fp: TFun, method: bool) -> None:
        n, span = e.slot
        k = len(fp.params)
        if n <= k:
            return
        name = _callee_name(e.callee)
        if k <= 1:
            head = (f"slot position {n} is out of range: `{name}` takes {k} argument(s)")
            msg = head + ", so valid slot positions are none — use |> instead"
        else:
            head = (f"slot position {n} is out of range: `{name}` takes {k} arguments, "
                    f"so valid slot positions are 2–{k}")
            msg = head
        self.reporter.error("E0044", head, span, "slot position out of range",
                            help="use |> to pipe as the first argument", message=msg)
        raise Abort()

    def trait_dispatch(self, e: A.Call, recv_t: Type, name: str):
        """Step 6 of spec 02 §10: the impls for the receiver's type that provide `name`."""
        key = head_key(recv_t)
        if key is None:
            traits = self.tenv.traits_with_method(name) if isinstance(recv_t, TVar) else []
            if len(traits) == 1:
                from mesh.compiler.types.impls import trait_method_type

                tm = traits[0].methods[name]
                if tm.is_static:
                    return None
                return None, trait_method_type(self.mchecker, traits[0], tm, recv_t, None)
            return None
        if name in ("into", "try_into"):
            return self.conversion(e, recv_t, key, name)
        provs = self.tenv.providers(key, name)
        names = {t.name for _, t in provs if t is not None}
        builtin_trait = _BUILTIN_METHOD_TRAITS.get(name)
        if builtin_trait is not None and names and self.has_trait(recv_t, builtin_trait):
            names.add(builtin_trait)
        traits = sorted(names)
        if len(traits) > 1:
            ts = show(recv_t)
            cands = ", ".join(traits)
            alts = " or ".join(f"{t}.{name}(value)" for t in traits)
            self.reporter.error(
                "E0027", f"ambiguous method `{name}` for type `{ts}`: candidates from traits [{cands}]",
                e.callee.name_span, f"multiple traits provide `{name}`",
                help=f"use qualified syntax: {alts}")
            raise Abort()
        user = [(i, t) for i, t in provs if not i.derived]
        if not user:
            return None
        return self.impl_method_type(user[0][0], name)

    def conversion(self, e: A.Call, recv_t: Type, key: str, name: str):
        """`x.into()` / `x.try_into()`: the target comes from the expected type (spec 02 §11)."""
        from mesh.compiler.types.traits import BUILTIN_IMPLS

        trait = "From" if name == "into" else "TryFrom"
        cands: list = [i for i in self.tenv.impls if i.trait == trait and i.trait_args
                       and head_key(i.trait_args[0]) == key]
        cands += sorted(dst for tr, src, dst in BUILTIN_IMPLS if tr == trait and src == key)
        if not cands:
            return None
        result = self.fresh()
        if len(cands) == 1:
            self.settle_conversion(e, recv_t, cands, result, name, only=True)
        elif self.ctx is not None:
            self.ctx.pending_into.append((e, recv_t, cands, result, name))
        else:
            self.settle_conversion(e, recv_t, cands, result, name)
        return "deferred", TFun((recv_t,), result)

    def settle_conversion(self, e, recv_t, cands, result, name, only: bool = False) -> None:
        method = "from" if name == "into" else "try_from"
        r = prune(result)
        target = r
        if name == "try_into" and isinstance(r, TCon) and r.name == "Result" and r.args:
            target = prune(r.args[0])
        tk = head_key(target)
        chosen = cands if only else [c for c in cands
                                     if (c if isinstance(c, str) else c.target_key) == tk]
        if len(chosen) != 1:
            ts = show(recv_t)
            names = sorted({(f"{c}" if isinstance(c, str) else c.target_key.rsplit(".", 1)[-1])
                            for c in cands})
            trait = "Into" if name == "into" else "TryInto"
            listed = ", ".join(f"{trait}<{n}>" for n in names)
            self.reporter.error(
                "E0027", f"ambiguous method `{name}` for type `{ts}`: candidates from traits "
                f"[{listed}]",
                e.callee.name_span, f"multiple traits provide `{name}`",
                help="annotate the expected type, e.g. `let x :: Target = value.into()`")
            raise Abort()
        c = chosen[0]
        if isinstance(c, str):
            e.res = MethodRes(builtin_res(f"{c}.from"))
            self.expect(result, TCon(c), e.span)
            return
        res, ft = self.impl_method_type(c, method)
        e.res = MethodRes(res)
        ft = prune(ft)
        self.expect(result, ft.ret if isinstance(ft, TFun) else self.fresh(), e.span)

    def infer_method_call(self, e: A.Call, scope: Scope) -> Type:
        callee: A.Field = e.callee  # type: ignore[assignment]
        recv_t = prune(self.infer(callee.obj, scope))
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
        if name in ("inspect", "hash") and isinstance(recv_t, TCon) \
                and self.derives_of(recv_t.name) is not None \
                and not self.has_trait(recv_t, _BUILTIN_METHOD_TRAITS[name]):
            ts = show(recv_t)
            self.reporter.error(
                "E0030", f"no method `{name}` on type `{ts}`", callee.name_span,
                f"method `{name}` not found", help=f"type `{ts}` has no trait impl providing `{name}`",
                message=f"no method `{name}` on type `{ts}`")
            raise Abort()
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
            "E0030", f"no method `{name}` on type `{ts}`", callee.name_span,
            f"method `{name}` not found", help=f"type `{ts}` has no trait impl providing `{name}`",
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
        lt = self.infer(e.left, scope)
        rt = self.infer(e.right, scope)
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
                report_mismatch(self.reporter, STRING, t, e.span,
                                "`<>` and `++` concatenate two Strings or two Lists")
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

    def has_trait(self, t: Type, trait: str) -> bool:
        t = prune(t)
        if isinstance(t, TVar):
            return True
        if isinstance(t, TFun):
            return False
        if t.name in ("Int", "Float", "String", "Bool", "Never") and trait in (
                "Eq", "Ord", "Display", "Debug", "Hash"):
            return trait != "Ord" or t.name != "Bool" or True
        if t.name in ("Int", "Float", "String", "Bool", "Never"):
            return self.tenv.has_impl(t.name, trait)
        if trait == "Ord" and t.name in _NO_ORD:
            return False
        if t.name in ("List", "Tuple", "Option", "Result", "Map", "Set", "Ordering"):
            return all(self.has_trait(a, trait) for a in t.args)
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

    def infer_If(self, e: A.If, scope):
        ct = self.infer(e.cond, scope)
        self.expect(BOOL, ct, e.cond.span, f"expected Bool, found {show(ct)}")
        then_t = self.infer_block(e.then, scope)
        if e.else_ is None:
            return then_t
        else_t = self.infer(e.else_, scope)
        try:
            unify(then_t, else_t)
        except UnifyError:
            report_mismatch(
                self.reporter, then_t, else_t, _tail_span(e.else_), labels=[
                    Label(_tail_span(e.then), f"expected {show(then_t)}"),
                    Label(_tail_span(e.else_), f"found {show(else_t)}"),
                ])
            raise Abort() from None
        return then_t

    def infer_Case(self, e: A.Case, scope):
        st = self.infer(e.scrutinee, scope)
        result = self.fresh()
        first = True
        for arm in e.arms:
            inner = Scope(scope)
            bindings: dict = {}
            try:
                self.infer_pattern(arm.pattern, st, bindings, inner)
                for name, (bt, res) in bindings.items():
                    inner.vars[name] = (mono(bt), res)
                if arm.guard is not None:
                    self.check_guard(arm.guard, inner)
                bt = self.infer_body(arm.body, inner)
                self.expect(result, bt, _tail_span(arm.body),
                            None if first else f"expected {show(result)}, found {show(bt)}")
                first = False
            except Abort:
                pass
        if not e.arms:
            return UNIT
        self.exhaustive.check_case(self, e, st)
        return result

    def infer_Receive(self, e: A.Receive, scope):
        from mesh.compiler.types.actors import NOTICE_TYPES, notice_kind

        msg = self.ctx.actor_msg if self.ctx is not None and self.ctx.actor_msg is not None \
            else self.fresh()
        result = self.fresh()
        e.notices = False
        for arm in e.arms:
            kind = notice_kind(arm.pattern)
            pt = NOTICE_TYPES[kind]() if kind else msg
            e.notices = e.notices or kind is not None
            inner = Scope(scope)
            bindings: dict = {}
            try:
                self.infer_pattern(arm.pattern, pt, bindings, inner)
                for name, (bt, res) in bindings.items():
                    inner.vars[name] = (mono(bt), res)
                if arm.guard is not None:
                    self.check_guard(arm.guard, inner)
                self.expect(result, self.infer_body(arm.body, inner), _tail_span(arm.body))
            except Abort:
                pass
        if e.after is not None:
            timeout, body = e.after
            self.expect(INT, self.infer(timeout, scope), timeout.span)
            self.expect(result, self.infer_body(body, scope), _tail_span(body))
        return result

    def infer_Closure(self, e: A.Closure, scope):
        arity = len(e.clauses[0].params)
        params = tuple(self.fresh() for _ in range(arity))
        ret = self.fresh()
        saved = self.ctx
        for c in e.clauses:
            if len(c.params) != arity:
                self.reporter.error(
                    "E0024", f"all clauses of `closure` must have the same number of parameters; "
                    f"expected {arity}, found {len(c.params)}", c.span, f"expected {arity} parameters")
                raise Abort()
            self.ctx = FnCtx(ret, False, name="closure")
            if saved is not None:
                self.ctx.actor_name, self.ctx.actor_msg = saved.actor_name, saved.actor_msg
            inner = Scope(scope)
            bindings: dict = {}
            try:
                for p, pt in zip(c.params, params):
                    if p.annotation is not None:
                        self.expect(self.annotation(p.annotation), pt, p.span)
                    self.infer_pattern(p.pattern, pt, bindings, inner)
                for name, (bt, res) in bindings.items():
                    inner.vars[name] = (mono(bt), res)
                if c.guard is not None:
                    self.check_guard(c.guard, inner)
                bt = self.infer_body(c.body, inner)
                self.expect(ret, bt, _tail_span(c.body))
            finally:
                self.resolve_pending_tries(self.ctx)
                self.ctx = saved
        return TFun(params, ret)

    def infer_For(self, e: A.For, scope):
        it = prune(self.infer(e.iterable, scope))
        inner = Scope(scope)
        if e.map_entry:
            k, v = self.fresh(), self.fresh()
            self.expect(TCon("Map", (k, v)), it, e.iterable.span)
            elem_types = [k, v]
            if len(e.names) != 2:
                self.reporter.error("E0000", "`for {k, v}` needs exactly two names", e.span,
                                    "expected `{key, value}`")
                raise Abort()
        else:
            elem = self.fresh()
            if isinstance(it, TCon) and it.name == "Range":
                self.expect(INT, elem, e.span)
            elif isinstance(it, TCon) and it.name in ("List", "Set"):
                unify(elem, it.args[0])
            elif isinstance(it, TCon) and it.name == "Map":
                unify(elem, TCon("Tuple", it.args))
            elif isinstance(it, TVar):
                self.expect(list_of(elem), it, e.iterable.span)
            else:
                self.reporter.error(
                    "E0006", f"{show(it)} does not implement Iterable", e.iterable.span,
                    f"{show(it)} is not iterable", message=f"type `{show(it)}` does not satisfy trait `Iterable`")
                raise Abort()
            elem_types = [elem]
        res = []
        for (name, _), t in zip(e.names, elem_types):
            r = self.new_local(name)
            res.append(r)
            if name != "_":
                inner.vars[name] = (mono(t), r)
        e.res = res
        if e.filter is not None:
            ft = self.infer(e.filter, inner)
            self.expect(BOOL, ft, e.filter.span)
        self.enter_loop()
        try:
            body_t = self.infer_block(e.body, inner)
        finally:
            self.exit_loop()
        return list_of(body_t)

    def infer_While(self, e: A.While, scope):
        ct = self.infer(e.cond, scope)
        self.expect(BOOL, ct, e.cond.span, f"expected Bool, found {show(ct)}")
        self.enter_loop()
        try:
            self.infer_block(e.body, scope)
        finally:
            self.exit_loop()
        return UNIT

    def enter_loop(self) -> None:
        if self.ctx is not None:
            self.ctx.loop_depth += 1

    def exit_loop(self) -> None:
        if self.ctx is not None:
            self.ctx.loop_depth -= 1

    def infer_Break(self, e, scope):
        return self.loop_jump(e, "break", "E0032")

    def infer_Continue(self, e, scope):
        return self.loop_jump(e, "continue", "E0033")

    def loop_jump(self, e, word: str, code: str) -> Type:
        if self.ctx is None or self.ctx.loop_depth == 0:
            self.reporter.error(
                code, f"`{word}` outside of loop", e.span,
                f"`{word}` can only be used inside a `while` loop",
                help=f"move this `{word}` inside a loop body",
            )
            raise Abort()
        return self.fresh()

    def infer_Return(self, e: A.Return, scope):
        if self.ctx is None:
            self.reporter.error("E0000", "`return` outside of a function", e.span, "not in a function")
            raise Abort()
        t = self.infer(e.value, scope) if e.value is not None else UNIT
        self.expect(self.ctx.ret, t, e.value.span if e.value is not None else e.span)
        return self.fresh()

    def infer_Try(self, e: A.Try, scope):
        t = prune(self.infer(e.expr, scope))
        if self.ctx is None:
            self.reporter.error(
                "E0036", "`?` operator requires function to return `Result` or `Option`", e.span,
                "cannot use `?` here")
            raise Abort()
        if isinstance(t, TVar):
            # Spec 02 §13.2: try Result, then Option — decided when the body is done.
            inner = self.fresh()
            self.ctx.pending_tries.append((e, t, inner))
            return inner
        return self.check_try(e, t)

    def resolve_pending_tries(self, ctx: FnCtx) -> None:
        """End of a function/closure body: settle what needed the whole body's types."""
        for inst, res, span in ctx.pending_bounds:
            try:
                self.check_bounds(res, inst, span)
            except Abort:
                pass
        ctx.pending_bounds.clear()
        for item in ctx.pending_into:
            try:
                self.settle_conversion(*item)
            except Abort:
                pass
        ctx.pending_into.clear()
        for e, t, inner in ctx.pending_tries:
            t = prune(t)
            if isinstance(t, TVar):
                ret = prune(ctx.ret)
                if isinstance(ret, TCon) and ret.name == "Option":
                    unify(t, option_of(self.fresh()))
                else:
                    unify(t, result_of(self.fresh(), self.fresh()))
            saved, self.ctx = self.ctx, ctx
            try:
                self.expect(inner, self.check_try(e, prune(t)), e.span)
            except Abort:
                pass
            finally:
                self.ctx = saved
        ctx.pending_tries.clear()

    def check_try(self, e: A.Try, t: Type) -> Type:
        if not (isinstance(t, TCon) and t.name in ("Result", "Option")):
            ts = show(t)
            self.reporter.error(
                "E0037", "`?` requires `Result` or `Option`", e.span,
                f"type `{ts}` is not `Result` or `Option`",
                help="the `?` operator can only be used on `Result<T, E>` or `Option<T>` values",
                message=f"`?` operator requires `Result` or `Option`, found `{ts}`",
            )
            raise Abort()
        ctx = self.ctx
        ret = prune(ctx.ret)
        if not ctx.declared and isinstance(ret, TVar):
            wanted = (result_of(self.fresh(), t.args[1]) if t.name == "Result"
                      else option_of(self.fresh()))
            self.expect(ret, wanted, e.span)
            return t.args[0]
        ok = isinstance(ret, TCon) and ret.name == t.name
        if ok and t.name == "Result":
            try:
                unify(ret.args[1], t.args[1])
            except UnifyError:
                ok = self.error_conversion(e, t.args[1], ret.args[1])
        if not ok:
            rs = show(ret)
            need = "Result<_, _>` or `Option<_>"
            self.reporter.error(
                "E0036", "`?` operator requires function to return `Result` or `Option`", e.span,
                "cannot use `?` here",
                note=f"the enclosing function returns `{rs}`, but `?` requires `{need}`",
                message=f"`?` operator requires function to return `Result` or `Option`, found `{rs}`",
            )
            raise Abort()
        return t.args[0]

    def error_conversion(self, e: A.Try, src: Type, dst: Type) -> bool:
        """`?` converts `Err(e)` with `F.from(e)` when `impl From<E> for F` exists."""
        dk, sk = head_key(dst), head_key(src)
        for impl in self.tenv.impls_for(dk, "From") if dk else []:
            if impl.trait_args and head_key(impl.trait_args[0]) == sk and "from" in impl.methods:
                e.res = impl.methods["from"].res
                return True
        return False

    # -- structs ---------------------------------------------------------------------------------------

    def lookup_struct(self, path: list[str]):
        found = self.resolver.lookup_named(self.menv, path)
        return found if isinstance(found, D.StructInfo) else None

    def infer_StructLit(self, e: A.StructLit, scope):
        s = self.lookup_struct(e.path)
        name = ".".join(e.path)
        if s is None:
            self.reporter.error("E0052", f"unknown struct `{name}`", e.span, f"`{name}` is not a struct",
                                message=f"unknown struct `{name}`")
            raise Abort()
        e.res = StructRes(s.module, s.name, s.field_names())
        mapping = {p.id: TVar(self.level) for p in s.params}
        from mesh.compiler.types.unify import substitute

        ftypes = {n: substitute(t, mapping) for n, t in s.fields}
        given = set()
        for fname, fe, fspan in e.fields:
            if fname not in ftypes:
                self.reporter.error(
                    "E0009", f"unknown field {fname} in struct {s.name}", fspan,
                    f"`{s.name}` has no field `{fname}`",
                    message=f"unknown field `{fname}` in struct `{s.name}`")
                raise Abort()
            given.add(fname)
            ft = self.infer(fe, scope)
            self.expect(ftypes[fname], ft, fe.span)
        for fname in ftypes:
            if fname not in given:
                self.reporter.error(
                    "E0009", f"missing field {fname} in struct {s.name}", e.span,
                    f"field `{fname}` is required", help=f"add `{fname}: <value>`",
                    message=f"missing field `{fname}` in struct `{s.name}`")
                raise Abort()
        return TCon(s.qual, tuple(mapping[p.id] for p in s.params))

    def infer_StructUpdate(self, e: A.StructUpdate, scope):
        bt = prune(self.infer(e.base, scope))
        info = self.struct_info(bt)
        if info is None:
            if isinstance(bt, TVar):
                for _, fe, _ in e.fields:
                    self.infer(fe, scope)
                return bt
            self.reporter.error("E0009", f"type {show(bt)} has no fields", e.base.span,
                                "not a struct", message=f"type `{show(bt)}` has no fields")
            raise Abort()
        s, mapping = info
        from mesh.compiler.types.unify import substitute

        ftypes = {n: substitute(t, mapping) for n, t in s.fields}
        for fname, fe, fspan in e.fields:
            if fname not in ftypes:
                self.reporter.error(
                    "E0009", f"unknown field {fname} in struct {s.name}", fspan,
                    f"`{s.name}` has no field `{fname}`",
                    message=f"unknown field `{fname}` in struct `{s.name}`")
                raise Abort()
            self.expect(ftypes[fname], self.infer(fe, scope), fe.span)
        e.res = StructRes(s.module, s.name, s.field_names())
        return bt

    # -- patterns ------------------------------------------------------------------------------------------

    def infer_pattern(self, p: A.Pattern, t: Type, bindings: dict, scope: Scope,
                      shared: dict | None = None) -> None:
        p.ty = t
        if isinstance(p, A.PWild):
            return
        if isinstance(p, A.PVar):
            v = self.pattern_variant(p.name)
            if v is not None:
                p.res = self.ctor_res(v)
                self.expect(t, self.variant_result_type(v), p.span)
                return
            self.bind(p, p.name, t, bindings, shared)
            return
        if isinstance(p, A.PLit):
            val = p.value
            lt = (BOOL if isinstance(val, bool) else INT if isinstance(val, int)
                  else FLOAT if isinstance(val, float) else STRING if isinstance(val, str) else UNIT)
            self.expect(t, lt, p.span)
            return
        if isinstance(p, A.PAtom):
            self.expect(t, ATOM, p.span)
            return
        if isinstance(p, A.PTuple):
            items = tuple(self.fresh() for _ in p.items)
            self.expect(t, TCon("Tuple", items), p.span)
            for sub, it in zip(p.items, items):
                self.infer_pattern(sub, it, bindings, scope, shared)
            return
        if isinstance(p, A.PList):
            elem = self.fresh()
            self.expect(t, list_of(elem), p.span)
            for sub in p.items:
                self.infer_pattern(sub, elem, bindings, scope, shared)
            return
        if isinstance(p, A.PCons):
            elem = self.fresh()
            self.expect(t, list_of(elem), p.span)
            self.infer_pattern(p.head, elem, bindings, scope, shared)
            self.infer_pattern(p.tail, list_of(elem), bindings, scope, shared)
            return
        if isinstance(p, A.PAs):
            self.infer_pattern(p.pattern, t, bindings, scope, shared)
            self.bind(p, p.name, t, bindings, shared)
            return
        if isinstance(p, A.PCtor):
            v = self.resolve_pattern_ctor(p)
            p.res = self.ctor_res(v)
            ct = D.variant_ctor_type(v, self.level)
            if isinstance(ct, TFun):
                self.expect(t, ct.ret, p.span)
                if p.args is not None:
                    if len(p.args) != len(ct.params):
                        report_arity(self.reporter, len(ct.params), len(p.args), p.span)
                        raise Abort()
                    for sub, pt in zip(p.args, ct.params):
                        self.infer_pattern(sub, pt, bindings, scope, shared)
            else:
                self.expect(t, ct, p.span)
                if p.args:
                    report_arity(self.reporter, 0, len(p.args), p.span)
                    raise Abort()
            return
        if isinstance(p, A.POr):
            first: dict = {}
            self.infer_pattern(p.alts[0], t, first, scope, shared)
            for alt in p.alts[1:]:
                other: dict = {}
                self.infer_pattern(alt, t, other, scope, first)
                if set(other) != set(first):
                    a = ", ".join(sorted(first))
                    b = ", ".join(sorted(other))
                    self.reporter.error(
                        "E0011", f"or-pattern alternatives bind different variables: [{a}] vs [{b}]",
                        alt.span, "different bindings",
                        help="all alternatives in an or-pattern must bind the same set of variable names",
                        message=f"or-pattern binding mismatch: expected [{a}], found [{b}]")
                    raise Abort()
            for name, val in first.items():
                if name in bindings:
                    self.expect(bindings[name][0], val[0], p.span)
                bindings[name] = val
            return
        raise NotImplementedError(type(p).__name__)

    def bind(self, p, name: str, t: Type, bindings: dict, shared: dict | None) -> None:
        if name in bindings and name != "_":
            self.reporter.error("E0000", f"`{name}` is bound more than once in this pattern",
                                p.span, "bound again here",
                                help="use a different name, or compare in a guard")
            raise Abort()
        if shared is not None and name in shared:
            st, res = shared[name]
            self.expect(st, t, p.span)
        else:
            res = self.new_local(name)
        p.res = res
        bindings[name] = (t, res)

    def pattern_variant(self, name: str) -> D.VariantInfo | None:
        if not name[:1].isupper():
            return None
        return self.menv.variants.get(name) or D.BUILTIN_VARIANTS.get(name)

    def variant_result_type(self, v: D.VariantInfo) -> Type:
        ct = D.variant_ctor_type(v, self.level)
        return ct.ret if isinstance(ct, TFun) else ct

    def resolve_pattern_ctor(self, p: A.PCtor) -> D.VariantInfo:
        if len(p.path) == 1:
            v = self.menv.variants.get(p.path[0]) or D.BUILTIN_VARIANTS.get(p.path[0])
            candidates = list(self.menv.variants) + list(D.BUILTIN_VARIANTS)
        else:
            sum_info = self.menv.sums.get(p.path[0]) or D.BUILTIN_SUMS.get(p.path[0])
            v = None
            candidates = []
            if sum_info is not None:
                candidates = [x.name for x in sum_info.variants]
                v = next((x for x in sum_info.variants if x.name == p.path[1]), None)
        if v is None:
            name = ".".join(p.path)
            self.reporter.error(
                "E0010", f"unknown variant: {name}", p.span, "not a known variant",
                help=_did_you_mean(p.path[-1], candidates), message=f"unknown variant `{name}`")
            raise Abort()
        return v


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
        if isinstance(n, (list, tuple)):
            stack.extend(n)
        elif hasattr(n, "__dataclass_fields__"):
            for f in n.__dataclass_fields__:
                if f not in ("span", "ty", "res", "name_span"):
                    v = getattr(n, f)
                    if isinstance(v, (list, tuple)) or hasattr(v, "__dataclass_fields__"):
                        stack.append(v)
    return False


def _did_you_mean(name: str, candidates) -> str | None:
    c = closest(name, candidates)
    return f"did you mean `{c}`?" if c else None


def _tail_span(body):
    if isinstance(body, A.Block) and body.stmts:
        last = body.stmts[-1]
        return last.span
    return body.span


def _callee_name(callee) -> str:
    if isinstance(callee, A.Name):
        return callee.name
    if isinstance(callee, A.Field):
        return callee.name
    return "function"
