"""The shared AST traversal (mesh/compiler/ast_walk.py): what it visits and in what order."""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.ast_walk import children, is_node, walk
from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile, Span
from mesh.compiler.types import check_program


def parse(src: str) -> A.Module:
    reporter = Reporter()
    module = parse_module(SourceFile("t.mpl", src), "Main", reporter)
    assert module is not None and not reporter.has_errors
    return module


def names_in(node: object) -> list[str]:
    return [n.name for n in walk(node) if isinstance(n, A.Name)]


SRC = """
fn main() do
  let total = add(first, second)
  case total do
    n when n > limit -> show(n, label: tag)
    _ -> %{key => value}[key]
  end
end
"""


def test_walk_visits_every_name_in_source_order_through_lists_and_tuples():
    (main,) = parse(SRC).items
    # kwargs (`label: tag`) and map entries are tuples inside lists; the guard is a field.
    assert names_in(main) == [
        "add", "first", "second", "total", "n", "limit", "show", "n", "tag",
        "key", "value", "key",
    ]  # fmt: skip


def test_children_are_the_direct_sub_nodes_only():
    span = Span(SourceFile("t.mpl", "a + b"), 0, 5)
    left, right = A.Name(span, "a"), A.Name(span, "b")
    plus = A.Binary(span, "+", left, right)
    assert list(children(plus)) == [left, right]
    call = A.Call(span, A.Name(span, "f"), [plus], [("k", right, span)], (2, span))
    assert list(children(call)) == [call.callee, plus, right]  # the slot's Span is not a node


def test_annotations_are_not_walked_after_checking():
    module = parse("fn main() do\n  let x = 1\n  x + 2\nend\n")
    reporter = Reporter()
    check_program([module], "Main", reporter)
    assert not reporter.has_errors
    seen = list(walk(module))
    assert all(is_node(n) for n in seen)  # no Type, Res or Span objects
    assert any(isinstance(n, A.Binary) and n.ty is not None for n in seen)


def test_non_nodes_have_no_children():
    assert list(children("text")) == []
    assert list(children(None)) == []
    assert not is_node(Span(SourceFile("t.mpl", ""), 0, 0))
    assert list(walk(A.NilLit(Span(SourceFile("t.mpl", ""), 0, 0)))) != []
