"""Control flow, `?` and struct expressions in the checker (spec 02 §4, §6, §13.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import worded_label
from mesh.compiler.resolved import (
    StructRes,
)
from mesh.compiler.types import decls as D
from mesh.compiler.types.common import (
    Bindings,
    FnCtx,
    Scope,
    tail_span,
)
from mesh.compiler.types.errors import (
    Abort,
    report_mismatch,
)
from mesh.compiler.types.suggest import completed_literal
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

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker, Rule


class ControlChecker:
    """Control flow, `?` and struct expressions (`chk.control`)."""

    def __init__(self, chk: Checker) -> None:
        self.chk = chk

    def rules(self) -> dict[type, Rule]:
        """The inference rule of each node class this collaborator types."""
        return {
            A.If: self.infer_If,
            A.Case: self.infer_Case,
            A.Closure: self.infer_Closure,
            A.For: self.infer_For,
            A.While: self.infer_While,
            A.Break: self.infer_Break,
            A.Continue: self.infer_Continue,
            A.Return: self.infer_Return,
            A.Try: self.infer_Try,
            A.StructLit: self.infer_StructLit,
            A.StructUpdate: self.infer_StructUpdate,
        }

    def infer_If(self, e: A.If, scope: Scope) -> Type:
        ct = self.chk.infer(e.cond, scope)
        self.chk.expect(BOOL, ct, e.cond.span)
        then_t = self.chk.blocks.infer_block(e.then, scope)
        if e.else_ is None:
            return then_t
        else_t = self.chk.infer(e.else_, scope)
        try:
            unify(then_t, else_t)
        except UnifyError:
            report_mismatch(
                self.chk.reporter,
                then_t,
                else_t,
                tail_span(e.else_),
                labels=[
                    worded_label("E0001", tail_span(e.then), "then_branch", expected=show(then_t)),
                    worded_label("E0001", tail_span(e.else_), "else_branch", found=show(else_t)),
                ],
            )
            raise Abort() from None
        return then_t

    def infer_Case(self, e: A.Case, scope: Scope) -> Type:
        st = self.chk.infer(e.scrutinee, scope)
        result = self.chk.fresh()
        for arm in e.arms:
            inner = Scope(scope)
            bindings: Bindings = {}
            try:
                self.chk.patterns.infer_pattern(arm.pattern, st, bindings, inner)
                for name, (bt, res) in bindings.items():
                    inner.vars[name] = (mono(bt), res)
                if arm.guard is not None:
                    self.chk.blocks.check_guard(arm.guard, inner)
                bt = self.chk.infer_body(arm.body, inner)
                self.chk.expect(result, bt, tail_span(arm.body))
            except Abort:
                pass
        if not e.arms:
            return UNIT
        self.chk.exhaustive.check_case(self.chk, e, st)
        return result

    def infer_Closure(self, e: A.Closure, scope: Scope) -> Type:
        arity = len(e.clauses[0].params)
        params = tuple(self.chk.fresh() for _ in range(arity))
        ret = self.chk.fresh()
        saved = self.chk.ctx
        for c in e.clauses:
            if len(c.params) != arity:
                self.chk.reporter.emit(
                    "E0024", c.span, name="closure", expected=arity, found=len(c.params)
                )
                raise Abort()
            self.chk.ctx = FnCtx(ret, False, name="closure")
            if saved is not None:
                self.chk.ctx.actor_name, self.chk.ctx.actor_msg = saved.actor_name, saved.actor_msg
            inner = Scope(scope)
            bindings: Bindings = {}
            try:
                for p, pt in zip(c.params, params):
                    if p.annotation is not None:
                        self.chk.expect(self.chk.annotation(p.annotation), pt, p.span)
                    self.chk.patterns.infer_pattern(p.pattern, pt, bindings, inner)
                for name, (bt, res) in bindings.items():
                    inner.vars[name] = (mono(bt), res)
                if c.guard is not None:
                    self.chk.blocks.check_guard(c.guard, inner)
                bt = self.chk.infer_body(c.body, inner)
                self.chk.expect(ret, bt, tail_span(c.body))
            finally:
                self.resolve_pending_tries(self.chk.ctx)
                self.chk.ctx = saved
        return TFun(params, ret)

    def user_pair_item(self, it: Type) -> Type | None:
        """The `Item` of a user type's Iterable/Iterator impl, which `for {k, v}` splits
        like a map entry when it is a 2-tuple (the caller reports any other)."""
        return self.chk.dispatch.user_iteration_item(it)

    def infer_For(self, e: A.For, scope: Scope) -> Type:
        it = prune(self.chk.infer(e.iterable, scope))
        inner = Scope(scope)
        if e.map_entry:
            k, v = self.chk.fresh(), self.chk.fresh()
            pair = self.user_pair_item(it)
            if pair is None:
                self.chk.expect(TCon("Map", (k, v)), it, e.iterable.span)
            else:  # a user Iterable/Iterator of 2-tuples (spec 02 §11): `{k, v}` splits them
                self.chk.expect(TCon("Tuple", (k, v)), pair, e.iterable.span, "pair_items")
            elem_types = [k, v]
            if len(e.names) != 2:
                self.chk.reporter.emit("E0111", e.span)
                raise Abort()
        else:
            elem = self.chk.fresh()
            if isinstance(it, TCon) and it.name == "Range":
                self.chk.expect(INT, elem, e.span)
            elif isinstance(it, TCon) and it.name in ("List", "Set"):
                unify(elem, it.args[0])
            elif isinstance(it, TCon) and it.name == "Map":
                unify(elem, TCon("Tuple", it.args))
            elif (item := self.chk.dispatch.iteration_item(it)) is not None:
                unify(elem, item)
            elif isinstance(it, TVar):
                self.chk.expect(list_of(elem), it, e.iterable.span)
            else:
                self.chk.reporter.emit("E0006", e.iterable.span, form="not_iterable", type=show(it))
                raise Abort()
            elem_types = [elem]
        res = []
        for (name, _), t in zip(e.names, elem_types):
            r = self.chk.new_local(name)
            res.append(r)
            if name != "_":
                inner.vars[name] = (mono(t), r)
        e.res = res
        if e.filter is not None:
            ft = self.chk.infer(e.filter, inner)
            self.chk.expect(BOOL, ft, e.filter.span)
        self.enter_loop()
        try:
            body_t = self.chk.blocks.infer_block(e.body, inner)
        finally:
            self.exit_loop()
        return list_of(body_t)

    def infer_While(self, e: A.While, scope: Scope) -> Type:
        ct = self.chk.infer(e.cond, scope)
        self.chk.expect(BOOL, ct, e.cond.span)
        self.enter_loop()
        try:
            self.chk.blocks.infer_block(e.body, scope)
        finally:
            self.exit_loop()
        return UNIT

    def enter_loop(self) -> None:
        if self.chk.ctx is not None:
            self.chk.ctx.loop_depth += 1

    def exit_loop(self) -> None:
        if self.chk.ctx is not None:
            self.chk.ctx.loop_depth -= 1

    def infer_Break(self, e: A.Break, scope: Scope) -> Type:
        return self.loop_jump(e, "E0032")

    def infer_Continue(self, e: A.Continue, scope: Scope) -> Type:
        return self.loop_jump(e, "E0033")

    def loop_jump(self, e: A.Break | A.Continue, code: str) -> Type:
        """`break` (E0032) / `continue` (E0033): only inside a loop of this function."""
        if self.chk.ctx is None or self.chk.ctx.loop_depth == 0:
            self.chk.reporter.emit(code, e.span)
            raise Abort()
        return self.chk.fresh()

    def infer_Return(self, e: A.Return, scope: Scope) -> Type:
        if self.chk.ctx is None:
            self.chk.reporter.emit("E0103", e.span)
            raise Abort()
        t = self.chk.infer(e.value, scope) if e.value is not None else UNIT
        self.chk.expect(self.chk.ctx.ret, t, e.value.span if e.value is not None else e.span)
        return self.chk.fresh()

    def infer_Try(self, e: A.Try, scope: Scope) -> Type:
        t = prune(self.chk.infer(e.expr, scope))
        if self.chk.ctx is None:
            self.chk.reporter.emit("E0036", e.span, form="outside_function")
            raise Abort()
        if isinstance(t, TVar):
            # Spec 02 §13.2: try Result, then Option — decided when the body is done.
            inner = self.chk.fresh()
            self.chk.ctx.pending_tries.append((e, t, inner))
            return inner
        return self.check_try(e, t)

    def resolve_pending_tries(self, ctx: FnCtx) -> None:
        """End of a function/closure body: settle what needed the whole body's types."""
        for inst, res, span in ctx.pending_bounds:
            try:
                self.chk.dispatch.check_bounds(res, inst, span)
            except Abort:
                pass
        ctx.pending_bounds.clear()
        for item in ctx.pending_into:
            try:
                self.chk.dispatch.settle_conversion(*item)
            except Abort:
                pass
        ctx.pending_into.clear()
        for e, t, inner in ctx.pending_tries:
            t = prune(t)
            if isinstance(t, TVar):
                ret = prune(ctx.ret)
                if isinstance(ret, TCon) and ret.name == "Option":
                    unify(t, option_of(self.chk.fresh()))
                else:
                    unify(t, result_of(self.chk.fresh(), self.chk.fresh()))
            saved, self.chk.ctx = self.chk.ctx, ctx
            try:
                self.chk.expect(inner, self.check_try(e, prune(t)), e.span)
            except Abort:
                pass
            finally:
                self.chk.ctx = saved
        ctx.pending_tries.clear()

    def check_try(self, e: A.Try, t: Type) -> Type:
        if not (isinstance(t, TCon) and t.name in ("Result", "Option")):
            ts = show(t)
            self.chk.reporter.emit("E0037", e.span, type=ts)
            raise Abort()
        ctx = cast(FnCtx, self.chk.ctx)  # `?` outside a function is E0036 in infer_Try
        ret = prune(ctx.ret)
        if not ctx.declared and isinstance(ret, TVar):
            wanted = (
                result_of(self.chk.fresh(), t.args[1])
                if t.name == "Result"
                else option_of(self.chk.fresh())
            )
            self.chk.expect(ret, wanted, e.span)
            return t.args[0]
        ok = isinstance(ret, TCon) and ret.name == t.name
        if isinstance(ret, TCon) and ok and t.name == "Result":
            try:
                unify(ret.args[1], t.args[1])
            except UnifyError:
                ok = self.error_conversion(e, t.args[1], ret.args[1])
        if not ok:
            self.chk.reporter.emit("E0036", e.span, returns=show(ret))
            raise Abort()
        return t.args[0]

    def error_conversion(self, e: A.Try, src: Type, dst: Type) -> bool:
        """`?` converts `Err(e)` with `F.from(e)` when `impl From<E> for F` exists."""
        dk, sk = head_key(dst), head_key(src)
        for impl in self.chk.tenv.impls_for(dk, "From") if dk else []:
            if impl.trait_args and head_key(impl.trait_args[0]) == sk and "from" in impl.methods:
                e.res = impl.methods["from"].res
                return True
        return False

    def lookup_struct(self, path: list[str]) -> D.StructInfo | None:
        found = self.chk.resolver.lookup_named(self.chk.menv, path)
        return found if isinstance(found, D.StructInfo) else None

    def infer_StructLit(self, e: A.StructLit, scope: Scope) -> Type:
        s = self.lookup_struct(e.path)
        name = ".".join(e.path)
        if s is None:
            self.chk.reporter.emit("E0052", e.span, name=name)
            raise Abort()
        e.res = StructRes(s.module, s.name, s.field_names())
        mapping = {p.id: TVar(self.chk.level) for p in s.params}

        ftypes = {n: substitute(t, mapping) for n, t in s.fields}
        given = set()
        for fname, fe, fspan in e.fields:
            if fname not in ftypes:
                self.chk.reporter.emit("E0009", fspan, field=fname, struct=s.name)
                raise Abort()
            given.add(fname)
            ft = self.chk.infer(fe, scope)
            self.chk.expect(ftypes[fname], ft, fe.span)
        missing = [(n, t) for n, t in ftypes.items() if n not in given]
        if missing:
            fix = completed_literal(e, missing)
            self.chk.reporter.emit(
                "E0009",
                e.span,
                form="missing" if fix else "missing_unwritten",
                field=missing[0][0],
                struct=s.name,
                fix=fix,
            )
            raise Abort()
        return TCon(s.qual, tuple(mapping[p.id] for p in s.params))

    def infer_StructUpdate(self, e: A.StructUpdate, scope: Scope) -> Type:
        bt = prune(self.chk.infer(e.base, scope))
        info = self.chk.struct_info(bt)
        if info is None:
            if isinstance(bt, TVar):
                for _, fe, _ in e.fields:
                    self.chk.infer(fe, scope)
                return bt
            self.chk.reporter.emit("E0009", e.base.span, form="not_a_struct", type=show(bt))
            raise Abort()
        s, mapping = info

        ftypes = {n: substitute(t, mapping) for n, t in s.fields}
        for fname, fe, fspan in e.fields:
            if fname not in ftypes:
                self.chk.reporter.emit("E0009", fspan, field=fname, struct=s.name)
                raise Abort()
            self.chk.expect(ftypes[fname], self.chk.infer(fe, scope), fe.span)
        e.res = StructRes(s.module, s.name, s.field_names())
        return bt
