"""Questions about a checked tree: what is at an offset, where is it defined, what does
the file declare. The tree is the compiler's own typed AST (`ty` and `res` annotations)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from mesh.compiler import ast as A, resolved as R
from mesh.compiler.source import Span

_SKIP = {"ty", "res", "span", "file", "name_span"}
_FIELDS: dict[type, tuple[str, ...]] = {}


def _children(node: object) -> Iterator[object]:
    cls = type(node)
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(node) if f.name not in _SKIP)
        _FIELDS[cls] = names
    for n in names:
        yield getattr(node, n)


def walk(root: object) -> Iterator[object]:
    """Every AST node below `root` (pre-order, iterative: trees can be very deep)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(reversed(node))
        elif dataclasses.is_dataclass(node) and not isinstance(node, (Span, type)):
            yield node
            stack.extend(reversed(list(_children(node))))


def _span_of(node: object) -> Span | None:
    s = getattr(node, "span", None)
    return s if isinstance(s, Span) else None


def node_at(tree: A.Module, offset: int) -> object | None:
    """The innermost typed expression, pattern or definition name covering `offset`."""
    best, best_len = None, None
    for node in walk(tree.items):
        span = node.name_span if isinstance(node, A.FnDef) else _span_of(node)
        if isinstance(node, A.Field) and node.name_span.start <= offset <= node.name_span.end:
            span = node.name_span
        if span is None or not (span.start <= offset <= span.end):
            continue
        if not isinstance(node, (A.Expr, A.Pattern, A.FnDef)):
            continue
        length = span.end - span.start
        if best_len is None or length <= best_len:
            best, best_len = node, length
    return best


def pretty(ty: object, module: str = "") -> str:
    """A type as the REPL and hovers print it: unsolved variables become `a`, `b`, …, and
    types of `module` itself lose their `Module.` prefix."""
    from mesh.compiler.types.ty import show

    text = show(ty)
    if module:
        text = re.sub(rf"(?<![\w.]){re.escape(module)}\.(?=[A-Z])", "", text)
    names: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        return names.setdefault(m.group(0), "abcdefghijklmnopqrstuvwxyz"[len(names) % 26])

    return re.sub(r"\?\d+", rename, text)


def fn_signature(fn: A.FnDef, module: str = "") -> str:
    """`fn name(a :: Int, b :: a) -> a` from the checked definition (one renaming of
    unsolved type variables shared by parameters and result)."""
    from mesh.compiler.types.ty import TFun

    names = [p.pattern.name if isinstance(p.pattern, A.PVar) else "_" for p in fn.params]
    body_ty = getattr(fn.body, "ty", None)
    if body_ty is None or any(p.pattern.ty is None for p in fn.params):
        return f"fn {fn.name}({', '.join(names)})"
    shown = pretty(TFun(tuple(p.pattern.ty for p in fn.params), body_ty), module)
    params, _, ret = shown.rpartition(") -> ")
    types = split_top(params[1:])
    if len(types) != len(names):
        types = ["_"] * len(names)
    return f"fn {fn.name}(" + ", ".join(f"{n} :: {t}" for n, t in zip(names, types)) + f") -> {ret}"


def split_top(text: str) -> list[str]:
    """Split `A, Map<B, C>, (D, E)` at top-level commas."""
    out, depth, cur = [], 0, ""
    for c in text:
        if c in "(<[":
            depth += 1
        elif c in ")]" or (c == ">" and not cur.endswith("-")):
            depth -= 1
        if c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        out.append(cur.strip())
    return out


def hover_text(node: object, module: str = "") -> str | None:
    if isinstance(node, A.FnDef):
        return fn_signature(node, module)
    ty = getattr(node, "ty", None)
    if ty is None:
        return None
    res = getattr(node, "res", None)
    if isinstance(node, A.Name):
        label = node.name
    elif isinstance(node, A.Field):
        label = res.qualname if isinstance(res, R.BuiltinRes) else node.name
    elif isinstance(node, A.PVar):
        label = node.name
    else:
        return pretty(ty, module)
    return f"{label} :: {pretty(ty, module)}"


# ---------------------------------------------------------------------------
# Definitions


