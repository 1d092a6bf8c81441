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
        headline="{message}",
        explanation="""
        Not a problem in a source position: in `--json` output, a tool-level error (printed
        as `error: ...` in the human format) such as an unreadable `mesh.toml`, a circular
        import (the example), or the final `Compilation failed due to errors above.` line.
        """,
        example="""
        # main.mpl
        import Orders

        fn main() do
          println("#{Orders.count()}")
        end

        # orders.mpl
        import Billing

        pub fn count() = Billing.total()

        # billing.mpl
        import Orders

        pub fn total() = 2
        """,
        output="error: Circular dependency: Orders -> Billing -> Orders",
    ),
    Entry(
        "W0000",
        "Tool warning",
        severity="warning",
        explanation="""
        Not a problem in a source position: in `--json` output, a tool-level warning
        (printed as `warning: ...` in the human format), such as a module file whose name
        no import can write (the example's `old-helpers.mpl`; use snake_case file names).
        """,
        example="""
        # main.mpl
        fn main() do
          println("x")
        end

        # old-helpers.mpl
        pub fn one() = 1
        """,
        output="warning: module file 'old-helpers.mpl' has the name 'Old-helpers'",
    ),
)
