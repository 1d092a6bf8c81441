"""Unification, generalisation and instantiation (algorithm J with levels)."""

from __future__ import annotations

from dataclasses import dataclass

from mesh.compiler.types.ty import TCon, TFun, TVar, Type, prune

# Opaque names that unify with one another (spec 02 §3: iterator handles and Ptr).
_PTR_LIKE = {"Ptr", "ListIterator", "MapIterator", "SetIterator", "RangeIterator"}


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
    """Occurs check that also lowers levels of variables inside `t` (for generalisation)."""
    t = prune(t)
    if isinstance(t, TVar):
        if t is v:
            return True
        if t.level > level:
            t.level = level
        return False
    if isinstance(t, TCon):
        return any(occurs(v, a, level) for a in t.args)
    return any(occurs(v, p, level) for p in t.params) or occurs(v, t.ret, level)


def unify(expected: Type, found: Type) -> None:
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
                unify(x, y)
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
                unify(x, y)
            unify(a.ret, b.ret)
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
    if "Tuple" in names and ("TupleAny" in names):
        return True
    return False


def generalize(t: Type, level: int) -> Scheme:
    vars: list[TVar] = []
    seen: set[int] = set()

    def walk(x: Type) -> None:
        x = prune(x)
        if isinstance(x, TVar):
            if x.level > level and x.id not in seen:
                seen.add(x.id)
                vars.append(x)
        elif isinstance(x, TCon):
            for a in x.args:
                walk(a)
        else:
            for p in x.params:
                walk(p)
            walk(x.ret)

    walk(t)
    return Scheme(vars, t)


def instantiate(s: Scheme, level: int) -> Type:
    if not s.vars:
        return s.ty
    mapping = {v.id: TVar(level, name=v.name) for v in s.vars}
    return substitute(s.ty, mapping)


def substitute(t: Type, mapping: dict[int, Type]) -> Type:
    t = prune(t)
    if isinstance(t, TVar):
        return mapping.get(t.id, t)
    if isinstance(t, TCon):
        if not t.args:
            return t
        return TCon(t.name, tuple(substitute(a, mapping) for a in t.args))
    return TFun(tuple(substitute(p, mapping) for p in t.params), substitute(t.ret, mapping))


def mono(t: Type) -> Scheme:
    return Scheme([], t)
