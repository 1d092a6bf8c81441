"""`mesh explain [CODE]`: the long form of a diagnostic code from the catalogue
(mesh/compiler/diagnostics), or the list of every code with its title."""

from __future__ import annotations

import sys

from mesh.cli import prog_name
from mesh.compiler.diagnostics import catalogue

USAGE = """\
Usage: {prog} explain [CODE]

Print what diagnostic CODE (e.g. E0012, as shown in `[E0012] Error: ...`) means, why it
is reported and an example that causes it. Without CODE, list every code.

Options:
  -h, --help    print this help
"""


def main(argv: list[str]) -> int:
    prog = prog_name()
    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE.format(prog=prog))
        return 0
    if len(argv) > 1:
        sys.stderr.write(
            f"error: expected one code, found {len(argv)} arguments\n\n" + USAGE.format(prog=prog)
        )
        return 2
    table = catalogue()
    if not argv:
        for code, e in table.items():
            sys.stdout.write(f"{code:<7} {e.title}\n")
        return 0
    code = argv[0].strip().upper()
    e = table.get(code)
    if e is None:
        sys.stderr.write(f"error: no diagnostic {code}; `{prog} explain` lists every code\n")
        return 1
    sys.stdout.write(e.long_form())
    return 0
