"""`mesh lsp`: a language server for editors (spec 08 §10); see docs/editors.md.

pygls is imported only here, when the command runs, so other commands start no slower.
"""

from __future__ import annotations

import sys

USAGE = """\
Usage: {prog} lsp

Start the Mesh language server on standard input/output (JSON-RPC, LSP 3.17):
diagnostics, hover with inferred types, go-to-definition, document symbols, completion,
signature help and formatting. Editor configuration: {{"command": "mesh", "args": ["lsp"]}}.
"""


def main(argv: list[str]) -> int:
    from mesh.cli import prog_name, unexpected

    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE.format(prog=prog_name()))
        return 0
    for a in argv:
        if a != "--stdio":  # what VS Code's language client appends
            raise unexpected(a, ["--help", "--stdio"])
    from mesh.tooling.lsp.server import server

    server.start_io()
    return 0
