"""Control flow, `?` and struct expressions in the checker (spec 02 §4, §6, §13.2)."""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Label
from mesh.compiler.resolved import (
    StructRes,
)
from mesh.compiler.types import decls as D
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
from mesh.compiler.types.errors import (
    Abort,
    report_mismatch,
)
from mesh.compiler.types.traits import head_key
from mesh.compiler.types.ty import (
    BOOL,
    INT,
    UNIT,
    TCon,
    TFun,
    TVar,
    Type,
    list_of,
    option_of,
    prune,
    result_of,
    show,
)
from mesh.compiler.types.unify import (
    UnifyError,
    mono,
    substitute,
    unify,
)


class ControlMixin:
    """Mixed into `Inferer` (mesh/compiler/types/infer.py)."""

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
                self.reporter,
                then_t,
                else_t,
                _tail_span(e.else_),
                labels=[
                    Label(_tail_span(e.then), f"expected {show(then_t)}"),
                    Label(_tail_span(e.else_), f"found {show(else_t)}"),
                ],
            )
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
                self.expect(
                    result,
                    bt,
                    _tail_span(arm.body),
                    None if first else f"expected {show(result)}, found {show(bt)}",
                )
                first = False
            except Abort:
                pass
        if not e.arms:
            return UNIT
        self.exhaustive.check_case(self, e, st)
        return result

    def infer_Closure(self, e: A.Closure, scope):
        arity = len(e.clauses[0].params)
        params = tuple(self.fresh() for _ in range(arity))
        ret = self.fresh()
        saved = self.ctx
        for c in e.clauses:
            if len(c.params) != arity:
                self.reporter.emit(
                    "E0024", c.span, name="closure", expected=arity, found=len(c.params)
                )
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
                self.reporter.emit("E0111", e.span)
                raise Abort()
        else:
            elem = self.fresh()
            if isinstance(it, TCon) and it.name == "Range":
                self.expect(INT, elem, e.span)
            elif isinstance(it, TCon) and it.name in ("List", "Set"):
                unify(elem, it.args[0])
            elif isinstance(it, TCon) and it.name == "Map":
                unify(elem, TCon("Tuple", it.args))
            elif (item := self.iteration_item(it)) is not None:
                unify(elem, item)
            elif isinstance(it, TVar):
                self.expect(list_of(elem), it, e.iterable.span)
            else:
                self.reporter.error(
                    "E0006",
                    f"{show(it)} does not implement Iterable",
                    e.iterable.span,
                    f"{show(it)} is not iterable",
                    message=f"type `{show(it)}` does not satisfy trait `Iterable`",
                )
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
        return self.loop_jump(e, "E0032")

    def infer_Continue(self, e, scope):
        return self.loop_jump(e, "E0033")

    def loop_jump(self, e, code: str) -> Type:
        """`break` (E0032) / `continue` (E0033): only inside a loop of this function."""
        if self.ctx is None or self.ctx.loop_depth == 0:
            self.reporter.emit(code, e.span)
            raise Abort()
        return self.fresh()

    def infer_Return(self, e: A.Return, scope):
        if self.ctx is None:
            self.reporter.emit("E0103", e.span)
            raise Abort()
        t = self.infer(e.value, scope) if e.value is not None else UNIT
        self.expect(self.ctx.ret, t, e.value.span if e.value is not None else e.span)
        return self.fresh()

    def infer_Try(self, e: A.Try, scope):
        t = prune(self.infer(e.expr, scope))
        if self.ctx is None:
            self.reporter.error(
                "E0036",
                "`?` operator requires function to return `Result` or `Option`",
                e.span,
                "cannot use `?` here",
            )
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
            self.reporter.emit("E0037", e.span, type=ts)
            raise Abort()
        ctx = self.ctx
        ret = prune(ctx.ret)
        if not ctx.declared and isinstance(ret, TVar):
            wanted = (
                result_of(self.fresh(), t.args[1])
                if t.name == "Result"
                else option_of(self.fresh())
            )
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
            self.reporter.emit(
                "E0036",
                e.span,
                returns=rs,
                note=f"the enclosing function returns `{rs}`, but `?` requires `{need}`",
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
            self.reporter.emit("E0052", e.span, name=name)
            raise Abort()
        e.res = StructRes(s.module, s.name, s.field_names())
        mapping = {p.id: TVar(self.level) for p in s.params}

        ftypes = {n: substitute(t, mapping) for n, t in s.fields}
        given = set()
        for fname, fe, fspan in e.fields:
            if fname not in ftypes:
                self.reporter.emit("E0009", fspan, field=fname, struct=s.name)
                raise Abort()
            given.add(fname)
            ft = self.infer(fe, scope)
            self.expect(ftypes[fname], ft, fe.span)
        for fname in ftypes:
            if fname not in given:
                self.reporter.error(
                    "E0009",
                    f"missing field {fname} in struct {s.name}",
                    e.span,
                    f"field `{fname}` is required",
                    help=f"add `{fname}: <value>`",
                    message=f"missing field `{fname}` in struct `{s.name}`",
                )
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
            self.reporter.error(
                "E0009",
                f"type {show(bt)} has no fields",
                e.base.span,
                "not a struct",
                message=f"type `{show(bt)}` has no fields",
            )
            raise Abort()
        s, mapping = info

        ftypes = {n: substitute(t, mapping) for n, t in s.fields}
        for fname, fe, fspan in e.fields:
            if fname not in ftypes:
                self.reporter.emit("E0009", fspan, field=fname, struct=s.name)
                raise Abort()
            self.expect(ftypes[fname], self.infer(fe, scope), fe.span)
        e.res = StructRes(s.module, s.name, s.field_names())
        return bt
