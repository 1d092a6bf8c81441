"""`Entry`: what one diagnostic code means (the catalogue's record type)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Wording:
    """How one condition a code covers is worded: `str.format` templates (`{expected}`)
    that `Reporter.emit` fills from its keyword arguments. A `None` field is left out of
    the diagnostic (a `None` headline shows the entry's title)."""

    headline: str | None = None
    label: str | None = None
    help: str | None = None
    message: str | None = None  # the `--json` message template; the headline when None
    note: str | None = None


@dataclass(frozen=True)
class Entry:
    """What one code means. Templates use `str.format` placeholders (`{expected}`) that
    `Reporter.emit` fills from its keyword arguments."""

    code: str
    title: str  # a few words for listings: "Type mismatch"
    explanation: str  # the long form `mesh explain` prints (plain text, wrapped by us)
    example: str  # a program that reports this code (but see `accepted`, `reported_as`)
    headline: str | None = None  # human headline template; `title` when None
    label: str | None = None  # text under the primary span
    help: str | None = None
    message: str | None = None  # the `--json` message template; the headline when None
    note: str | None = None
    severity: str = "error"
    # How `example` is checked. By default building it reports this code: an error fails
    # the build, a warning is printed by a build that succeeds (tests/test_docs.py builds
    # every example of the generated page with `mesh build`; the catalogue test compiles
    # the single-file ones in-process). An example may be a small project: lines
    # `# path/to/file.mpl` start each of its files (`main.mpl` is the entry).
    # `accepted`: the spec lists the code but this compiler never reports it (or it is an
    # internal check no program reaches); the example is a program it builds and runs.
    accepted: bool = False
    # The code a build reports for the example instead of this one, when an earlier phase
    # rejects the program first (the parser, or the project loader's tool error C0001).
    reported_as: str | None = None
    # Shown under the example and checked: lines the build's human output must contain
    # (the tool codes C0001/W0000 need them: any failing build prints a C0001), or the
    # exact standard output of an `accepted` program.
    output: str | None = None
    # Named wordings for the related conditions one code also covers (E0009 reports an
    # unknown field, a missing one and a value without fields): `Reporter.emit(code,
    # span, form="missing", ...)` uses `forms["missing"]` in place of the fields above.
    forms: Mapping[str, Wording] = field(default_factory=dict, hash=False)

    def wording(self, form: str | None = None) -> Wording:
        """The entry's own wording, or the named form's (KeyError names the known ones)."""
        if form is None:
            return Wording(self.headline, self.label, self.help, self.message, self.note)
        try:
            return self.forms[form]
        except KeyError:
            raise KeyError(
                f"{self.code} has no wording {form!r} (its forms: {', '.join(self.forms)})"
            ) from None

    @staticmethod
    def fill(template: str | None, params: Mapping[str, object]) -> str | None:
        return None if template is None else template.format(**params)

    def long_form(self) -> str:
        """The text of `mesh explain CODE`."""
        parts = [f"{self.code}: {self.title} ({self.severity})", ""]
        parts.append(textwrap.dedent(self.explanation).strip())
        parts += ["", "Example:", ""]
        parts.append(textwrap.indent(textwrap.dedent(self.example).strip("\n"), "    "))
        if self.headline or self.help:
            parts.append("")
            if self.headline:
                parts.append(_wrapped(f"Reported as: [{self.code}] {shown(self.headline)}"))
            if self.help:
                parts.append(_wrapped(f"Help: {shown(self.help)}"))
        said = {self.headline, self.help}  # each distinct wording once
        for w in self.forms.values():
            if w.headline is None:  # a secondary label under a related span
                parts.append(_wrapped(f"Also labels a related span: {shown(w.label or '')}"))
                continue
            if w.headline not in said or (w.help and w.help not in said):
                parts.append(_wrapped(f"Also reported as: [{self.code}] {shown(w.headline)}"))
            if w.help and w.help not in said:
                parts.append(_wrapped(f"    Help: {shown(w.help)}"))
            said |= {w.headline, w.help}
        return "\n".join(parts) + "\n"


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def _wrapped(line: str) -> str:
    return textwrap.fill(line, width=88, subsequent_indent="    ", break_on_hyphens=False)


def shown(template: str) -> str:
    """A template as a reader sees it: `{type}` becomes `<type>`."""
    return template.format_map(_Placeholders())
