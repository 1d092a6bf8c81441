"""`HTTP.clustered(handler)` / `HTTP.clustered(N, handler)` (spec 06 §1.9, 07 §11.6).

The form is legal only as the handler argument of `HTTP.route` / `HTTP.on_*`; its value is
the handler's type `Fun(Request) -> Response`. Once validated, the call is rewritten to the
runtime entry point `HTTP.clustered("<DefiningModule>.<fn>", N, handler)` so codegen emits
it like any other stdlib call. E0050 (one handler, two counts) is program-wide, so uses are
collected here and compared after every module has been checked (`report_conflicts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn, cast

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Reporter, worded_label
from mesh.compiler.resolved import BuiltinRes, FnRes
from mesh.compiler.source import Span
from mesh.compiler.stdlib_types import SIGNATURES
from mesh.compiler.types import decls as D
from mesh.compiler.types.common import Scope, did_you_mean
from mesh.compiler.types.errors import Abort
from mesh.compiler.types.ty import INT, STRING, Type, show
from mesh.compiler.types.unify import UnifyError, unify

ROUTE_FNS = frozenset(
    {"HTTP.route", "HTTP.on_get", "HTTP.on_post", "HTTP.on_put", "HTTP.on_delete", "HTTP.on_patch"}
)
HANDLER_ARG = 2  # (router, path, handler) once a pipe has inserted the router
DEFAULT_COUNT = 2
RUNTIME_RES = BuiltinRes("HTTP.clustered", "http", "clustered")


@dataclass
class ClusteredUse:
    runtime_name: str
    count: int
    module: str
    span: Span


def is_clustered_callee(callee: A.Expr, scope: Scope, menv: D.ModuleEnv) -> bool:
    return (
        isinstance(callee, A.Field)
        and callee.name == "clustered"
        and isinstance(callee.obj, A.Name)
        and callee.obj.name == "HTTP"
        and scope.lookup("HTTP") is None
        and not isinstance(menv.imports.get("HTTP"), D.ModuleEnv)
    )


if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker


class ClusteredChecker:
    """`HTTP.clustered(...)` in route registrations (`chk.clustered`)."""

    def __init__(self, chk: Checker) -> None:
        self.chk = chk

    def mark_route_handler(self, res: A.Res | None, args: list[A.Expr]) -> None:
        """Called before the arguments of a route registration are inferred."""
        if isinstance(res, BuiltinRes) and res.qualname in ROUTE_FNS and args:
            # With too few arguments the last one is still meant as the handler: let the
            # registration's own arity error (E0003) be the one reported.
            arg = args[min(HANDLER_ARG, len(args) - 1)]
            if isinstance(arg, A.Call):
                arg.clustered_ok = True

    def clustered_misplaced(self, span: Span) -> NoReturn:
        self.chk.reporter.emit("E0049", span)
        raise Abort()

    def _usage_error(
        self, form: str | None, span: Span, help: str | None = None, **params: object
    ) -> NoReturn:
        """E0047 in the catalogue's wording `form`; `help` is a computed suggestion."""
        self.chk.reporter.emit_with("E0047", span, params, form=form, help=help)
        raise Abort()

    def clustered_call(self, e: A.Call, scope: Scope) -> Type:
        callee = cast(A.Field, e.callee)  # `HTTP.clustered` (is_clustered_callee)
        if callee.res is RUNTIME_RES:  # already checked and rewritten
            return D.signature_type(
                "(Request) -> Response", self.chk.resolver, self.chk.menv, self.chk.level
            )
        if not getattr(e, "clustered_ok", False):
            self.clustered_misplaced(e.span)
        args = e.args
        if (
            e.kwargs
            or len(args) not in (1, 2)
            or (len(args) == 2 and _count_like(args[1]) and not _count_like(args[0]))
        ):
            self._usage_error("shape", e.span, given=len(args) + len(e.kwargs))
        count = DEFAULT_COUNT
        if len(args) == 2:
            lit = args[0]
            if not isinstance(lit, A.IntLit) or lit.value <= 0:
                self._usage_error(None, lit.span, default=DEFAULT_COUNT)
            count = lit.value
        handler = cast(A.Name | A.Field, args[-1])  # or _clustered_target reports it
        fn = self._clustered_target(handler, scope)
        expected = D.signature_type(
            "(Request) -> Response", self.chk.resolver, self.chk.menv, self.chk.level
        )
        found = self.chk.exprs.fn_value_type(fn)
        try:
            unify(expected, found)
        except UnifyError:
            self._usage_error(
                "handler_type",
                handler.span,
                name=fn.name,
                found=show(found),
                expected=show(expected),
            )
        handler.res = FnRes(fn.module, fn.name, fn.arity)
        handler.ty = expected
        runtime_name = f"{fn.module}.{fn.name}"
        if self.chk.clustered_uses is not None:
            self.chk.clustered_uses.append(
                ClusteredUse(runtime_name, count, self.chk.menv.name, e.span)
            )
        name_lit = A.StringLit(handler.span, [runtime_name])
        name_lit.ty = STRING
        count_lit = A.IntLit(handler.span, count)
        count_lit.ty = INT
        callee.res = RUNTIME_RES
        e.args = [name_lit, count_lit, handler]
        return expected

    def _clustered_target(self, h: A.Expr, scope: Scope) -> D.FnInfo:
        if isinstance(h, A.Name):
            return self._bare_target(h, scope)
        if isinstance(h, A.Field) and isinstance(h.obj, A.Name):
            return self._qualified_target(h, h.obj.name, scope)
        if isinstance(h, A.Field):
            path = _dotted(h.obj)
            if path is not None and path in self.chk.envs:
                last = path.rsplit(".", 1)[-1]
                self._usage_error("full_path", h.span, path=path, last=last, name=h.name)
        self._usage_error("not_a_name", h.span)
        raise AssertionError("unreachable")

    def _bare_target(self, h: A.Name, scope: Scope) -> D.FnInfo:
        name = h.name
        local = scope.lookup(name)
        if local is not None:
            local_fn = isinstance(local[1], FnRes)
            self._usage_error("local_function" if local_fn else "local_variable", h.span, name=name)
        menv = self.chk.menv
        if name in menv.arities:
            fn = _pick(menv.fns, name, menv.arities[name])
            self._check_plain_fn(fn, h.span)
            if not fn.is_pub:
                self._private(name, fn.name, h.span)
            return fn
        if name in menv.imported_fns:
            cands = menv.imported_fns[name]
            fn = next((f for f in cands if f.arity == 1), cands[0])
            if not fn.module or fn.module not in self.chk.envs:
                self.chk.reporter.emit("E0051", h.span, name=name)
                raise Abort()
            self._check_plain_fn(fn, h.span)
            return fn
        if self._imported_private(name):
            self._private(name, name, h.span)
        if name[:1].isupper() or name in menv.imported_builtins or name in SIGNATURES:
            self._usage_error("not_project_function", h.span, name=name)
        self._usage_error(
            "unknown",
            h.span,
            did_you_mean(name, list(menv.arities) + list(menv.imported_fns)),
            name=name,
        )
        raise AssertionError("unreachable")

    def _qualified_target(self, h: A.Field, mod: str, scope: Scope) -> D.FnInfo:
        if scope.lookup(mod) is not None:
            self._usage_error("local_field", h.span, module=mod, name=h.name)
        target = self.chk.menv.imports.get(mod)
        if isinstance(target, D.ModuleEnv):
            if h.name not in target.arities:
                self._usage_error(
                    "no_such_function",
                    h.name_span,
                    did_you_mean(h.name, list(target.arities)),
                    module=target.name,
                    name=h.name,
                )
            fn = _pick(target.fns, h.name, target.arities[h.name])
            self._check_plain_fn(fn, h.span)
            if not fn.is_pub:
                self._private(f"{mod}.{h.name}", fn.name, h.span)
            return fn
        if target == "stdlib" or mod in D.STDLIB_MODULES:
            self._usage_error("stdlib_function", h.span, module=mod, name=h.name)
        self._usage_error("not_imported", h.obj.span, module=mod)
        raise AssertionError("unreachable")

    def _check_plain_fn(self, fn: D.FnInfo, span: Span) -> None:
        if fn.actor is not None:
            self._usage_error("actor", span, name=fn.name)

    def _private(self, shown: str, name: str, span: Span) -> None:
        self.chk.reporter.emit("E0048", span, handler=shown, name=name)
        raise Abort()

    def _imported_private(self, name: str) -> bool:
        """`from M import h` with a private `h` (already E0035 at the import)."""
        for item in self.chk.menv.ast.items:
            if isinstance(item, A.FromImport) and any(n == name for n, _ in item.names):
                target = self.chk.envs.get(".".join(item.path))
                if target is not None and name in target.arities:
                    return True
        return False


