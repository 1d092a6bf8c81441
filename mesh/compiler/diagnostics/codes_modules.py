"""Catalogue entries for modules, imports and loop control (spec 01 §9–§10, 02 §16)."""

from __future__ import annotations

from mesh.compiler.diagnostics.entry import Entry, Wording

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "E0031",
        "Module not found",
        headline="module not found",
        label="module `{module}` not found",
        message="module `{module}` not found",
        forms={
            # a module of the project, known by its last segment but not imported here
            "not_imported": Wording(
                headline="module not found",
                label="module `{module}` not found",
                message="module `{module}` not found",
                note="add `import ...{module}` to use it qualified",
            ),
        },
        explanation="""
        An `import` (or a qualified name `Mod.f`) names a module that is neither a file of
        the project (`billing/invoice.mpl` is `Billing.Invoice`) nor a standard-library
        module. Module names follow the file path in PascalCase.
        """,
        example="""
        import Billing.Nowhere

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0032",
        "`break` outside a loop",
        headline="`break` outside of loop",
        label="`break` can only be used inside a `while` loop",
        help="move this `break` inside a loop body",
        explanation="""
        `break` leaves the innermost `while` or `for` loop of the same function. It cannot
        appear outside a loop, nor inside a closure written in a loop (the closure may run
        after the loop is over).
        """,
        example="""
        fn main() do
          break
        end
        """,
    ),
    Entry(
        "E0033",
        "`continue` outside a loop",
        headline="`continue` outside of loop",
        label="`continue` can only be used inside a `while` loop",
        help="move this `continue` inside a loop body",
        explanation="""
        `continue` starts the next iteration of the innermost `while` or `for` loop of the
        same function; like `break` it is invalid outside a loop or inside a closure
        written in one.
        """,
        example="""
        fn main() do
          continue
        end
        """,
    ),
    Entry(
        "E0034",
        "Name not defined by the module",
        headline="name not found in module",
        label="`{name}` is not exported by module `{module}`",
        message="`{name}` is not exported by module `{module}`",
        forms={
            "listing_exports": Wording(
                headline="name not found in module",
                label="`{name}` is not exported by module `{module}`; available: {exports}",
                message="`{name}` is not exported by module `{module}`; available: {exports}",
                note="available exports: {exports}",
            ),
        },
        explanation="""
        `from Mod import name` (or `Mod.name`) names something the module does not define.
        The note lists what the module exports.
        """,
        example="""
        from String import frobnicate

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0035",
        "Private item imported",
        headline="private item cannot be imported",
        label="`{name}` is private in module `{module}`; add `pub` to make it accessible",
        help="add `pub` to `{name}` in module `{module}` to make it accessible",
        message="`{name}` is private in module `{module}`; add `pub` to make it accessible",
        explanation="""
        Only `pub` items of a module are visible to other modules. Mark the function,
        struct or type `pub` in the module that defines it.
        """,
        example="""
        # util/secrets.mpl
        fn hidden() = 42

        # main.mpl
        from Util.Secrets import hidden

        fn main() do
          println("#{hidden()}")
        end
        """,
    ),
)
