"""Unification, generalisation and instantiation (algorithm J with levels)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mesh.compiler.types.ty import TCon, TFun, TVar, Type, prune

# Opaque names that unify with one another (spec 02 §3: iterator handles and Ptr; a typed
# `Query<T>` also passes where an untyped query `Ptr` is expected, spec 06 §3.14).
_PTR_LIKE = {"Ptr", "ListIterator", "MapIterator", "SetIterator", "RangeIterator", "Query"}


# Iterator handles are interchangeable with `Iter<T>` (spec 03 B9: `type Iter = ListIterator`).
_ITERATOR_LIKE = {"Iter", "ListIterator", "MapIterator", "SetIterator", "RangeIterator"}


class UnifyError(Exception):
    """`expected`/`found` are the innermost clashing types; `infinite` for the occurs check."""

    def __init__(self, expected: Type, found: Type, infinite: bool = False) -> None:
        super().__init__("unify")
        self.expected = expected
        self.found = found
        self.infinite = infinite


@dataclass(eq=False)
class Scheme:
    vars: list[TVar]
    ty: Type


def occurs(v: TVar, t: Type, level: int) -> bool:
    """Occurs check that also lowers levels of variables inside `t` (for generalisation).

    Types are DAGs (`let y = (x, x)` shares `x`'s type twice), so each node is visited
    once: walking the expanded tree would cost 2^depth. Iterative, so depth is no limit.
    """
    seen: set[int] = set()
    stack = [t]
    while stack:
        t = prune(stack.pop())
        if isinstance(t, TVar):
            if t is v:
                return True
            if t.level > level:
                t.level = level
            continue
        if id(t) in seen:
            continue
        seen.add(id(t))
        if isinstance(t, TCon):
            stack.extend(t.args)
        else:
            stack.extend(t.params)
            stack.append(t.ret)
    return False


def unify(expected: Type, found: Type, seen: set[tuple[int, int]] | None = None) -> None:
    """Make the two types equal. `seen` holds the (compound) pairs already unified in this
    call: two shared type DAGs are compared pair by pair once, not as expanded trees."""
    a = prune(expected)
    b = prune(found)
    if a is b:
        return
    if isinstance(a, TVar):
        if occurs(a, b, a.level):
            raise UnifyError(a, b, infinite=True)
        a.ref = b
        return
    if isinstance(b, TVar):
        if occurs(b, a, b.level):
            raise UnifyError(b, a, infinite=True)
        b.ref = a
        return
    if (isinstance(a, TCon) and a.args) or isinstance(a, TFun):
        if seen is None:
            seen = set()
        elif (id(a), id(b)) in seen:
            return
        seen.add((id(a), id(b)))
    if isinstance(a, TCon) and isinstance(b, TCon):
        if a.name == "Never" or b.name == "Never":
            return
        if a.name != b.name:
            if _compatible_names(a, b):
                return
            raise UnifyError(a, b)
        if a.name == "Pid" and (not a.args or not b.args):
            return  # untyped Pid unifies with any Pid<M>
        if len(a.args) != len(b.args):
            if a.name == "Tuple":
                raise UnifyError(a, b)
            return
        for x, y in zip(a.args, b.args):
            try:
                unify(x, y, seen)
            except UnifyError as e:
                if e.infinite:
                    raise
                raise UnifyError(a, b) from None
        return
    if isinstance(a, TFun) and isinstance(b, TFun):
        if len(a.params) != len(b.params):
            raise UnifyError(a, b)
        try:
            for x, y in zip(a.params, b.params):
                unify(x, y, seen)
            unify(a.ret, b.ret, seen)
        except UnifyError as e:
            if e.infinite:
                raise
            raise UnifyError(a, b) from None
        return
    raise UnifyError(a, b)


def _compatible_names(a: TCon, b: TCon) -> bool:
    names = {a.name, b.name}
    if names == {"Json", "String"}:
        return True
    if names <= _PTR_LIKE:
        return True
    if names <= _ITERATOR_LIKE:  # `type Iter = ListIterator` with `iter` returning `Iter.from(..)`
        return True
    if "Tuple" in names and ("TupleAny" in names):
        return True
    return False


def generalize(t: Type, level: int) -> Scheme:
    vars: list[TVar] = []
    seen: set[int] = set()  # ids of visited variables and (shared) type nodes
    stack = [t]
    while stack:  # left-to-right pre-order, as the variables' order is observable
        x = prune(stack.pop())
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, TVar):
            if x.level > level:
                vars.append(x)
        elif isinstance(x, TCon):
            stack.extend(reversed(x.args))
        else:
            stack.append(x.ret)
            stack.extend(reversed(x.params))
    return Scheme(vars, t)


def instantiate(s: Scheme, level: int) -> Type:
    if not s.vars:
        return s.ty
    mapping = {v.id: TVar(level, name=v.name) for v in s.vars}
    return substitute(s.ty, mapping)


def substitute(t: Type, mapping: Mapping[int, Type], memo: dict[int, Type] | None = None) -> Type:
    """Copy `t` replacing variables by `mapping`; shared nodes stay shared (memo by id)."""
    t = prune(t)
    if isinstance(t, TVar):
        return mapping.get(t.id, t)
    if isinstance(t, TCon) and not t.args:
        return t
    if memo is None:
        memo = {}
    done = memo.get(id(t))
    if done is not None:
        return done
    if isinstance(t, TCon):
        out: Type = TCon(t.name, tuple(substitute(a, mapping, memo) for a in t.args))
    else:
        out = TFun(
            tuple(substitute(p, mapping, memo) for p in t.params), substitute(t.ret, mapping, memo)
        )
    memo[id(t)] = out
    return out


def mono(t: Type) -> Scheme:
    return Scheme([], t)
