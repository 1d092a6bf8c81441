"""`h :: t` tail recursion as a `for` loop over the list (issue 19).

A self-tail-recursive function compiles to `while True:` (control.py `try_self_tail_call`).
When that loop is one match of a list parameter P against `[]` and `h :: t`, and every self
tail call in the `h :: t` arm passes `t` for P (nothing else reads P, `t` or the uncons
temporary), the recursion walks P front to back, one element per `continue`. It then runs
as a `for` loop over P, which iterates the list (or list view) at C speed instead of making
a tail view per step, followed by the `[]` arm:

    while True:                                     for h in xs:
        if not xs:                                      acc = acc + h
            return acc                                  continue
        elif xs and (_ht := list_uncons(xs)):   →   return acc
            h = _ht[0]
            t = _ht[1]
            xs, acc = (t, acc + h)
            continue
        else:
            raise match_fail(...)

Anything else (guards, nested head patterns, P read in an arm, a tail call that keeps P,
async functions with their reduction checks) keeps the `while` loop.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def as_for_loop(loop: ast.While, params: list[str]) -> list[ast.stmt] | None:
    """The `for` form of the tail-call loop `loop` of a function with `params`, or None."""
    if len(loop.body) != 1 or not isinstance(loop.body[0], ast.If):
        return None
    first = loop.body[0]
    if len(first.orelse) != 1 or not isinstance(first.orelse[0], ast.If):
        return None
    second = first.orelse[0]
    if len(second.orelse) != 1 or not isinstance(second.orelse[0], ast.Raise):
        return None  # the `else: raise match_fail(...)` of a match over a list
    for empty, cons in ((first, second), (second, first)):
        p = _empty_test(empty.test)
        u = _cons_test(cons.test)
        if p is not None and u is not None and u[0] == p and p in params:
            return _rewrite(p, u[1], empty.body, cons.body)
    return None


def _empty_test(test: ast.expr) -> str | None:
    """P for `not P`."""
    if (
        isinstance(test, ast.UnaryOp)
        and isinstance(test.op, ast.Not)
        and isinstance(test.operand, ast.Name)
    ):
        return test.operand.id
    return None


def _cons_test(test: ast.expr) -> tuple[str, str] | None:
    """(P, U) for `P and (U := list_uncons(P))` (codegen/patterns.py, `h :: t`)."""
    if not (
        isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and len(test.values) == 2
    ):
        return None
    subj, named = test.values
    if not (isinstance(subj, ast.Name) and isinstance(named, ast.NamedExpr)):
        return None
    c = named.value
    if not (
        isinstance(c, ast.Call)
        and isinstance(c.func, ast.Name)
        and len(c.args) == 1
        and not c.keywords
        and isinstance(c.args[0], ast.Name)
        and c.args[0].id == subj.id
    ):
        return None
    return subj.id, named.target.id


def _unpacked(stmt: ast.stmt, temp: str, index: int) -> str | None:
    """NAME for `NAME = temp[index]`."""
    if not (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
    ):
        return None
    v = stmt.value
    if (
        isinstance(v, ast.Subscript)
        and isinstance(v.value, ast.Name)
        and v.value.id == temp
        and isinstance(v.slice, ast.Constant)
        and v.slice.value == index
    ):
        return stmt.targets[0].id
    return None


def _rewrite(
    p: str, temp: str, empty: list[ast.stmt], cons: list[ast.stmt]
) -> list[ast.stmt] | None:
    if len(cons) < 2 or not empty or not isinstance(empty[-1], (ast.Return, ast.Raise)):
        return None
    head = _unpacked(cons[0], temp, 0)
    tail = _unpacked(cons[1], temp, 1)
    if head is None or tail is None or _mentions(empty, {p}):
        return None
    rest = cons[2:]
    rebinds: list[ast.Assign] = []
    if not _steps_only(rest, p, tail, rebinds) or _loop_continues(empty):
        return None
    allowed = {id(n) for r in rebinds for n in _pair_nodes(r, p, tail)}
    for stmt in rest:
        for node in ast.walk(stmt):
            if (
                isinstance(node, ast.Name)
                and node.id in (p, tail, temp)
                and id(node) not in allowed
            ):
                return None
    for r in rebinds:
        _drop_pair(r, p, tail)
    body = _without_empty_assigns(rest)
    if body and isinstance(body[-1], ast.Continue):
        body.pop()  # the end of a `for` body moves on by itself
    body = body or [ast.Pass()]
    loop = ast.For(
        target=ast.Name(id=head, ctx=ast.Store()),
        iter=ast.Name(id=p, ctx=ast.Load()),
        body=body,
        orelse=[],
    )
    return [loop, *empty]


def _mentions(stmts: list[ast.stmt], names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for s in stmts for n in ast.walk(s))


def _loop_continues(stmts: list[ast.stmt]) -> bool:
    """Whether a `continue` of the tail-call loop itself is among `stmts`."""
    return any(isinstance(s, ast.Continue) for s in _loop_level(stmts))


def _loop_level(stmts: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements at the level of the enclosing loop (not inside nested loops or defs)."""
    for s in stmts:
        yield s
        if isinstance(s, _LOOPS + _SCOPES):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _loop_level(getattr(s, field, []) or [])
        for h in getattr(s, "handlers", []) or []:
            yield from _loop_level(h.body)
        for c in getattr(s, "cases", []) or []:
            yield from _loop_level(c.body)


