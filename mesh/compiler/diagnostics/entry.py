"""`Entry`: what one diagnostic code means (the catalogue's record type)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """What one code means. Templates use `str.format` placeholders (`{expected}`) that
    `Reporter.emit` fills from its keyword arguments."""

    code: str
    title: str  # a few words for listings: "Type mismatch"
    explanation: str  # the long form `mesh explain` prints (plain text, wrapped by us)
    example: str  # a program that reports this code (see `example_reports`)
    headline: str | None = None  # human headline template; `title` when None
    label: str | None = None  # text under the primary span
    help: str | None = None
    message: str | None = None  # the `--json` message template; the headline when None
    severity: str = "error"
    # False when compiling `example` alone as main.mpl does not report this code: it needs
    # a second module, is listed by the spec but never reported here, or is not a
    # compiler diagnostic at all. The catalogue test compiles every example marked True.
    example_reports: bool = True

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
        return "\n".join(parts) + "\n"


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def _wrapped(line: str) -> str:
    return textwrap.fill(line, width=88, subsequent_indent="    ", break_on_hyphens=False)


def shown(template: str) -> str:
    """A template as a reader sees it: `{type}` becomes `<type>`."""
    return template.format_map(_Placeholders())
