"""Static member access in the checker: `Mod.f`, `String.f`, `Svc.call`, `Type.Variant`
(spec 01 §9, 02 §10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.resolved import FnRes, ServiceFnRes, StructRes
from mesh.compiler.stdlib_types import SIGNATURES
from mesh.compiler.types import decls as D
from mesh.compiler.types.common import Scope, builtin_res, did_you_mean
from mesh.compiler.types.errors import Abort, report_unsupported
from mesh.compiler.types.schema import schema_member
from mesh.compiler.types.ty import TCon, TVar, Type

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker


class MemberChecker:
    """Static member access (`chk.members`)."""

    def __init__(self, chk: Checker) -> None:
        self.chk = chk

    def static_member(
        self, e: A.Field, scope: Scope, arity: int | None
    ) -> tuple[A.Res, Type] | None:
        """`Mod.f`, `String.f`, `Type.Variant`: (res, type) or None when `e.obj` is a value."""
        obj = e.obj
        if not isinstance(obj, A.Name) or scope.lookup(obj.name) is not None:
            return None
        oname, name = obj.name, e.name
        target = self.chk.menv.imports.get(oname)
        if isinstance(target, D.ModuleEnv):
            fn = None
            if name in target.arities:
                fn = self.chk.exprs.pick_fn(name, arity, target.arities[name], target.fns, e.span)
                if fn is not None and not fn.is_pub:
                    self.chk.reporter.emit("E0035", e.name_span, name=name, module=target.name)
                    raise Abort()
            if fn is not None:
                return FnRes(fn.module, fn.name, fn.arity), self.chk.exprs.fn_value_type(fn)
            s = target.structs.get(name)
            if s is not None and s.is_pub:
                return StructRes(s.module, s.name, s.field_names()), TCon(
                    s.qual, tuple(TVar(self.chk.level) for _ in s.params)
                )
            self.chk.reporter.emit("E0034", e.name_span, name=name, module=target.name)
            raise Abort()
        svc = self.chk.menv.services.get(oname)
        if svc is not None:
            if name not in svc.fns:
                self.chk.reporter.emit(
                    "E0004", e.span, name=f"{oname}.{name}", help=did_you_mean(name, list(svc.fns))
                )
                raise Abort()
            kind, ft = svc.fns[name]
            return ServiceFnRes(svc.module, svc.name, name, kind), ft
        sum_info = self.chk.menv.sums.get(oname) or D.BUILTIN_SUMS.get(oname)
        if sum_info is not None:
            for v in sum_info.variants:
                if v.name == name:
                    return self.chk.exprs.ctor_res(v), D.variant_ctor_type(v, self.chk.level)
            self.chk.reporter.emit(
                "E0010",
                e.name_span,
                variant=name,
                help=did_you_mean(name, [v.name for v in sum_info.variants]),
            )
            raise Abort()
        stdlib = oname if oname in D.STDLIB_MODULES else None
        if target == "stdlib":
            stdlib = oname
        if stdlib is not None:
            qual = f"{stdlib}.{name}"
            if qual in SIGNATURES:
                return builtin_res(qual), self.chk.exprs.builtin_type(qual)
            if qual == "HTTP.clustered":  # a value, not a call in a route registration
                self.chk.clustered.clustered_misplaced(e.span)
            if qual == "Continuity.promote":  # 07 §11.3: promotion is automatic only
                self.chk.reporter.emit("E0046", e.span)
                raise Abort()
            if self.chk.menv.structs.get(oname) is None:
                self.chk.reporter.emit(
                    "E0004",
                    e.span,
                    name=qual,
                    help=did_you_mean(
                        name, [k.split(".", 1)[1] for k in SIGNATURES if k.startswith(stdlib + ".")]
                    ),
                )
                raise Abort()
        if oname in self.chk.menv.variants or oname in D.BUILTIN_VARIANTS:
            return None  # `Dot.inspect()`: a nullary variant is a value
        if oname in self.chk.menv.structs:
            if name == "from_row":  # `User.from_row` as a function value (spec 06 §3.6)
                row_member = self.chk.dispatch.from_row_member(oname)
                if row_member is not None:
                    return row_member
                self.chk.reporter.emit(
                    "E0006",
                    e.span,
                    form="not_derived",
                    type=oname,
                    trait="Row",
                )
                raise Abort()
            got = schema_member(self.chk, self.chk.menv.structs[oname], name, e.span)
            if got is not None:  # `T.__table__` & co. (spec 06 §3.7)
                return got
            report_unsupported(self.chk.reporter, "static_method", e.span, name=f"{oname}.{name}")
            raise Abort()
        if oname[:1].isupper() and oname not in self.chk.menv.arities:
            if oname in self.envs_by_last():
                self.chk.reporter.emit(
                    "E0031",
                    obj.span,
                    form="not_imported",
                    module=oname,
                )
            else:
                self.chk.reporter.emit("E0031", obj.span, module=oname)
            raise Abort()
        return None

    def envs_by_last(self) -> set[str]:
        return {n.rsplit(".", 1)[-1] for n in self.chk.envs}
