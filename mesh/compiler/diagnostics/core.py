"""Diagnostics: the one currency every compiler phase pays its errors in.

A phase never prints; it appends `Diagnostic`s to a `Reporter`. The CLI renders them
(human, ariadne-like boxes, or one JSON object per line) — see `mesh.compiler.render`.
What a code means, and its default wording, live in the catalogue (`table.py`; the
entries are in `codes_*.py`).
"""

from __future__ import annotations

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
        **params: object,
    ) -> Diagnostic:
        """Report `code` worded by its catalogue entry: headline, label, help and JSON
        message are the entry's templates filled with `params`; an explicit `label` or
        `help` replaces the template's (for the few codes whose wording depends on where
        they arise). The severity is the entry's unless given (E0012 is a warning for
        multi-clause functions, as its entry explains)."""
        e = entry(code)
        label = label if label is not None else e.fill(e.label, params)
        help = help if help is not None else e.fill(e.help, params)
        headline = e.fill(e.headline, params) or e.title
        message = e.fill(e.message, params)
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
