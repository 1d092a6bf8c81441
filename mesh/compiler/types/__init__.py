"""The type checker: `check_program` is the single entry point (spec 02)."""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.deep import deep
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.program import Program
from mesh.compiler.source import Span
from mesh.compiler.types import decls as D
from mesh.compiler.types.cluster_work import check_cluster_work
from mesh.compiler.types.clustered import ClusteredUse, report_conflicts
from mesh.compiler.types.items import ModuleChecker
from mesh.compiler.types.traits import TraitEnv


@deep
def check_program(modules: list[A.Module], entry: str, reporter: Reporter) -> Program:
    """Check `modules` (dependency order) and annotate them in place for codegen."""
    envs: dict[str, D.ModuleEnv] = {}
    tenv = TraitEnv()
    clustered_uses: list[ClusteredUse] = []
    for m in modules:
        mc = ModuleChecker(m, envs, reporter, tenv)
        mc.clustered_uses = clustered_uses
        mc.declare_types()
        mc.process_imports()
        mc.resolve_type_bodies()
        mc.declare_traits_and_impls()
        mc.unsupported_items()
        mc.declare_functions()
        check_cluster_work(mc.env, reporter)
        mc.infer_functions()
    report_conflicts(clustered_uses, [m.name for m in modules], reporter)
    entry_env = envs.get(entry)
    if entry_env is not None and ("main", 0) not in entry_env.fns:
        file = entry_env.ast.file
        reporter.emit("E0100", Span(file, 0, 0), module=entry)
    return Program(modules, entry)
