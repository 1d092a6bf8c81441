"""Control flow and functions: blocks, let, if, case arms, loops, closures, defs, tail calls."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mesh.compiler import ast as A
from mesh.compiler.codegen.core import (
    DISCARD,
    RETURN,
    Bounds,
    Dest,
    FnCtx,
    and_,
    arguments,
    assign,
    assign_to,
    call,
    const,
    function_def,
    name,
    source_line,
    store,
    tyname,
)
from mesh.compiler.codegen.list_loops import as_for_loop
from mesh.compiler.codegen.patterns import Binds
from mesh.compiler.resolved import CtorRes, FnRes, LocalRes

if TYPE_CHECKING:
    from mesh.compiler.codegen.emitter import FnEmitter


@dataclass
class Row:
    """One case arm / function clause: patterns over the subjects, optional guard, body."""

    patterns: list[A.Pattern]
    guard: A.Expr | None
    body: A.Expr
    line: int


_NEGATED = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


def negate(test: ast.expr) -> ast.expr:
    """`not test`, written as `a != b` / `a is not b` where that is the same thing."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _NEGATED:
        return ast.Compare(
            left=test.left, ops=[_NEGATED[type(test.ops[0])]()], comparators=test.comparators
        )
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return test.operand
    return ast.UnaryOp(op=ast.Not(), operand=test)


