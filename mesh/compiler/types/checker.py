"""The checker context (spec 02 §4–§13): the state of checking one module's bodies and the
collaborators that type each kind of node.

`Checker` owns the state every rule reads or writes (module environment, trait
environment, reporter, let-level, the function being checked, error caps) and the common
helpers (`fresh`, `expect`, `infer`, ...). The rules live in collaborators, each a plain
class holding this context as `chk` (the shape of mypy's `ExpressionChecker(chk)`):
`chk.exprs` (literals, names, calls, operators), `chk.blocks` (blocks, `let`, function
clauses), `chk.control`, `chk.patterns`, `chk.dispatch`, `chk.members`, `chk.actor_calls`
and `chk.clustered`. Inference annotates `ty` and `res` on the AST in place.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Label, Reporter
from mesh.compiler.resolved import LocalRes
from mesh.compiler.source import Span
from mesh.compiler.types import decls as D
from mesh.compiler.types.actor_calls import ActorCallChecker
from mesh.compiler.types.blocks import BlockChecker
from mesh.compiler.types.clustered import ClusteredChecker, ClusteredUse
from mesh.compiler.types.common import FnCtx, Scope
from mesh.compiler.types.control import ControlChecker
from mesh.compiler.types.dispatch import Dispatcher
from mesh.compiler.types.errors import Abort, report_infinite, report_mismatch
from mesh.compiler.types.exhaustive import Exhaustiveness
from mesh.compiler.types.infer import ExprChecker
from mesh.compiler.types.members import MemberChecker
from mesh.compiler.types.patterns import PatternChecker
from mesh.compiler.types.traits import TraitEnv
from mesh.compiler.types.ty import TCon, TFun, TVar, Type, prune
from mesh.compiler.types.unify import UnifyError, unify

if TYPE_CHECKING:
    from mesh.compiler.types.items import ModuleChecker

# Inference rule of one node class: (node, scope) -> its type.
Rule = Callable[[Any, Scope], Type]

_uids = itertools.count(1)  # program-wide: local functions and bindings get unique ids

_NO_ORD = {"Map", "Set", "Atom", "Pid", "Json", "Regex"}
# Error recovery (issue 19): a failed argument, operand, literal item or statement gets a
# fresh type so its siblings are still checked and every independent error of a function
# is reported in one run, up to these caps (docs/diagnostics.md).
MAX_ERRORS_PER_FUNCTION = 20
MAX_ERRORS_PER_PROGRAM = 100


class Checker:
    """Checks the bodies of one module (built by `ModuleChecker.infer_functions`)."""

    def __init__(self, mchecker: ModuleChecker) -> None:
        self.mchecker = mchecker
        self.menv: D.ModuleEnv = mchecker.env
        self.envs: dict[str, D.ModuleEnv] = mchecker.envs
        self.resolver: D.TypeResolver = mchecker.resolver
        self.reporter: Reporter = mchecker.reporter
        self.tenv: TraitEnv = mchecker.tenv  # program-wide
        self.clustered_uses: list[ClusteredUse] | None = mchecker.clustered_uses
        self.exhaustive = Exhaustiveness(self.envs)
        self.level = 1
        self.ctx: FnCtx | None = None
        self.last_inst: dict[int, Type] = {}
        self.fn_errors_base = 0  # errors reported before the function being checked
        self.exprs = ExprChecker(self)
        self.blocks = BlockChecker(self)
        self.control = ControlChecker(self)
        self.patterns = PatternChecker(self)
        self.dispatch = Dispatcher(self)
        self.members = MemberChecker(self)
        self.actor_calls = ActorCallChecker(self)
        self.clustered = ClusteredChecker(self)
        self.rules: dict[type, Rule] = {
            **self.exprs.rules(),
            **self.control.rules(),
            A.Block: self.blocks.infer_Block,
            A.Receive: self.actor_calls.infer_Receive,
        }

    # -- helpers ------------------------------------------------------------------------------

    def new_uid(self) -> int:
        return next(_uids)

    def fresh(self) -> TVar:
        return TVar(self.level)

    def expect(
        self,
        expected: Type,
        found: Type,
        span: Span,
        form: str | None = None,
        labels: list[Label] | None = None,
        **params: object,
    ) -> None:
        """Unify or report E0001 (worded by its catalogue `form`, filled with `params`)."""
        try:
            unify(expected, found)
        except UnifyError as e:
            if e.infinite:
                report_infinite(self.reporter, e.expected, e.found, span)
            else:
                report_mismatch(self.reporter, expected, found, span, form, labels, **params)
            raise Abort() from None

    def annotation(self, te: A.TypeExpr, tvars: dict[str, Type] | None = None) -> Type:
        return self.resolver.resolve(te, self.menv, tvars or {})

    def new_local(self, name: str) -> LocalRes:
        return LocalRes(name, next(_uids))

    def infer_body(self, body: A.Expr, scope: Scope) -> Type:
        if isinstance(body, A.Block):
            return self.blocks.infer_block(body, scope)
        return self.infer(body, scope)

    def recover(self, e: A.Expr, scope: Scope) -> Type:
        """`infer(e)`, or a fresh type once its error is reported (within the caps)."""
        try:
            return self.infer(e, scope)
        except Abort:
            if not self.may_recover():
                raise
            return self.fresh()

    def errors_reported(self) -> int:
        return sum(1 for d in self.reporter.items if d.severity == "error")

    def may_recover(self) -> bool:
        n = self.errors_reported()
        return n < MAX_ERRORS_PER_PROGRAM and n - self.fn_errors_base < MAX_ERRORS_PER_FUNCTION

    def program_error_cap_reached(self) -> bool:
        return self.errors_reported() >= MAX_ERRORS_PER_PROGRAM

    def infer(self, e: A.Expr, scope: Scope) -> Type:
        """The type of expression `e` (also recorded as `e.ty`)."""
        rule = self.rules.get(type(e))
        if rule is None:
            raise NotImplementedError(type(e).__name__)
        t = rule(e, scope)
        e.ty = t
        return t

    def struct_info(self, t: Type) -> tuple[D.StructInfo, dict[int, Type]] | None:
        """The struct behind type `t` and the mapping of its parameters to `t`'s arguments."""
        t = prune(t)
        if not isinstance(t, TCon):
            return None
        for env in self.envs.values():
            for s in env.structs.values():
                if s.qual == t.name:
                    return s, {p.id: a for p, a in zip(s.params, t.args)}
        return None

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
