"""`@cluster` / `@cluster(N)` work declarations (spec 07 §11.5): the compile-time rules.

The parser has already taken the decorator apart (`FnDef.cluster` is the replication
count, 2 when the decorator has no argument). Here each declaration is checked against the
function it decorates: public, one arity only, and no parameters — or the legacy
`(request_key :: String, attempt_id :: String)` that the reference still accepts, to which
the runtime passes the record's key and attempt. `@cluster(0)` is rejected too (our choice).
Every violation is the tool code `CFG0001` ("invalid clustered declaration", 08 §5.1),
one catalogue wording per rule, with the reference's sentence shape:

    clustered declaration `work` for `Jobs.warm_cache` from a source `@cluster` decorator
    with replication count 3 (explicit) is invalid: <reason>; <what to do>

Counts of 3 and more compile: the runtime rejects that work durably with
`unsupported_replication_count:<N>` (§11.4), as the reference does.
"""

from __future__ import annotations

import re

from mesh.compiler import ast as A
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.types import decls as D

_EXPLICIT = re.compile(r"@\s*cluster\s*\(")


def _is_string(te: A.TypeExpr | None) -> bool:
    return isinstance(te, A.TName) and te.path == ["String"] and not te.args


def _legacy_params(fn: A.FnDef) -> bool:
    return len(fn.params) == 2 and all(
        isinstance(p.pattern, A.PVar) and _is_string(p.annotation) for p in fn.params
    )


_VALID = "valid"


def _problem(fn: A.FnDef, env: D.ModuleEnv) -> str | None:
    """The broken rule, as the name of its CFG0001 wording (None: the entry's own, a
    private function), or `_VALID`."""
    if fn.cluster is not None and fn.cluster < 1:
        return "count"
    if not fn.is_pub:
        return None
    if len(env.arities.get(fn.name, ())) > 1:
        return "overloaded"
    if fn.params and not _legacy_params(fn):
        return "parameters"
    return _VALID


def check_cluster_work(env: D.ModuleEnv, reporter: Reporter) -> None:
    """Check every `@cluster` function of one module (codegen then trusts the rest)."""
    for fn in env.ast.items:
        if not isinstance(fn, A.FnDef) or not fn.has_cluster:
            continue
        runtime_name = f"{env.name}.{fn.name}"
        problem = _problem(fn, env)
        if problem == _VALID:
            continue
        reporter.emit(
            "CFG0001",
            fn.name_span,
            form=problem,
            name=runtime_name,
            count=fn.cluster,
            how="explicit" if _explicit_count(fn) else "default",
        )


def _explicit_count(fn: A.FnDef) -> bool:
    """Whether the decorator spelled its count (`@cluster(N)`), from the source text."""
    return _EXPLICIT.match(fn.span.file.text, fn.span.start) is not None
