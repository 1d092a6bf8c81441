"""Pattern matching: patterns → (conditions, bindings) over a subject expression.

Conditions only read the subject, so they are pure and may be evaluated more than once
(or-pattern bindings use that). Bindings are `(mesh name, python expr)` pairs; the caller
materialises them (a plain name is aliased, anything else assigned to a fresh local).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.codegen.core import CodegenError, and_, attr, call, const, name, tyname
from mesh.compiler.resolved import CtorRes, LocalRes

if TYPE_CHECKING:
    from mesh.compiler.codegen.emitter import FnEmitter

Binds = list[tuple[str, ast.expr]]


def _is(a: ast.expr, b: ast.expr) -> ast.Compare:
    return ast.Compare(left=a, ops=[ast.Is()], comparators=[b])


def _eq(a: ast.expr, b: ast.expr) -> ast.Compare:
    return ast.Compare(left=a, ops=[ast.Eq()], comparators=[b])


def _len(subj: ast.expr) -> ast.Call:
    return call(name("len"), [subj])


class PatternEmitter:
    """Lowers patterns for the function emitter `em` (case arms, clauses, `let`)."""

    def __init__(self, em: FnEmitter) -> None:
        self.em = em
        self.mod = em.mod

    def match(self, pat: A.Pattern, subj: ast.expr) -> tuple[list[ast.expr], Binds]:
        conds: list[ast.expr] = []
        binds: Binds = []
        self._collect(pat, subj, conds, binds)
        return conds, binds

    def _collect(self, p: A.Pattern, subj: ast.expr, conds: list[ast.expr], binds: Binds) -> None:
        if isinstance(p, A.PWild):
            return
        if isinstance(p, A.PVar):
            ctor = self.pvar_ctor(p)
            if ctor is not None:
                self._ctor(ctor, None, subj, conds, binds, p)
            else:
                binds.append((p.name, subj))
            return
        if isinstance(p, A.PLit):
            v = p.value
            if v is None or isinstance(v, bool):
                conds.append(_is(subj, const(v)))
            else:
                conds.append(_eq(subj, const(v)))
            return
        if isinstance(p, A.PAtom):
            conds.append(_is(subj, self.mod.atom(p.name)))
            return
        if isinstance(p, A.PTuple):
            if len(p.items) == 1:  # `(p)` is grouping
                self._collect(p.items[0], subj, conds, binds)
                return
            if tyname(p) != "Tuple":
                conds.append(_is(call(name("type"), [subj]), name("tuple")))
                conds.append(_eq(_len(subj), const(len(p.items))))
            for i, item in enumerate(p.items):
                self._collect(item, _index(subj, i), conds, binds)
            return
        if isinstance(p, A.PList):
            if not p.items:  # `[]`: a truth test is C-speed for lists and list views
                conds.append(ast.UnaryOp(op=ast.Not(), operand=subj))
                return
            conds.append(_eq(_len(subj), const(len(p.items))))
            for i, item in enumerate(p.items):
                self._collect(item, _index(subj, i), conds, binds)
            return
        if isinstance(p, A.PCons):
            heads: list[A.Pattern] = []
            tail: A.Pattern = p
            while isinstance(tail, A.PCons):
                heads.append(tail.head)
                tail = tail.tail
            k = len(heads)
            if isinstance(tail, A.PList):
                conds.append(_eq(_len(subj), const(k + len(tail.items))))
                for i, item in enumerate([*heads, *tail.items]):
                    self._collect(item, _index(subj, i), conds, binds)
                return
            if k == 1:
                conds.append(subj)  # non-empty list
                if not isinstance(tail, A.PWild) and not isinstance(heads[0], A.PWild):
                    # `h :: t`: head and O(1) tail view in one call, bound by the condition
                    # so that guards and binds read them (mesh/runtime/list_view.py)
                    u = self.em.temp("_ht")
                    conds.append(
                        ast.NamedExpr(
                            target=ast.Name(id=u, ctx=ast.Store()),
                            value=call(self.mod.rt("list_uncons"), [subj]),
                        )
                    )
                    self._collect(heads[0], _index(name(u), 0), conds, binds)
                    self._collect(tail, _index(name(u), 1), conds, binds)
                    return
            else:
                conds.append(ast.Compare(left=_len(subj), ops=[ast.GtE()], comparators=[const(k)]))
            for i, h in enumerate(heads):
                self._collect(h, _index(subj, i), conds, binds)
            if not isinstance(tail, A.PWild):
                # O(1): a view sharing the list's storage (mesh/runtime/list_view.py)
                self._collect(tail, call(self.mod.rt("list_rest"), [subj, const(k)]), conds, binds)
            return
        if isinstance(p, A.PCtor):
            ctor = self.pctor_res(p)
            self._ctor(ctor, p.args, subj, conds, binds, p)
            return
        if isinstance(p, A.PAs):
            self._collect(p.pattern, subj, conds, binds)
            binds.append((p.name, subj))
            return
        if isinstance(p, A.POr):
            alts = [self.match(a, subj) for a in p.alts]
            if any(not c for c, _ in alts):
                cond = None
            else:
                cond = ast.BoolOp(op=ast.Or(), values=[and_(c) for c, _ in alts])
            if cond is not None:
                conds.append(cond)
            names = [n for n, _ in alts[0][1]]
            for n in names:
                expr: ast.expr | None = None
                for c, b in reversed(alts):
                    e = dict(b).get(n)
                    if e is None:
                        continue
                    expr = (
                        e if expr is None or not c else ast.IfExp(test=and_(c), body=e, orelse=expr)
                    )
                if expr is not None:
                    binds.append((n, expr))
            return
        raise CodegenError(f"unsupported pattern {type(p).__name__}")

    # -- constructors ------------------------------------------------------------------
    def pvar_ctor(self, p: A.PVar) -> CtorRes | None:
        res = p.res
        if isinstance(res, CtorRes):
            return res
        if isinstance(res, LocalRes):
            return None
        if res is None and p.name[:1].isupper():
            return self.mod.find_ctor([p.name])
        return None

    def pctor_res(self, p: A.PCtor) -> CtorRes:
        if isinstance(p.res, CtorRes):
            return p.res
        ctor = self.mod.find_ctor(p.path)
        if ctor is None:
            raise CodegenError(f"unknown constructor {'.'.join(p.path)}")
        return ctor

    def _ctor(
        self,
        ctor: CtorRes,
        args: list[A.Pattern] | None,
        subj: ast.expr,
        conds: list[ast.expr],
        binds: Binds,
        p: A.Pattern,
    ) -> None:
        arity = self.mod.ctor_arity(ctor)
        ref = self.mod.ctor_ref(ctor)
        if arity == 0:
            conds.append(_is(subj, ref))
            return
        if ctor.module == "" and ctor.variant == "Some" and tyname(p) == "Option":
            conds.append(
                ast.Compare(left=subj, ops=[ast.IsNot()], comparators=[self.mod.rt("NONE")])
            )
        else:
            conds.append(_is(call(name("type"), [subj]), ref))
        for i, a in enumerate(args or ()):
            self._collect(a, attr(subj, f"_{i}"), conds, binds)

    # -- helpers used by the arms emitter ------------------------------------------------
    def materialize(self, binds: Binds) -> None:
        """Bind pattern variables in the current scope (aliases for plain names)."""
        for n, e in binds:
            if n == "_":
                continue
            if isinstance(e, ast.Name):
                self.em.bind_alias(n, e)
            else:
                py = self.em.bind_fresh(n)
                self.em.emit(ast.Assign(targets=[ast.Name(id=py, ctx=ast.Store())], value=e))

    def irrefutable_target(self, p: A.Pattern) -> ast.expr | None:
        """A Python assignment target for `let` patterns made of names, `_` and tuples."""
        if isinstance(p, A.PWild):
            return ast.Name(id="_", ctx=ast.Store())
        if isinstance(p, A.PVar) and self.pvar_ctor(p) is None:
            return None  # handled by caller
        if isinstance(p, A.PTuple):
            parts: list[str | ast.expr] = []  # a Mesh name to bind, or a nested target
            for it in p.items:
                if isinstance(it, A.PVar) and self.pvar_ctor(it) is None:
                    parts.append(it.name)
                else:
                    sub = self.irrefutable_target(it)
                    if sub is None:
                        return None
                    parts.append(sub)
            out: list[ast.expr] = [
                ast.Name(id=self.em.bind_fresh(v), ctx=ast.Store()) if isinstance(v, str) else v
                for v in parts
            ]
            return ast.Tuple(elts=out, ctx=ast.Store())
        return None


def _index(subj: ast.expr, i: int) -> ast.Subscript:
    return ast.Subscript(value=subj, slice=const(i), ctx=ast.Load())
