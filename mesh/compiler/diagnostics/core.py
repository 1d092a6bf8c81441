"""Diagnostics: the one currency every compiler phase pays its errors in.

A phase never prints; it appends `Diagnostic`s to a `Reporter`. The CLI renders them
(human, ariadne-like boxes, or one JSON object per line) — see `mesh.compiler.render`.
What a code means, and its default wording, live in the catalogue (`table.py`; the
entries are in `codes_*.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mesh.compiler.diagnostics.table import entry
from mesh.compiler.source import Span


@dataclass
class Label:
    span: Span
    text: str


@dataclass
class Diagnostic:
    """One problem. `headline` is the human title; `message` the long JSON wording."""

    code: str  # "E0001", "W0001", "P0001", ...
    severity: str  # "error" | "warning"
    headline: str
    span: Span
    labels: list[Label] = field(default_factory=list)
    help: str | None = None
    note: str | None = None
    message: str | None = None  # JSON form; defaults to the headline

    @property
    def json_message(self) -> str:
        return self.message if self.message is not None else self.headline


def worded_label(code: str, span: Span, form: str | None = None, **params: object) -> Label:
    """A secondary label worded by the catalogue: the label template of `code`'s entry (or
    of its wording `form`), e.g. E0026's "previously defined for ..." under the first impl."""
    e = entry(code)
    return Label(span, e.fill(e.wording(form).label, params) or e.title)


class CompileError(Exception):
    """Raised to abandon the current unit of work after a diagnostic has been recorded."""


class Reporter:
    """Collects diagnostics in the order they were found."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def emit(
        self,
        code: str,
        span: Span,
        *,
        label: str | None = None,
        help: str | None = None,
        note: str | None = None,
        labels: list[Label] | None = None,
        severity: str | None = None,
        form: str | None = None,
        **params: object,
    ) -> Diagnostic:
        """Report `code` worded by its catalogue entry: headline, label, help and JSON
        message are the templates of the entry (or of its wording `form`, for a related
        condition the code also covers) filled with `params`. An explicit `label` or
        `help` replaces the template's: the type checker passes only computed text here
        (a "did you mean" suggestion, the fix written out for the offending expression),
        never wording of its own. The severity is the entry's unless given (E0012 is a
        warning for multi-clause functions, as its entry explains)."""
        return self.emit_with(
            code,
            span,
            params,
            label=label,
            help=help,
            note=note,
            labels=labels,
            severity=severity,
            form=form,
        )

    def emit_with(
        self,
        code: str,
        span: Span,
        params: Mapping[str, object],
        *,
        label: str | None = None,
        help: str | None = None,
        note: str | None = None,
        labels: list[Label] | None = None,
        severity: str | None = None,
        form: str | None = None,
    ) -> Diagnostic:
        """`emit` with the template values in one mapping (for helpers that pass on what
        their callers gave them)."""
        e = entry(code)
        w = e.wording(form)
        label = label if label is not None else e.fill(w.label, params)
        help = help if help is not None else e.fill(w.help, params)
        headline = e.fill(w.headline, params) or e.title
        message = e.fill(w.message, params)
        note = note if note is not None else e.fill(w.note, params)
        return self._add(
            severity or e.severity, code, headline, span, label, help, note, message, labels
        )

    def error(
        self,
        code: str,
        headline: str,
        span: Span,
        label: str | None = None,
        *,
        help: str | None = None,
        note: str | None = None,
        message: str | None = None,
        labels: list[Label] | None = None,
    ) -> Diagnostic:
        return self._add("error", code, headline, span, label, help, note, message, labels)

    def warning(
        self,
        code: str,
        headline: str,
        span: Span,
        label: str | None = None,
        *,
        help: str | None = None,
        note: str | None = None,
        message: str | None = None,
        labels: list[Label] | None = None,
    ) -> Diagnostic:
        return self._add("warning", code, headline, span, label, help, note, message, labels)

    def _add(
        self,
        severity: str,
        code: str,
        headline: str,
        span: Span,
        label: str | None,
        help: str | None,
        note: str | None,
        message: str | None,
        labels: list[Label] | None,
    ) -> Diagnostic:
        all_labels = list(labels or [])
        if label is not None:
            all_labels.insert(0, Label(span, label))
        d = Diagnostic(code, severity, headline, span, all_labels, help, note, message)
        self.items.append(d)
        return d

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)
