"""Diagnostic helpers shared by the checker phases (spec 02 §17)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from mesh.compiler.diagnostics import Label, Reporter
from mesh.compiler.source import Span
from mesh.compiler.types.suggest import missing_impl
from mesh.compiler.types.ty import TCon, Type, prune, show

if TYPE_CHECKING:
    from mesh.compiler.types.checker import Checker


class Abort(Exception):
    """Abandon the current statement after its error was reported (spec 02 §4: checking
    continues with the next statement)."""


def mismatch_help(expected: Type, found: Type, span: Span | None = None) -> str | None:
    """Spec 02 §17.3's help text, followed by the fix written out for the offending
    expression (issue 19: every suggestion is code that compiles, e.g. `n.to_string()`)."""
    e = prune(expected)
    f = prune(found)
    src = _one_line_source(span)
    if isinstance(e, TCon) and e.name == "Option" and e.args and show(e.args[0]) == show(f):
        return _with_code("wrap in Some(...)", src and f"Some({src})")
    if isinstance(e, TCon) and e.name == "Result" and e.args and show(e.args[0]) == show(f):
        return _with_code("wrap in Ok(...)", src and f"Ok({src})")
    en = e.name if isinstance(e, TCon) else None
    fn = f.name if isinstance(f, TCon) else None
    if en == "Int" and fn == "Float":
        return _with_code("use Int conversion", src and f"Float.to_int({src})")
    if en == "Float" and fn == "Int":
        return _with_code("use Float conversion", src and f"Int.to_float({src})")
    if en == "String" and fn in ("Int", "Float"):
        return _with_code("use to_string()", src and f"{_receiver(src)}.to_string()")
    if en == "Bool" and fn is not None and fn != "Bool":
        return "expected a boolean expression"
    return None


def _one_line_source(span: Span | None) -> str | None:
    if span is None or getattr(span, "file", None) is None:
        return None
    text = span.file.text[span.start : span.end].strip()
    return text if text and "\n" not in text and "\r" not in text else None


def _receiver(src: str) -> str:
    """`src` as a method-call receiver: names, numbers, field paths and plain calls as they
    are, anything else (`-5`, `a + b`) in parentheses."""
    return src if re.fullmatch(r"[A-Za-z0-9_.]+(\([^()]*\))?", src) else f"({src})"


def _with_code(text: str, code: str | None) -> str:
    return f"{text}: `{code}`" if code else text


def report_mismatch(
    reporter: Reporter,
    expected: Type,
    found: Type,
    span: Span,
    form: str | None = None,
    labels: list[Label] | None = None,
    **params: object,
) -> None:
    """E0001, worded by the catalogue: `form` names the variant of the label (`argument`,
    `annotation`, ...); with `labels` (the two sides of a conditional) there is none."""
    reporter.emit_with(
        "E0001",
        span,
        {"expected": show(expected), "found": show(found), **params},
        form="between_labels" if labels else form,
        labels=labels,
        help=mismatch_help(expected, found, span),
    )


def report_infinite(reporter: Reporter, var: Type, t: Type, span: Span) -> None:
    reporter.emit("E0002", span, var=show(var), type=show(t))


def report_not_implemented(chk: Checker, t: Type, trait: str, span: Span) -> None:
    """E0006, with the impl (or `deriving`) that fixes it written out when there is one."""
    form, params = missing_impl(chk, t, trait)
    chk.reporter.emit_with("E0006", span, {"type": show(t), "trait": trait, **params}, form=form)


def report_arity(reporter: Reporter, expected: int, found: int, span: Span) -> None:
    diff = expected - found
    reporter.emit(
        "E0003",
        span,
        form=None if diff > 0 else "extra_arguments",
        expected=expected,
        found=found,
        missing=diff,
        extra=-diff,
    )


def report_unsupported(reporter: Reporter, form: str | None, span: Span, **params: object) -> None:
    reporter.emit_with("E0117", span, params, form=form)


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def closest(name: str, candidates: Iterable[str]) -> str | None:
    best = None
    best_d = 3
    for c in sorted(set(candidates)):
        d = edit_distance(name, c)
        if d < best_d and c != name:
            best, best_d = c, d
    return best