def _steps_only(stmts: list[ast.stmt], p: str, tail: str, rebinds: list[ast.Assign]) -> bool:
    """Every `continue` of the loop follows a rebind of P to the tail (collected)."""
    ok = True

    def walk(block: list[ast.stmt]) -> None:
        nonlocal ok
        for i, s in enumerate(block):
            if isinstance(s, ast.Continue):
                prev = block[i - 1] if i else None
                if isinstance(prev, ast.Assign) and _pair_nodes(prev, p, tail):
                    rebinds.append(prev)
                else:
                    ok = False
            elif not isinstance(s, _LOOPS + _SCOPES):
                for field in ("body", "orelse", "finalbody"):
                    walk(getattr(s, field, []) or [])
                for h in getattr(s, "handlers", []) or []:
                    walk(h.body)
                for c in getattr(s, "cases", []) or []:
                    walk(c.body)

    walk(stmts)
    return ok


def _pair_nodes(a: ast.Assign, p: str, tail: str) -> tuple[ast.Name, ...]:
    """The (target P, value tail) names of a tail-call rebind `P = tail` or
    `(.., P, ..) = (.., tail, ..)`; () when `a` is not one."""
    if len(a.targets) != 1:
        return ()
    t, v = a.targets[0], a.value
    if isinstance(t, ast.Name) and isinstance(v, ast.Name):
        return (t, v) if t.id == p and v.id == tail else ()
    if isinstance(t, ast.Tuple) and isinstance(v, ast.Tuple) and len(t.elts) == len(v.elts):
        for te, ve in zip(t.elts, v.elts):
            if isinstance(te, ast.Name) and te.id == p:
                return (te, ve) if isinstance(ve, ast.Name) and ve.id == tail else ()
    return ()


def _drop_pair(a: ast.Assign, p: str, tail: str) -> None:
    """Remove P = tail from a rebind (the `for` loop advances P)."""
    t, v = a.targets[0], a.value
    if isinstance(t, ast.Tuple) and isinstance(v, ast.Tuple):
        keep = [
            (te, ve)
            for te, ve in zip(t.elts, v.elts)
            if not (isinstance(te, ast.Name) and te.id == p)
        ]
        if len(keep) == 1:
            a.targets = [keep[0][0]]
            a.value = keep[0][1]
            return
        t.elts = [te for te, _ in keep]
        v.elts = [ve for _, ve in keep]
        if keep:
            return
    a.targets = []  # nothing left: removed by _without_empty_assigns


def _without_empty_assigns(stmts: list[ast.stmt]) -> list[ast.stmt]:
    out = []
    for s in stmts:
        if isinstance(s, ast.Assign) and not s.targets:
            continue
        if not isinstance(s, _SCOPES):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(s, field, None)
                if block:
                    setattr(s, field, _without_empty_assigns(block) or [ast.Pass()])
        out.append(s)
    return out
