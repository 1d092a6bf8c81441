"""The command line shared by the generators of docs pages (`python -m mesh.tooling.X`):
write the page, or with `--check` fail when the committed page differs from what the code
would write (the tests run the check, so a page never drifts from its source)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(output: Path, text: str, module: str, argv: list[str] | None = None) -> int:
    """Exit status: 0 written / up to date, 1 out of date (`--check`), 2 bad usage."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--check"]:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            print(f"{output} is out of date; run python -m {module}", file=sys.stderr)
            return 1
        return 0
    if args:
        print(f"usage: python -m {module} [--check]", file=sys.stderr)
        return 2
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return 0
