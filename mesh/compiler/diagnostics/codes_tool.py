"""Catalogue entries for the parser and for tool-level messages (spec 02 §17.2, 08 §5)."""

from __future__ import annotations

from mesh.compiler.diagnostics.entry import Entry

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "P0001",
        "Parse error",
        headline="Parse error: {problem}",
        explanation="""
        The file does not follow Mesh's grammar; the headline says what the parser expected
        where it stopped — often a missing `end` or `do`, an item (`fn`, `struct`) where a
        statement belongs, or an expression nested too deeply. Parse errors are reported
        first and type checking is skipped until they are fixed.
        """,
        example="""
        fn main() do
          println("unclosed"
        end
        """,
    ),
    Entry(
        "C0001",
        "Tool error",
        explanation="""
        Not a problem in a source position: in `--json` output, a tool-level error (printed
        as `error: ...` in the human format) such as an unreadable `mesh.toml`, a circular
        import, or the final `Compilation failed due to errors above.` line.
        """,
        example="""
        $ mesh build --json broken/
        {"code":"C0001","severity":"error","message":"Compilation failed due to errors above."}
        """,
        example_reports=False,
    ),
    Entry(
        "W0000",
        "Tool warning",
        severity="warning",
        explanation="""
        Not a problem in a source position: in `--json` output, a tool-level warning
        (printed as `warning: ...` in the human format).
        """,
        example="""
        $ mesh build --json
        {"code":"W0000","severity":"warning","message":"..."}
        """,
        example_reports=False,
    ),
)