class ControlEmitter:
    """Lowers control flow and function definitions for the function emitter `em`."""

    def __init__(self, em: FnEmitter) -> None:
        self.em = em
        self.mod = em.mod

    # -- blocks ------------------------------------------------------------------------
    def block(self, stmts: list[Any], dest: Dest) -> None:
        with self.em.scope():
            self.predeclare_local_fns(stmts)
            n = len(stmts)
            if n == 0:
                self.em.finish(const(None), dest)
                return
            i = 0
            while i < n:
                s = stmts[i]
                if isinstance(s, A.FnDef):
                    j = i + 1
                    while (
                        j < n
                        and isinstance(stmts[j], A.FnDef)
                        and stmts[j].name == s.name
                        and len(stmts[j].params) == len(s.params)
                    ):
                        j += 1
                    self.local_fn(stmts[i:j])
                    i = j
                    if i == n:
                        self.em.finish(const(None), dest)
                    continue
                last = i == n - 1
                if isinstance(s, A.Let):
                    self.let(s)
                    if last:
                        self.em.finish(const(None), dest)
                else:
                    self.em.to(s, dest if last else DISCARD)
                i += 1

    def predeclare_local_fns(self, stmts: list[Any]) -> None:
        for s in stmts:
            if isinstance(s, A.FnDef):
                key = f"{s.name}/{len(s.params)}"
                if key in self.em.scopes[-1]:
                    continue
                py = self.em.names.alloc(s.name)
                self.em.scopes[-1][key] = name(py)
                self.em.scopes[-1][s.name] = name(py)

    def let(self, s: A.Let) -> None:
        p = s.pattern
        if isinstance(p, A.PWild):
            self.em.to(s.value, DISCARD)
            return
        if isinstance(p, A.PVar) and self.em.patterns.pvar_ctor(p) is None:
            py = self.em.names.alloc(p.name)
            if isinstance(s.value, A.Closure):
                self.closure(s.value, py)
            else:
                self.em.to(s.value, assign_to(py))
            self.em.scopes[-1][p.name] = name(py)
            self.em.defined.add(py)
            return
        v = self.em.expr(s.value)
        target = self.em.patterns.irrefutable_target(p)
        if target is not None:
            self.em.emit(ast.Assign(targets=[target], value=v))
            return
        # Refutable (the checker should reject it): match or panic.
        v = self.em.spill(v, "_let")
        conds, binds = self.em.patterns.match(p, v)
        if conds:
            self.em.emit(
                ast.If(
                    test=ast.UnaryOp(op=ast.Not(), operand=and_(conds)),
                    body=[self.match_fail_stmt(source_line(s))],
                    orelse=[],
                )
            )
        self.em.patterns.materialize(binds)

    # -- if ----------------------------------------------------------------------------
    def if_facts(self, cond: A.Expr) -> tuple[dict[str, Bounds], dict[str, Bounds]]:
        """Integer bounds implied by `x < K` style conditions (then-facts, else-facts)."""
        if not isinstance(cond, A.Binary) or cond.op not in ("<", "<=", ">", ">="):
            return {}, {}
        op, left, right = cond.op, cond.left, cond.right
        if isinstance(left, A.IntLit) and isinstance(right, A.Name):
            left, right = right, left
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
        if not (isinstance(left, A.Name) and isinstance(right, A.IntLit)):
            return {}, {}
        if tyname(left) not in ("Int", None):
            return {}, {}
        ref = self.em.lookup(left.name)
        if not isinstance(ref, ast.Name):
            return {}, {}
        k, py = right.value, ref.id
        table = {
            "<": ((None, k - 1), (k, None)),
            "<=": ((None, k), (k + 1, None)),
            ">": ((k + 1, None), (None, k)),
            ">=": ((k, None), (None, k - 1)),
        }
        t, e = table[op]
        return {py: t}, {py: e}

    def if_stmt(self, e: A.If, dest: Dest) -> None:
        c = self.em.expr(e.cond)
        tf, ef = self.if_facts(e.cond)
        base_used = set(self.em.names.used)
        with self.em.capture() as then_buf, self.em.with_facts(tf):
            self.em.to(e.then, dest)
        then_used = self.em.names.used
        self.em.names.used = base_used | {n for n in then_used if n.startswith("_")}
        with self.em.capture() as else_buf, self.em.with_facts(ef):
            if e.else_ is not None:
                self.em.to(e.else_, dest)
            elif dest.kind != "discard":
                self.em.finish(const(None), dest)
        self.em.names.used |= then_used
        if self.em.terminated(then_buf):
            self.em.emit(ast.If(test=c, body=then_buf, orelse=[]))
            for st in else_buf:
                self.em.emit(st)
        else:
            if not then_buf:
                if not else_buf:
                    if not isinstance(c, (ast.Name, ast.Constant)):
                        self.em.emit(ast.Expr(value=c))
                    return
                c = negate(c)
                then_buf, else_buf = else_buf, []
            self.em.emit(ast.If(test=c, body=then_buf, orelse=else_buf))

    def if_value(self, e: A.If) -> ast.expr | None:
        """`a if c else b` when both branches lower without statements, else None (no effects)."""
        if id(e) in self.mod.no_inline:
            return None
        snap = self.em.snapshot()
        saved_len = len(self.em.buf)
        c = self.em.expr(e.cond)
        tf, ef = self.if_facts(e.cond)
        with self.em.capture() as tb, self.em.with_facts(tf):
            tv = self.em.expr(e.then)
        with self.em.capture() as eb, self.em.with_facts(ef):
            ev = self.em.expr(e.else_) if e.else_ is not None else const(None)
        if not tb and not eb:
            return ast.IfExp(test=c, body=tv, orelse=ev)
        del self.em.buf[saved_len:]
        self.em.restore(snap)
        self.mod.no_inline.add(id(e))
        return None

    # -- case ---------------------------------------------------------------------------
    def case(self, e: A.Case, dest: Dest) -> None:
        subj = self.em.expr(e.scrutinee)
        if not isinstance(subj, (ast.Name, ast.Constant)):
            subj = self.em.spill(subj, "_case")
        if not e.arms:
            self.em.finish(const(None), dest)
            return
        rows = [Row([a.pattern], a.guard, a.body, source_line(a)) for a in e.arms]
        self.arms([subj], rows, dest, source_line(e))

    def match_fail_stmt(self, line: int) -> ast.Raise:
        return ast.Raise(
            exc=call(self.mod.rt("match_fail"), [const(self.mod.info.rel_path), const(line)]),
            cause=None,
        )

    def arms(self, subjects: list[ast.expr], rows: list[Row], dest: Dest, line: int) -> None:
        """Try rows in order; the first whose patterns match and guard holds runs its body."""
        top = out = self.em.buf
        # Arms are mutually exclusive, so they may reuse each other's local names.
        base_used = set(self.em.names.used)
        all_used = set(base_used)
        for k, row in enumerate(rows):
            all_used |= self.em.names.used
            self.em.names.used = set(base_used) | {n for n in all_used if n.startswith("_")}
            with self.em.scope():
                conds: list[ast.expr] = []
                binds: list[tuple[str, ast.expr]] = []
                for pat, subj in zip(row.patterns, subjects):
                    c, b = self.em.patterns.match(pat, subj)
                    conds += c
                    binds += b
                gexpr = None
                if row.guard is not None:
                    snap = self.em.snapshot()
                    with self.em.scope():
                        for n, ex in binds:
                            if n != "_":
                                self.em.bind_alias(n, ex)
                        with self.em.capture() as gbuf:
                            gexpr = self.em.expr(row.guard)
                    if gbuf:
                        self.em.restore(snap)
                        self.em.buf = out
                        self.em.names.used |= all_used
                        try:
                            self.arms_with_flag(subjects, rows[k:], conds, binds, dest, line)
                        finally:
                            self.em.buf = top
                        return
                with self.em.capture() as body:
                    self.em.patterns.materialize(binds)
                    self.em.to(row.body, dest)
            if not conds and gexpr is None:
                for st in body:
                    if not self.em.terminated(out):
                        out.append(st)
                self.em.names.used |= all_used
                return
            test = and_(conds + ([gexpr] if gexpr is not None else []))
            node = ast.If(test=test, body=body or [ast.Pass()], orelse=[])
            if not self.em.terminated(out):
                out.append(node)
            out = node.orelse
        self.em.names.used |= all_used
        out.append(self.match_fail_stmt(line))

    def arms_with_flag(
        self,
        subjects: list[ast.expr],
        rows: list[Row],
        conds: list[ast.expr],
        binds: Binds,
        dest: Dest,
        line: int,
    ) -> None:
        """Fallback for a guard that needs statements: a `matched` flag guards the rest."""
        row = rows[0]
        flag = self.em.temp("_matched")
        self.em.emit(assign(flag, const(False)))
        with self.em.scope(), self.em.capture() as body:
            self.em.patterns.materialize(binds)
            g = self.em.expr(row.guard)
            with self.em.capture() as inner:
                self.em.emit(assign(flag, const(True)))
                self.em.to(row.body, dest)
            self.em.emit(ast.If(test=g, body=inner, orelse=[]))
        if conds:
            self.em.emit(ast.If(test=and_(conds), body=body, orelse=[]))
        else:
            for st in body:
                self.em.emit(st)
        with self.em.capture() as rest:
            if len(rows) > 1:
                self.arms(subjects, rows[1:], dest, line)
            else:
                self.em.emit(self.match_fail_stmt(line))
        self.em.emit(
            ast.If(test=ast.UnaryOp(op=ast.Not(), operand=name(flag)), body=rest, orelse=[])
        )

    # -- loops ---------------------------------------------------------------------------
    def for_loop(self, e: A.For, dest: Dest) -> None:
        it = e.iterable
        if isinstance(it, A.Binary) and it.op == "..":
            lo, hi = self.em.exprs.in_order([it.left, it.right])
            iter_expr: ast.expr = call(name("range"), [lo, hi])
        else:
            iter_expr = self.em.expr(it)
            kind = tyname(it)
            # `for {k, v}` over a map walks its entries; over a user Iterable/Iterator of
            # pairs (spec 02 §11) the items already are the (k, v) tuples
            if kind == "Map" or (e.map_entry and kind is None):
                iter_expr = call(ast.Attribute(value=iter_expr, attr="items", ctx=ast.Load()), [])
        collect = dest.kind != "discard"
        # `let xs = for ...` collects straight into `xs` (it is not visible inside the loop).
        direct = dest.kind == "assign" and dest.target is not None
        acc = dest.target if direct else self.em.temp("_acc") if collect else None
        if acc:
            self.em.emit(assign(acc, ast.List(elts=[], ctx=ast.Load())))
        assert self.em.ctx is not None
        self.em.ctx.loop_depth += 1
        try:
            with self.em.scope(), self.em.capture() as body:
                targets: list[ast.expr] = []
                for i, (n, _span) in enumerate(e.names):
                    if n == "_":
                        targets.append(store("_"))
                    else:
                        res = e.res[i] if isinstance(e.res, list) and i < len(e.res) else None
                        base = res.name if isinstance(res, LocalRes) else n
                        targets.append(store(self.em.bind_fresh(n, base)))
                if e.filter is not None:
                    f = self.em.expr(e.filter)
                    self.em.emit(ast.If(test=negate(f), body=[ast.Continue()], orelse=[]))
                if collect:
                    self.em.to(e.body, Dest("append", acc))
                else:
                    self.em.to(e.body, DISCARD)
        finally:
            self.em.ctx.loop_depth -= 1
        if len(targets) == 1:
            target: ast.expr = targets[0]
        else:
            target = ast.Tuple(elts=targets, ctx=ast.Store())
        self.em.emit(ast.For(target=target, iter=iter_expr, body=body or [ast.Pass()], orelse=[]))
        if acc is not None and not direct:
            self.em.finish(name(acc), dest)

    def while_loop(self, e: A.While, dest: Dest) -> None:
        assert self.em.ctx is not None
        self.em.ctx.loop_depth += 1
        try:
            with self.em.capture() as cbuf:
                c = self.em.expr(e.cond)
            with self.em.capture() as body:
                self.em.to(e.body, DISCARD)
        finally:
            self.em.ctx.loop_depth -= 1
        if self.em.ctx.is_async:
            body = self.em.actors.reduction_check() + body
        if cbuf:
            pre = cbuf + [ast.If(test=negate(c), body=[ast.Break()], orelse=[])]
            self.em.emit(ast.While(test=const(True), body=pre + body, orelse=[]))
        else:
            self.em.emit(ast.While(test=c, body=body or [ast.Pass()], orelse=[]))
        self.em.finish(const(None), dest)

    # -- functions ------------------------------------------------------------------------
    def param_names(self, clauses: Sequence[A.Clause | A.FnDef]) -> tuple[list[str], bool]:
        """Python parameter names and whether the single clause binds them directly."""
        arity = len(clauses[0].params)
        simple = (
            len(clauses) == 1
            and clauses[0].guard is None
            and all(
                isinstance(p.pattern, A.PWild)
                or (isinstance(p.pattern, A.PVar) and self.em.patterns.pvar_ctor(p.pattern) is None)
                for p in clauses[0].params
            )
        )
        names: list[str] = []
        for i in range(arity):
            base = None
            for c in clauses:
                pat = c.params[i].pattern
                while isinstance(pat, A.PAs):
                    base = base or pat.name
                    pat = pat.pattern
                if isinstance(pat, A.PVar) and self.em.patterns.pvar_ctor(pat) is None:
                    base = pat.name
                    break
            names.append(base or f"arg{i}")
        return names, simple

    def make_def(
        self,
        py_name: str,
        clauses: Sequence[A.Clause | A.FnDef],
        line: int,
        *,
        self_keys: tuple[str, ...] = (),
        is_async: bool = False,
        prologue: Callable[[list[str]], list[ast.stmt]] | None = None,
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        """Emit one Python function for a (multi-clause) Mesh function or closure.

        `prologue(params)` returns statements run at the top of every iteration (actors'
        `set_terminate`)."""
        outer_ctx, outer_buf, outer_facts = self.em.ctx, self.em.buf, self.em.facts
        snap = self.em.snapshot()
        tco_loop = False
        for _attempt in range(2):
            self.em.facts = [{}]
            pnames, simple = self.param_names(clauses)
            with self.em.scope() as sc:
                for k in self_keys:
                    sc[k] = name(py_name)
                params = []
                for i, pn in enumerate(pnames):
                    pat = clauses[0].params[i].pattern
                    if simple and isinstance(pat, A.PVar):
                        params.append(self.em.bind_fresh(pat.name))
                    elif simple:  # `_`
                        params.append(self.em.temp("_"))
                    else:
                        params.append(self.em.temp(pn))
                ctx = FnCtx(py_name, params, tco_loop=tco_loop, is_async=is_async)
                self.em.ctx = ctx
                self.em.buf = list(prologue(params)) if prologue is not None else []
                try:
                    if simple:
                        self.em.to(clauses[0].body, RETURN)
                    else:
                        rows = [
                            Row([p.pattern for p in c.params], c.guard, c.body, source_line(c))
                            for c in clauses
                        ]
                        self.arms([name(p) for p in params], rows, RETURN, line)
                    body = self.em.buf
                finally:
                    self.em.ctx, self.em.buf, self.em.facts = outer_ctx, outer_buf, outer_facts
            if ctx.tco_used and ctx.made_closure and not tco_loop:
                # Closures created inside the tail-call loop must capture current values.
                self.em.restore(snap)
                tco_loop = True
                continue
            break
        # Names local to this def are free again for its siblings and the enclosing code.
        self.em.names.used = set(snap[0]) | {p for p in self.em.names.used if p.startswith("_")}
        if ctx.tco_used:
            if ctx.is_async:
                body = self.em.actors.reduction_check() + body
            loop = ast.While(test=const(True), body=body, orelse=[])
            body = (None if ctx.is_async else as_for_loop(loop, params)) or [loop]
        elif (
            len(body) > 1
            and isinstance(body[-1], ast.Return)
            and isinstance(body[-1].value, ast.Constant)
            and body[-1].value.value is None
        ):
            body.pop()  # falling off the end returns None
        args = arguments(params)
        return function_def(py_name, args, body or [ast.Pass()], ctx.is_async)

    def add_captures(
        self, fdef: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, exclude: set[str]
    ) -> None:
        """Capture free locals by value (keyword-only defaults) when created inside a loop."""
        assert self.em.ctx is not None
        if not self.em.ctx.in_loop:
            return
        visible = set()
        for s in self.em.scopes:
            for v in s.values():
                if isinstance(v, ast.Name) and v.id in self.em.defined:
                    visible.add(v.id)
        visible -= exclude
        loads = {
            n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        free = sorted(loads & visible)
        for f in free:
            fdef.args.kwonlyargs.append(ast.arg(arg=f))
            fdef.args.kw_defaults.append(name(f))

    def local_fn(self, group: list[A.FnDef]) -> None:
        first = group[0]
        key = f"{first.name}/{len(first.params)}"
        ref = self.em.lookup(key)
        py = ref.id if isinstance(ref, ast.Name) else self.em.names.alloc(first.name)
        is_async = isinstance(first.res, FnRes) and self.mod.colour.is_async(
            ("local", first.res.uid)
        )
        fdef = self.make_def(
            py, group, source_line(first), self_keys=(key, first.name), is_async=is_async
        )
        self.add_captures(fdef, {py})
        assert self.em.ctx is not None
        self.em.ctx.made_closure = True
        self.em.emit(fdef)
        self.em.defined.add(py)
        self.em.scopes[-1][key] = name(py)
        self.em.scopes[-1][first.name] = name(py)

    def closure(self, e: A.Closure, target: str | None = None) -> ast.expr:
        assert self.em.ctx is not None
        self.em.ctx.made_closure = True
        is_async = self.mod.colour.is_async(("closure", id(e)))
        if target is None and not is_async:
            lam = self.try_lambda(e)
            if lam is not None:
                return lam
        py = target or self.em.temp("_fn")
        fdef = self.make_def(py, e.clauses, source_line(e), is_async=is_async)
        self.add_captures(fdef, {py})
        self.em.emit(fdef)
        self.em.defined.add(py)
        return name(py)

    def try_lambda(self, e: A.Closure) -> ast.expr | None:
        if len(e.clauses) != 1:
            return None
        c = e.clauses[0]
        if (
            c.guard is not None
            or id(e) in self.mod.no_inline
            or not all(
                isinstance(p.pattern, A.PWild)
                or (isinstance(p.pattern, A.PVar) and self.em.patterns.pvar_ctor(p.pattern) is None)
                for p in c.params
            )
        ):
            return None
        snap = self.em.snapshot()
        outer_ctx, outer_buf, outer_facts = self.em.ctx, self.em.buf, self.em.facts
        self.em.facts = [{}]
        with self.em.scope():
            params = [
                self.em.bind_fresh(p.pattern.name)
                if isinstance(p.pattern, A.PVar)
                else self.em.temp("_")
                for p in c.params
            ]
            self.em.ctx = FnCtx("<lambda>", params)
            self.em.buf = []
            try:
                v = self.em.expr(c.body)
                ok = not self.em.buf
            finally:
                self.em.ctx, self.em.buf, self.em.facts = outer_ctx, outer_buf, outer_facts
        if not ok:
            self.em.restore(snap)
            self.mod.no_inline.add(id(e))
            return None
        self.em.names.used = set(snap[0]) | {p for p in self.em.names.used if p.startswith("_")}
        args = arguments(params)
        lam = ast.Lambda(args=args, body=v)
        self.add_captures(lam, set())
        return lam

    # -- tail calls -------------------------------------------------------------------------
    def try_self_tail_call(self, e: A.Call) -> bool:
        """`return f(args)` to the function being emitted → rebind params and loop."""
        ctx = self.em.ctx
        if ctx is None or ctx.py_name == "<lambda>" or e.kwargs or e.res is not None:
            return False
        if ctx.loop_depth:  # `return f(..)` inside a Mesh loop: `continue` would hit that loop
            return False
        if len(e.args) != len(ctx.params):
            return False
        callee = self.em.exprs.callee_ref(e)
        if not (isinstance(callee, ast.Name) and callee.id == ctx.py_name):
            return False
        vals = self.em.exprs.in_order(e.args)
        if self.em.terminated():
            return True
        pairs = [
            (p, v) for p, v in zip(ctx.params, vals) if not (isinstance(v, ast.Name) and v.id == p)
        ]
        if len(pairs) == 1:
            self.em.emit(assign(pairs[0][0], pairs[0][1]))
        elif pairs:
            self.em.emit(
                ast.Assign(
                    targets=[ast.Tuple(elts=[store(p) for p, _ in pairs], ctx=ast.Store())],
                    value=ast.Tuple(elts=[v for _, v in pairs], ctx=ast.Load()),
                )
            )
        self.em.emit(ast.Continue())
        ctx.tco_used = True
        return True

    def do_return(self, e: A.Return) -> None:
        if e.value is None:
            self.em.emit(ast.Return(value=const(None)))
        else:
            self.em.to(e.value, RETURN)

    # -- `?` --------------------------------------------------------------------------------
    def try_op(self, e: A.Try) -> ast.expr:
        v = self.em.expr(e.expr)
        t = v if isinstance(v, ast.Name) else self.em.spill(v, "_try")
        kind = tyname(e.expr)
        err_cls = self.mod.rt("Err")
        none = self.mod.rt("NONE")
        is_err = ast.Compare(left=call(name("type"), [t]), ops=[ast.Is()], comparators=[err_cls])
        is_none = ast.Compare(left=t, ops=[ast.Is()], comparators=[none])
        if kind == "Result":
            test: ast.expr = is_err
        elif kind == "Option":
            test = is_none
        else:
            test = ast.BoolOp(op=ast.Or(), values=[is_err, is_none])
        ret: ast.expr = t
        conv = e.res
        if conv is not None and not isinstance(conv, (LocalRes, CtorRes)):
            fn = self.em.exprs.res_ref(conv, None)
            if fn is not None:
                ret = call(err_cls, [call(fn, [ast.Attribute(value=t, attr="_0", ctx=ast.Load())])])
        self.em.emit(ast.If(test=test, body=[ast.Return(value=ret)], orelse=[]))
        return ast.Attribute(value=t, attr="_0", ctx=ast.Load())
