"""Completion and signature help: keywords, types, snippets, names in scope, stdlib
module members (the tables of mesh/compiler/stdlib_types*.py) and project modules."""

from __future__ import annotations

import re

from lsprotocol import types as T

from mesh.compiler import ast as A
from mesh.compiler.parse.lexer import KEYWORDS
from mesh.tooling.lsp import nodes

TYPES = (
    "Int",
    "Float",
    "String",
    "Bool",
    "Atom",
    "List",
    "Map",
    "Set",
    "Option",
    "Result",
    "Range",
    "Pid",
    "Json",
    "Regex",
)
SNIPPETS = {
    "fn": "fn ${1:name}(${2}) do\n  ${0}\nend",
    "case": "case ${1:value} do\n  ${2:pattern} -> ${0}\nend",
    "if": "if ${1:condition} do\n  ${0}\nend",
    "struct": "struct ${1:Name} do\n  ${2:field} :: ${3:Int}\nend",
    "receive": "receive do\n  ${1:pattern} -> ${0}\nend",
}
_IDENT_BEFORE = re.compile(r"([A-Za-z_][\w.]*)\.(\w*)$")


def _signatures() -> dict[str, str]:
    from mesh.compiler import stdlib_types

    return stdlib_types.SIGNATURES


def _stdlib_modules() -> list[str]:
    return sorted({k.split(".", 1)[0] for k in _signatures() if "." in k})


def _module_alias(tree: A.Module | None, alias: str, modules: dict[str, A.Module]):
    """The project module that `alias` names in `tree` (`import A.B` → `B`)."""
    for name, other in modules.items():
        if name == alias or name.rsplit(".", 1)[-1] == alias:
            return other
    return None


def complete(
    line_prefix: str, tree: A.Module | None, offset: int, modules: dict[str, A.Module]
) -> list[T.CompletionItem]:
    m = _IDENT_BEFORE.search(line_prefix)
    if m:
        return _members(m.group(1), tree, modules)
    items: list[T.CompletionItem] = []
    for kw in sorted(KEYWORDS):
        items.append(T.CompletionItem(label=kw, kind=T.CompletionItemKind.Keyword))
    for ty in TYPES:
        items.append(T.CompletionItem(label=ty, kind=T.CompletionItemKind.Class))
    for label, body in SNIPPETS.items():
        items.append(
            T.CompletionItem(
                label=label,
                kind=T.CompletionItemKind.Snippet,
                insert_text=body,
                insert_text_format=T.InsertTextFormat.Snippet,
                detail=f"{label} … end",
            )
        )
    for name, sig in _signatures().items():
        if "." not in name:
            items.append(
                T.CompletionItem(label=name, kind=T.CompletionItemKind.Function, detail=sig)
            )
    for mod in _stdlib_modules():
        items.append(T.CompletionItem(label=mod, kind=T.CompletionItemKind.Module))
    for name in modules:
        items.append(
            T.CompletionItem(
                label=name.rsplit(".", 1)[-1], kind=T.CompletionItemKind.Module, detail=name
            )
        )
    if tree is not None:
        items += _in_scope(tree, offset)
    seen, out = set(), []
    for it in items:
        if it.label not in seen:
            seen.add(it.label)
            out.append(it)
    return out


def _in_scope(tree: A.Module, offset: int) -> list[T.CompletionItem]:
    items = []
    # The enclosing function: the last one starting before the cursor (the tree may be
    # the last version that parsed, so its end offsets can be stale while typing).
    enclosing = None
    for item in tree.items:
        if isinstance(item, A.FnDef) and item.span.start <= offset:
            enclosing = item
    if enclosing is not None:
        for n in nodes.walk([enclosing.params, enclosing.body]):
            if isinstance(n, A.PVar) and n.span.start < offset:
                detail = nodes.pretty(n.ty, tree.name) if n.ty is not None else None
                items.append(
                    T.CompletionItem(
                        label=n.name, kind=T.CompletionItemKind.Variable, detail=detail
                    )
                )
    for item in tree.items:
        name = getattr(item, "name", None)
        if isinstance(item, A.FnDef):
            items.append(
                T.CompletionItem(
                    label=item.name,
                    kind=T.CompletionItemKind.Function,
                    detail=nodes.fn_signature(item, tree.name),
                )
            )
        elif isinstance(item, A.FromImport):
            for imported, _span in item.names:
                items.append(T.CompletionItem(label=imported, kind=T.CompletionItemKind.Function))
        elif isinstance(name, str) and not isinstance(item, A.ModuleDef):
            items.append(T.CompletionItem(label=name, kind=T.CompletionItemKind.Class))
    return items


