"""Generic traversal of the AST (mesh/compiler/ast.py).

`children(node)` yields the AST nodes directly below `node`, in field order, looking
through lists and tuples (`Call.kwargs`, `MapLit.entries`, `Block.stmts`, ...); `walk(node)`
yields `node` and everything below it, depth first, in source order. The checker's
annotations (`ty`, `res`) and spans are not children, so a walk never leaves the tree.
The field names to visit are computed once per node class.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass

from mesh.compiler import ast as A

# Annotations and positions, not sub-trees.
_NOT_CHILDREN = frozenset({"span", "name_span", "ty", "res"})
# Per class: the field names that may hold sub-trees, or None for a non-AST value.
_CHILD_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _child_fields(cls: type) -> tuple[str, ...] | None:
    try:
        return _CHILD_FIELDS[cls]
    except KeyError:
        pass
    names: tuple[str, ...] | None = None
    if is_dataclass(cls) and cls.__module__ == A.__name__:
        names = tuple(f.name for f in fields(cls) if f.name not in _NOT_CHILDREN)
    _CHILD_FIELDS[cls] = names
    return names


def is_node(value: object) -> bool:
    """Whether `value` is an AST node (an instance of a node class of mesh.compiler.ast)."""
    return _child_fields(type(value)) is not None


def children(node: object) -> Iterator[object]:
    """The AST nodes directly below `node`, in field order (nothing for a non-node)."""
    names = _child_fields(type(node))
    if not names:
        return
    for name in names:
        yield from _nodes_in(getattr(node, name))


def _nodes_in(value: object) -> Iterator[object]:
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _nodes_in(item)
    elif _child_fields(type(value)) is not None:
        yield value


def walk(node: object) -> Iterator[object]:
    """`node` and every AST node below it, depth first and in source order."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        below = list(children(n))
        below.reverse()
        stack.extend(below)