def top_level_named(tree: A.Module, name: str) -> object | None:
    for item in tree.items:
        if getattr(item, "name", None) == name and not isinstance(item, A.ModuleDef):
            return item
    return None


def find_definition(tree: A.Module, node: object, modules: dict[str, A.Module]):
    """(module tree, span) of what `node` refers to, or None."""
    res = getattr(node, "res", None)
    if isinstance(res, R.MethodRes):
        res = res.target
    if isinstance(res, R.LocalRes):
        for n in walk(tree.items):
            if isinstance(n, (A.PVar, A.PAs)) and n.res == res:
                return tree, n.span
            if isinstance(n, A.For) and isinstance(n.res, list) and res in n.res:
                return tree, n.names[n.res.index(res)][1]
        return None
    if isinstance(res, R.FnRes):
        target = tree if res.module == "" else modules.get(res.module)
        if target is None:
            return None
        for n in walk(target.items) if res.module == "" else target.items:
            if (
                isinstance(n, A.FnDef)
                and n.name == res.name
                and (n.res == res or len(n.params) == res.arity)
            ):
                return target, n.name_span
        return None
    for cls, attr in (
        (R.StructRes, "name"),
        (R.CtorRes, "type_name"),
        (R.ActorRes, "name"),
        (R.SupervisorRes, "name"),
        (R.ServiceFnRes, "service"),
    ):
        if isinstance(res, cls):
            target = modules.get(res.module)
            item = top_level_named(target, getattr(res, attr)) if target else None
            if item is None:
                return None
            if isinstance(res, R.CtorRes) and isinstance(item, A.SumDef):
                for v in item.variants:
                    if v.name == res.variant:
                        return target, v.span
            return target, item.span
    return None


def definition_by_name(word: str, tree: A.Module, modules: dict[str, A.Module]):
    """Fallback for names without a resolution (types in annotations, imported names,
    module names): the current module first, then any project module."""
    item = top_level_named(tree, word)
    if item is not None:
        return tree, item.span
    for name, other in modules.items():
        if name == word or name.rsplit(".", 1)[-1] == word:
            return other, Span(other.file, 0, 0)
    for other in modules.values():
        item = top_level_named(other, word)
        if item is not None:
            return other, item.span
    return None


# ---------------------------------------------------------------------------
# Symbols


def symbols(tree: A.Module) -> list[tuple[str, str, Span, Span, list]]:
    """(name, kind, span, selection span, children) for the document outline."""
    out = []
    for item in tree.items:
        sym = _symbol(item)
        if sym is not None:
            out.append(sym)
    return out


def _symbol(item: object):
    span = getattr(item, "span", None)
    if isinstance(item, A.FnDef):
        return (item.name, "function", span, item.name_span, [])
    if isinstance(item, A.StructDef):
        kids = [(f, "field", s, s, []) for f, _t, s in item.fields]
        return (item.name, "struct", span, span, kids)
    if isinstance(item, A.SumDef):
        kids = [(v.name, "variant", v.span, v.span, []) for v in item.variants]
        return (item.name, "enum", span, span, kids)
    if isinstance(item, A.InterfaceDef):
        kids = [(m.name, "method", m.span, m.span, []) for m in item.methods]
        return (item.name, "interface", span, span, kids)
    if isinstance(item, A.ImplDef):
        name = f"impl {'.'.join(item.trait_path)} for {'.'.join(item.target_path)}"
        kids = [(m.name, "method", m.span, m.name_span, []) for m in item.methods]
        return (name, "impl", span, span, kids)
    if isinstance(item, A.ActorDef):
        return (item.name, "actor", span, span, [])
    if isinstance(item, A.ServiceDef):
        kids = [(f.name, "function", f.span, f.name_span, []) for f in item.fns]
        kids += [(h.name, "method", h.span, h.span, []) for h in item.handlers]
        return (item.name, "service", span, span, kids)
    if isinstance(item, A.SupervisorDef):
        return (item.name, "supervisor", span, span, [])
    if isinstance(item, A.ModuleDef):
        return (item.name, "module", span, span, [])
    if isinstance(item, A.AliasDef):
        return (item.name, "type", span, span, [])
    return None