def _members(qual: str, tree: A.Module | None, modules: dict[str, A.Module]):
    items = []
    prefix = qual + "."
    for name, sig in _signatures().items():
        if name.startswith(prefix) and "." not in name[len(prefix) :]:
            items.append(
                T.CompletionItem(
                    label=name[len(prefix) :], kind=T.CompletionItemKind.Function, detail=sig
                )
            )
    target = _module_alias(tree, qual, modules)
    if target is not None:
        for item in target.items:
            if isinstance(item, A.FnDef) and item.is_pub:
                items.append(
                    T.CompletionItem(
                        label=item.name,
                        kind=T.CompletionItemKind.Function,
                        detail=nodes.fn_signature(item),
                    )
                )
            elif getattr(item, "is_pub", False):
                items.append(T.CompletionItem(label=item.name, kind=T.CompletionItemKind.Class))
    return items


# ---------------------------------------------------------------------------
# Signature help


def _open_call(text: str) -> tuple[str, int] | None:
    """(callee, active parameter) of the innermost unclosed call before the cursor."""
    depth, commas = 0, 0
    i = len(text) - 1
    while i >= 0:
        c = text[i]
        if c in ")]}":
            depth += 1
        elif c in "([{":
            if depth == 0:
                if c != "(":
                    return None
                m = re.search(r"([A-Za-z_][\w.]*)\s*$", text[:i])
                return (m.group(1), commas) if m else None
            depth -= 1
        elif c == "," and depth == 0:
            commas += 1
        elif c == "\n" and text[i - 3 : i] == "end":
            return None
        i -= 1
    return None


def _param_labels(sig: str) -> tuple[list[str], str]:
    """The parameter types and result of a stdlib signature `<T>(A, B) -> R`."""
    sig = re.sub(r"^<[^>]*>", "", sig)
    if not sig.startswith("("):
        return [], sig
    depth = 0
    for i, c in enumerate(sig):
        if c in "(<[":
            depth += 1
        elif c in ")]" or (c == ">" and sig[i - 1] != "-"):
            depth -= 1
        if depth == 0:
            return nodes.split_top(sig[1:i]), sig[i + 1 :].strip().removeprefix("-> ")
    return [], sig


def signature_help(
    before: str, tree: A.Module | None, modules: dict[str, A.Module]
) -> T.SignatureHelp | None:
    found = _open_call(before)
    if found is None:
        return None
    callee, active = found
    params: list[str] | None = None
    ret = ""
    sig = _signatures().get(callee)
    if sig is not None:
        params, ret = _param_labels(sig)
    else:
        fn = _user_fn(callee, tree, modules)
        if fn is None:
            return None
        text = nodes.fn_signature(fn)
        inner, _, ret = text[text.index("(") + 1 :].rpartition(")")
        params = nodes.split_top(inner)
        ret = ret.removeprefix(" -> ")
    label = f"{callee}(" + ", ".join(params) + ")" + (f" -> {ret}" if ret else "")
    infos, pos = [], len(callee) + 1
    for p in params:
        infos.append(T.ParameterInformation(label=(pos, pos + len(p))))
        pos += len(p) + 2
    return T.SignatureHelp(
        signatures=[T.SignatureInformation(label=label, parameters=infos)],
        active_signature=0,
        active_parameter=min(active, max(len(params) - 1, 0)),
    )


def _user_fn(callee: str, tree: A.Module | None, modules: dict[str, A.Module]):
    mod_alias, _, name = callee.rpartition(".")
    target = _module_alias(tree, mod_alias, modules) if mod_alias else tree
    if target is None:
        return None
    candidates = [target] if mod_alias or tree is None else [tree, *modules.values()]
    for t in candidates:
        for item in t.items:
            if isinstance(item, A.FnDef) and item.name == name:
                return item
    return None
