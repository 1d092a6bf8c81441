"""Exhaustiveness and redundancy (spec 02 §15): Maranget's usefulness over abstract patterns.

Abstract patterns: `WILD`, `("ctor", key, name, args)` for constructors of finite types
(sum variants, `true`/`false`, the single tuple constructor), `("lit", value)` for
constructors of infinite types (numbers, strings, atoms, list literals), `("or", alts)`.

Lists are abstracted two ways (spec 02 §15). For **exhaustiveness** cons patterns count as
wildcards (the reference's leniency: `h :: t` alone compiles) and list literals as
literals. For **redundancy**, and for the warning that names a missing `[]`, a list is the
finite type `[]` | `head :: tail` (`LIST_KEY`), so `_ -> acc` after `w :: rest -> ...` is
reached by `[]` and is not reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mesh.compiler import ast as A
from mesh.compiler.resolved import CtorRes
from mesh.compiler.source import Span
from mesh.compiler.types import decls as D
from mesh.compiler.types.ty import TCon, TFun, Type, prune, show

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker

# An abstract pattern (see above) and a row of them (one per matched value).
Pat = tuple[Any, ...]
Row = tuple[Pat, ...]
# A finite type's constructors: (name, arity); names are str, or bool for `Bool`.
Ctors = list[tuple[Any, int]]

WILD: Pat = ("wild",)
LIST_KEY = ("List",)
NIL: Pat = ("ctor", LIST_KEY, "nil", ())


def _sum_of(res: CtorRes, envs: dict[str, D.ModuleEnv]) -> D.SumInfo | None:
    if res.module == "":
        return D.BUILTIN_SUMS.get(res.type_name)
    env = envs.get(res.module)
    if env is None:
        return None
    s = env.sums.get(res.type_name)
    if s is not None and s.module == res.module:
        return s
    for env2 in envs.values():
        s = env2.sums.get(res.type_name)
        if s is not None and s.module == res.module:
            return s
    return None


class Exhaustiveness:
    def __init__(self, envs: dict[str, D.ModuleEnv]) -> None:
        self.envs = envs

    # -- abstraction ---------------------------------------------------------------------------

    def abstract(self, p: A.Pattern, lists: bool = False) -> Pat:
        """`lists`: model lists exactly as `[]` | `h :: t` (see the module docstring)."""
        if isinstance(p, A.PCons):
            if not lists:
                return WILD
            return (
                "ctor",
                LIST_KEY,
                "cons",
                (self.abstract(p.head, True), self.abstract(p.tail, True)),
            )
        if isinstance(p, A.PList) and lists:
            out = NIL
            for item in reversed(p.items):
                out = ("ctor", LIST_KEY, "cons", (self.abstract(item, True), out))
            return out
        if isinstance(p, A.PWild):
            return WILD
        if isinstance(p, A.PVar):
            if isinstance(p.res, CtorRes):
                return self.ctor_of(p.res, None)
            return WILD
        if isinstance(p, A.PAs):
            return self.abstract(p.pattern, lists)
        if isinstance(p, A.PLit):
            if isinstance(p.value, bool):
                return ("ctor", "Bool", p.value, ())
            if p.value is None:
                return WILD  # nil: the only Unit value
            return ("lit", (type(p.value).__name__, p.value))
        if isinstance(p, A.PAtom):
            return ("lit", ("atom", p.name))
        if isinstance(p, A.PList):
            return ("lit", ("list", id(p)))
        if isinstance(p, A.PTuple):
            # Tuples are an infinite type (spec 02 §15): only an all-wildcard tuple covers it.
            items = tuple(self.abstract(x, lists) for x in p.items)
            if all(i == WILD for i in items):
                return WILD
            return ("lit", ("tuple", id(p)))
        if isinstance(p, A.PCtor):
            if not isinstance(p.res, CtorRes):
                return WILD
            args = None if p.args is None else [self.abstract(x, lists) for x in p.args]
            return self.ctor_of(p.res, args)
        if isinstance(p, A.POr):
            return ("or", tuple(self.abstract(x, lists) for x in p.alts))
        return WILD

    def ctor_of(self, res: CtorRes, args: list[Pat] | None) -> Pat:
        if args is None:
            args = [WILD] * res.arity
        return ("ctor", ("sum", res.module, res.type_name), res.variant, tuple(args))

    def all_ctors(self, key: Any) -> Ctors | None:
        """Every constructor (name, arity) of a finite type, or None when infinite."""
        if key == "Bool":
            return [(True, 0), (False, 0)]
        if key == LIST_KEY:
            return [("nil", 0), ("cons", 2)]
        if key[0] == "Tuple":
            return [("tuple", key[1])]
        if key[0] == "sum":
            s = _sum_of(CtorRes(key[1], key[2], "", 0, 0), self.envs)
            if s is None:
                return None
            return [(v.name, len(v.fields)) for v in s.variants]
        return None

    # -- usefulness ----------------------------------------------------------------------------

    def useful(self, rows: list[Row], q: Row) -> bool:
        if not q:
            return not rows
        head = q[0]
        if head[0] == "or":
            return any(self.useful(rows, (alt,) + q[1:]) for alt in head[1])
        rows = self.expand_or(rows)
        if head[0] == "ctor":
            _, key, name, args = head
            return self.useful(self.specialize(rows, key, name, len(args)), args + q[1:])
        if head[0] == "lit":
            sub = [r[1:] for r in rows if r[0] == WILD or r[0] == head]
            return self.useful(sub, q[1:])
        firsts = [r[0] for r in rows if r[0][0] == "ctor"]
        if firsts:
            key = firsts[0][1]
            ctors = self.all_ctors(key)
            present = {r[2] for r in firsts}
            if ctors is not None and all(c in present for c, _ in ctors):
                return any(
                    self.useful(self.specialize(rows, key, c, n), (WILD,) * n + q[1:])
                    for c, n in ctors
                )
        default = [r[1:] for r in rows if r[0] == WILD]
        return self.useful(default, q[1:])

    def expand_or(self, rows: list[Row]) -> list[Row]:
        out: list[Row] = []
        for r in rows:
            if r and r[0][0] == "or":
                for alt in r[0][1]:
                    out.extend(self.expand_or([(alt,) + r[1:]]))
            else:
                out.append(r)
        return out

    def specialize(self, rows: list[Row], key: Any, name: Any, arity: int) -> list[Row]:
        out: list[Row] = []
        for r in rows:
            h = r[0]
            if h == WILD:
                out.append((WILD,) * arity + r[1:])
            elif h[0] == "ctor" and h[1] == key and h[2] == name:
                out.append(tuple(h[3]) + r[1:])
        return out

    def witness(self, rows: list[Row], n: int) -> list[str] | None:
        """Pattern texts of a value vector that no row matches, or None (Maranget's
        algorithm I); used for the `[]` warning, where the types are lists and sums."""
        if n == 0:
            return None if rows else []
        rows = self.expand_or(rows)
        firsts = [r[0] for r in rows if r[0][0] == "ctor"]
        ctors = self.all_ctors(firsts[0][1]) if firsts else None
        if ctors is not None:
            key = firsts[0][1]
            present = {r[2] for r in firsts}
            if all(c in present for c, _ in ctors):
                for c, arity in ctors:
                    w = self.witness(self.specialize(rows, key, c, arity), arity + n - 1)
                    if w is not None:
                        return [_show_ctor(key, c, w[:arity])] + w[arity:]
                return None
        w = self.witness([r[1:] for r in rows if r[0] == WILD], n - 1)
        if w is None:
            return None
        if ctors is not None:
            c, arity = next((c, a) for c, a in ctors if c not in {r[2] for r in firsts})
            return [_show_ctor(firsts[0][1], c, ["_"] * arity)] + w
        return ["_"] + w

    # -- reports -------------------------------------------------------------------------------

    def missing(self, rows: list[Row], t: Type) -> list[str]:
        t = prune(t)
        if isinstance(t, TCon):
            if t.name == "Bool":
                return [
                    str(b).lower()
                    for b in (True, False)
                    if self.useful(rows, (("ctor", "Bool", b, ()),))
                ]
            s = None
            for env in list(self.envs.values()):
                for info in env.sums.values():
                    if info.qual == t.name:
                        s = info
            s = s or D.BUILTIN_SUMS.get(t.name)
            if s is not None:
                out = []
                for v in s.variants:
                    key = ("sum", s.module, s.name)
                    q = (("ctor", key, v.name, (WILD,) * len(v.fields)),)
                    if self.useful(rows, q):
                        out.append(
                            v.name
                            if not v.fields
                            else v.name + "(" + ", ".join("_" for _ in v.fields) + ")"
                        )
                if out:
                    return out
        return ["_"]

    def check_case(self, chk: Checker, e: A.Case, scrutinee_t: Type) -> None:
        rows: list[Row] = []
        exact: list[Row] = []
        for i, arm in enumerate(e.arms):
            row = (self.abstract(arm.pattern, lists=True),)
            if not self.useful(exact, row):
                self.redundant(chk, i, arm.span)
            if arm.guard is None:
                rows.append((self.abstract(arm.pattern),))
                exact.append(row)
        if not self.useful(rows, (WILD,)):
            self.warn_missing_list_case(chk, exact, 1, scrutinee_t, e.scrutinee.span)
        else:
            ts = show(scrutinee_t)
            miss = ", ".join(self.missing(rows, scrutinee_t))
            chk.reporter.emit("E0012", e.scrutinee.span, type=ts, missing=miss)

    def check_clauses(
        self,
        chk: Checker,
        clause_rows: list[tuple[list[A.Pattern], bool, Span]],
        fn_type: Type,
        clauses: list[A.FnDef],
    ) -> None:
        rows: list[Row] = []
        exact: list[Row] = []
        for i, (pats, guarded, span) in enumerate(clause_rows):
            row = tuple(self.abstract(p, lists=True) for p in pats)
            if exact and not self.useful(exact, row):
                self.redundant(chk, i, span)
            if not guarded:
                rows.append(tuple(self.abstract(p) for p in pats))
                exact.append(row)
        n = len(fn_type.params) if isinstance(fn_type, TFun) else 0
        params = fn_type.params if isinstance(fn_type, TFun) else ()
        t = params[0] if len(params) == 1 else TCon("Tuple", tuple(params))
        if not self.useful(rows, (WILD,) * n):
            self.warn_missing_list_case(chk, exact, n, t, clauses[0].name_span)
        else:
            ts = show(t)
            miss = ", ".join(self.missing(rows, t)) if len(params) == 1 else "_"
            chk.reporter.emit(
                "E0012", clauses[0].name_span, severity="warning", type=ts, missing=miss
            )

    def warn_missing_list_case(
        self, chk: Checker, exact: list[Row], n: int, t: Type, span: Span
    ) -> None:
        """Exhaustive only by the cons leniency: warn, naming the uncovered list shape."""
        w = self.witness(exact, n)
        if w is None:
            return
        ts = show(t)
        miss = w[0] if n == 1 else "(" + ", ".join(w) + ")"
        chk.reporter.emit(
            "E0012", span, severity="warning", form="cons_only", type=ts, missing=miss
        )

    def redundant(self, chk: Checker, i: int, span: Span) -> None:
        chk.reporter.emit("W0001", span, number=i + 1, index=i)


def _show_ctor(key: Any, name: Any, args: list[str]) -> str:
    if key == "Bool":
        return str(name).lower()
    if key == LIST_KEY:
        if name == "nil":
            return "[]"
        head, tail = args
        return f"{head} :: {tail}"
    if key[0] == "Tuple":
        return "(" + ", ".join(args) + ")"
    return str(name) if not args else f"{name}({', '.join(args)})"
