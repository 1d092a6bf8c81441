"""The checker context (mesh/compiler/types/checker.py): every expression kind has a rule."""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile
from mesh.compiler.types.checker import Checker
from mesh.compiler.types.items import ModuleChecker
from mesh.compiler.types.traits import TraitEnv


def _all_subclasses(cls: type) -> set[type]:
    out: set[type] = set()
    for sub in cls.__subclasses__():
        out.add(sub)
        out |= _all_subclasses(sub)
    return out


def _checker() -> Checker:
    reporter = Reporter()
    module = parse_module(SourceFile("main.mpl", "fn main() do\nend\n"), "Main", reporter)
    assert module is not None
    return Checker(ModuleChecker(module, {}, reporter, TraitEnv()))


def test_every_expression_class_has_an_inference_rule():
    rules = _checker().rules
    missing = sorted(c.__name__ for c in _all_subclasses(A.Expr) if c not in rules)
    assert missing == []


def test_collaborators_share_one_context():
    chk = _checker()
    parts = (chk.exprs, chk.blocks, chk.control, chk.patterns, chk.dispatch, chk.members)
    assert all(p.chk is chk for p in (*parts, chk.actor_calls, chk.clustered))
    chk.level = 7
    assert chk.patterns.chk.level == 7  # state lives in the context, not in a collaborator