def _count_like(e: A.Expr) -> bool:
    return isinstance(e, A.IntLit) or (
        isinstance(e, A.Unary) and e.op == "-" and isinstance(e.operand, A.IntLit)
    )


def _dotted(e: A.Expr) -> str | None:
    parts: list[str] = []
    while isinstance(e, A.Field):
        parts.append(e.name)
        e = e.obj
    if not isinstance(e, A.Name):
        return None
    parts.append(e.name)
    return ".".join(reversed(parts))


def _pick(table: dict[tuple[str, int], D.FnInfo], name: str, arities: list[int]) -> D.FnInfo:
    return table[(name, 1 if 1 in arities else arities[0])]


def report_conflicts(uses: list[ClusteredUse], module_order: list[str], reporter: Reporter) -> None:
    """E0050: the first use of a handler (module order, then source order) fixes its count."""
    rank = {m: i for i, m in enumerate(module_order)}
    first: dict[str, ClusteredUse] = {}
    for u in sorted(uses, key=lambda u: (rank.get(u.module, len(rank)), u.span.start)):
        prev = first.setdefault(u.runtime_name, u)
        if prev.count == u.count:
            continue
        reporter.emit(
            "E0050",
            u.span,
            name=u.runtime_name,
            previous=prev.count,
            count=u.count,
            labels=[worded_label("E0050", prev.span, "first_use", previous=prev.count)],
        )
