"""Pattern typing: bindings, constructors, or-patterns (spec 01 §8, spec 02 §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.types import decls as D
from mesh.compiler.types.common import (
    Bindings,
    Scope,
    did_you_mean,
)
from mesh.compiler.types.errors import (
    Abort,
    report_arity,
)
from mesh.compiler.types.ty import (
    ATOM,
    BOOL,
    FLOAT,
    INT,
    STRING,
    UNIT,
    TCon,
    TFun,
    Type,
    list_of,
)

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker


class PatternChecker:
    """Pattern typing (`chk.patterns`)."""

    def __init__(self, chk: Checker) -> None:
        self.chk = chk

    def infer_pattern(
        self,
        p: A.Pattern,
        t: Type,
        bindings: Bindings,
        scope: Scope,
        shared: Bindings | None = None,
    ) -> None:
        p.ty = t
        if isinstance(p, A.PWild):
            return
        if isinstance(p, A.PVar):
            v = self.pattern_variant(p.name)
            if v is not None:
                p.res = self.chk.exprs.ctor_res(v)
                self.chk.expect(t, self.variant_result_type(v), p.span)
                return
            self.bind(p, p.name, t, bindings, shared)
            return
        if isinstance(p, A.PLit):
            val = p.value
            lt = (
                BOOL
                if isinstance(val, bool)
                else INT
                if isinstance(val, int)
                else FLOAT
                if isinstance(val, float)
                else STRING
                if isinstance(val, str)
                else UNIT
            )
            self.chk.expect(t, lt, p.span)
            return
        if isinstance(p, A.PAtom):
            self.chk.expect(t, ATOM, p.span)
            return
        if isinstance(p, A.PTuple):
            items = tuple(self.chk.fresh() for _ in p.items)
            self.chk.expect(t, TCon("Tuple", items), p.span)
            for sub, it in zip(p.items, items):
                self.infer_pattern(sub, it, bindings, scope, shared)
            return
        if isinstance(p, A.PList):
            elem = self.chk.fresh()
            self.chk.expect(t, list_of(elem), p.span)
            for sub in p.items:
                self.infer_pattern(sub, elem, bindings, scope, shared)
            return
        if isinstance(p, A.PCons):
            elem = self.chk.fresh()
            self.chk.expect(t, list_of(elem), p.span)
            self.infer_pattern(p.head, elem, bindings, scope, shared)
            self.infer_pattern(p.tail, list_of(elem), bindings, scope, shared)
            return
        if isinstance(p, A.PAs):
            self.infer_pattern(p.pattern, t, bindings, scope, shared)
            self.bind(p, p.name, t, bindings, shared)
            return
        if isinstance(p, A.PCtor):
            v = self.resolve_pattern_ctor(p)
            p.res = self.chk.exprs.ctor_res(v)
            ct = D.variant_ctor_type(v, self.chk.level)
            if isinstance(ct, TFun):
                self.chk.expect(t, ct.ret, p.span)
                if p.args is not None:
                    if len(p.args) != len(ct.params):
                        report_arity(self.chk.reporter, len(ct.params), len(p.args), p.span)
                        raise Abort()
                    for sub, pt in zip(p.args, ct.params):
                        self.infer_pattern(sub, pt, bindings, scope, shared)
            else:
                self.chk.expect(t, ct, p.span)
                if p.args:
                    report_arity(self.chk.reporter, 0, len(p.args), p.span)
                    raise Abort()
            return
        if isinstance(p, A.POr):
            first: Bindings = {}
            self.infer_pattern(p.alts[0], t, first, scope, shared)
            for alt in p.alts[1:]:
                other: Bindings = {}
                self.infer_pattern(alt, t, other, scope, first)
                if set(other) != set(first):
                    a = ", ".join(sorted(first))
                    b = ", ".join(sorted(other))
                    self.chk.reporter.emit("E0011", alt.span, left=a, right=b)
                    raise Abort()
            for name, bound in first.items():
                if name in bindings:
                    self.chk.expect(bindings[name][0], bound[0], p.span)
                bindings[name] = bound
            return
        raise NotImplementedError(type(p).__name__)

    def bind(
        self, p: A.PVar | A.PAs, name: str, t: Type, bindings: Bindings, shared: Bindings | None
    ) -> None:
        if name in bindings and name != "_":
            self.chk.reporter.emit("E0102", p.span, name=name)
            raise Abort()
        if shared is not None and name in shared:
            st, res = shared[name]
            self.chk.expect(st, t, p.span)
        else:
            res = self.chk.new_local(name)
        p.res = res
        bindings[name] = (t, res)

    def pattern_variant(self, name: str) -> D.VariantInfo | None:
        if not name[:1].isupper():
            return None
        return self.chk.menv.variants.get(name) or D.BUILTIN_VARIANTS.get(name)

    def variant_result_type(self, v: D.VariantInfo) -> Type:
        ct = D.variant_ctor_type(v, self.chk.level)
        return ct.ret if isinstance(ct, TFun) else ct

    def resolve_pattern_ctor(self, p: A.PCtor) -> D.VariantInfo:
        if len(p.path) == 1:
            v = self.chk.menv.variants.get(p.path[0]) or D.BUILTIN_VARIANTS.get(p.path[0])
            candidates = list(self.chk.menv.variants) + list(D.BUILTIN_VARIANTS)
        else:
            sum_info = self.chk.menv.sums.get(p.path[0]) or D.BUILTIN_SUMS.get(p.path[0])
            v = None
            candidates = []
            if sum_info is not None:
                candidates = [x.name for x in sum_info.variants]
                v = next((x for x in sum_info.variants if x.name == p.path[1]), None)
        if v is None:
            name = ".".join(p.path)
            self.chk.reporter.emit(
                "E0010", p.span, variant=name, help=did_you_mean(p.path[-1], candidates)
            )
            raise Abort()
        return v
