"""The fix E0006's help writes out (issue 19: every help suggests code that compiles).

A type defined in the program that lacks an interface gets the impl block written for it,
on one line (a `do ... end` body may share its line): every method the interface requires,
with a body that compiles and that the user then replaces, e.g.

    impl Display for Point do fn to_string(self) -> String do "Point" end end

Eq, Ord and Hash, which a hand-written impl gets wrong easily, are derived instead. A
user interface may also be implemented for Int, Float, String or Bool. Anything else (a
function type, `Map<K, V>`, a built-in operator on a built-in type) gets no code: no impl
the user could write would be the fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.source import Span
from mesh.compiler.types.traits import BUILTIN_TRAITS, TraitMethod
from mesh.compiler.types.ty import TCon, Type, prune

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker

_PRIMITIVES = ("Int", "Float", "String", "Bool")
_DERIVED = {"Eq": ["Eq"], "Ord": ["Eq", "Ord"], "Hash": ["Hash"]}
# The operator traits' `Output`: the implementing type itself
_WITH_OUTPUT = ("Add", "Sub", "Mul", "Div", "Mod", "Neg")


def missing_impl(chk: Checker, t: Type, trait: str) -> tuple[str | None, dict[str, str]]:
    """E0006's wording form and the values it needs beyond `type` and `trait`."""
    t = prune(t)
    if not isinstance(t, TCon) or t.args:
        return "no_impl_suggestion", {}
    name = t.name.rsplit(".", 1)[-1]
    user_type = chk.derives_of(t.name) is not None
    if trait == "Add" and t.name == "String":
        return "string_plus", {}
    if user_type and trait in _DERIVED:
        derived = [d for d in _deriving(chk, t.name) if d not in _DERIVED[trait]]
        return "derive", {"name": name, "derived": ", ".join(derived + _DERIVED[trait])}
    info = chk.tenv.traits.get(trait)
    user_trait = info is not None and info.module != ""
    if info is None or not (user_type or (user_trait and t.name in _PRIMITIVES)):
        return "no_impl_suggestion", {}
    methods = [method_code(m, name) for m in info.methods.values() if _required(trait, m)]
    if not methods or None in methods:
        return "no_impl_suggestion", {}
    output = f"type Output = {name} " if trait in _WITH_OUTPUT else ""
    code = f"impl {trait} for {name} do {output}{' '.join(m or '' for m in methods)} end"
    return None, {"fix": code}


def _deriving(chk: Checker, qual: str) -> list[str]:
    """The interfaces the type's definition derives, in source order."""
    for env in chk.envs.values():
        for table in (env.structs, env.sums):
            for info in table.values():
                if info.qual == qual and info.decl is not None and info.decl.deriving:
                    return [n for n, _ in info.decl.deriving]
    return []


def _required(trait: str, m: TraitMethod) -> bool:
    if m.default is not None:
        return False
    builtin = BUILTIN_TRAITS.get(trait)
    return builtin is None or m.name not in builtin[2]


def method_code(m: TraitMethod, name: str) -> str | None:
    """`fn ...(...) -> R do <body> end` for one required method, or None if it needs more
    than a placeholder body can give (a static constructor, an iterator)."""
    if m.is_static:
        return None
    if m.builtin_sig is not None:
        params_text, ret = (s.strip() for s in m.builtin_sig.split("->", 1))
        others = params_text.strip("()").split(",")[1:]
        params = ["self"] + [f"other :: {name}" for p in others if p.strip() == "Self"]
        if len(params) != 1 + len(others):
            return None
        ret = name if ret in ("Self", "Self.Output") else ret
    else:
        if m.params is None or m.ret is None:
            return None
        params = [_source(p.span) or "" for p in m.params]
        ret = _source(m.ret.span) or ""
        if not all(params) or not ret:
            return None
        ret = name if ret == "Self" else ret
    body = _placeholder(ret, name)
    if body is None:
        return None
    return f"fn {m.name}({', '.join(params)}) -> {ret} do {body} end"


def _placeholder(ret: str, name: str) -> str | None:
    """A body of type `ret` to replace: the type's name for text, `self` for the type."""
    return {
        "String": f'"{name}"',
        "Int": "0",
        "Float": "0.0",
        "Bool": "false",
        name: "self",
    }.get(ret)


def spawn_code(name: str, args: list[A.Expr]) -> str | None:
    """`spawn(name, args...)` for an actor called like a function, from the call's source."""
    parts = [_source(a.span) for a in args]
    if not all(parts):
        return None
    return f"spawn({', '.join([name, *(p or '' for p in parts)])})"


def completed_literal(e: A.StructLit, missing: list[tuple[str, Type]]) -> str | None:
    """The struct literal `e` with its missing fields added, each with a value of its
    type to replace (`Point { x: 1, y: 0 }`), or None if one has no such value."""
    text = _source(e.span)
    values = [_value(t) for _, t in missing]
    if text is None or "{" not in text or not text.endswith("}") or None in values:
        return None
    head, _, body = text[:-1].partition("{")
    fields = [body.strip().rstrip(",")] if body.strip() else []
    fields += [f"{n}: {v}" for (n, _), v in zip(missing, values)]
    return f"{head.rstrip()} {{ {', '.join(fields)} }}"


def _value(t: Type) -> str | None:
    t = prune(t)
    if not isinstance(t, TCon):
        return None
    return {"Int": "0", "Float": "0.0", "String": '""', "Bool": "false", "List": "[]"}.get(
        t.name, "None" if t.name == "Option" else None
    )


def lookup_code(module: str | None, obj: A.Expr, index: A.Expr) -> str | None:
    """`List.get(xs, 0)` / `Map.get(m, k)` for an index expression `xs[0]` / `m[k]`."""
    parts = (_source(obj.span), _source(index.span))
    if module not in ("List", "Map") or None in parts:
        return None
    return f"{module}.get({', '.join(p or '' for p in parts)})"


def _source(span: Span | None) -> str | None:
    if span is None or span.file is None:
        return None
    text = span.file.text[span.start : span.end].strip()
    return text if text and "\n" not in text else None
