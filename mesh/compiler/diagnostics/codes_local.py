"""Catalogue entries E0100–E0199: rules this compiler checks where the specification's
table (02 §17.4) has no code. They were reported as the catch-all `E0000` before the
catalogue existed; each now has its own code so that `mesh explain` can describe it.

New codes for such rules continue the range (the spec's own numbering stays below E0100
and grows with the spec)."""

from __future__ import annotations

from mesh.compiler.diagnostics.entry import Entry, Wording

_WHERE_HELP = (
    "a typed `Query.where` lambda may compare fields (`x.f`) with `== != < <= > >=`, "
    "combine conditions with `and`, `or`, `not`, and use a Bool field as a condition; "
    "other values must not mention the lambda's parameter"
)

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "E0100",
        "No `fn main()` in the entry module",
        headline="entry module `{module}` must define `fn main()`",
        label="no `main` function",
        help='add the entry function, e.g. `fn main() do println("started") end`',
        explanation="""
        A program starts by calling `main()` of its entry module (`main.mpl`, or the file
        given to `mesh run`). Define it there, with no parameters; command-line arguments
        are available from `Env.args()`.
        """,
        example="""
        fn helper() -> Int do
          1
        end
        """,
    ),
    Entry(
        "E0101",
        "Refutable pattern in `let`",
        headline="refutable pattern in `let`",
        label="this pattern may not match",
        help="`let` accepts names, `_` and tuples of those; use `case` for other patterns",
        explanation="""
        A `let` binding has no place to go when its pattern does not match, so it accepts
        only patterns that always match: names, `_` and tuples of those. Use `case` to
        take apart an `Option`, a `Result`, a literal or a variant.
        """,
        example="""
        fn main() do
          let (a, 1) = (1, 1)
          println("#{a}")
        end
        """,
    ),
    Entry(
        "E0102",
        "Name bound twice in one pattern",
        headline="`{name}` is bound more than once in this pattern",
        label="bound again here",
        help="use a different name, or compare in a guard",
        explanation="""
        A pattern binds each name at most once; Mesh has no implicit equality test for a
        repeated name (as Erlang does). Bind two names and compare them in a guard:
        `(a, b) when a == b -> ...`.
        """,
        example="""
        fn main() do
          case (1, 1) do
            (a, a) -> println("same")
            _ -> println("different")
          end
        end
        """,
    ),
    Entry(
        "E0103",
        "`return` outside a function",
        headline="`return` outside of a function",
        label="not in a function",
        explanation="""
        `return` leaves the enclosing function or closure. The grammar has no place
        outside a function where an expression can be written, so a program cannot cause
        this today: the parser rejects the example (P0001). The type checker keeps the
        check so that a future top-level expression (a constant, a default value) cannot
        return from nowhere.
        """,
        example="""
        const ANSWER = return 42
        """,
        reported_as="P0001",
        output="Parse error: expected an item at top level",
    ),
    Entry(
        "E0104",
        "Index expressions are not supported",
        headline="index expressions are not supported; use List.get / Map.get",
        label="index expression",
        help="use List.get(list, i) or Map.get(map, key)",
        forms={
            # the container's type is known: the call is written out
            "written": Wording(
                headline="index expressions are not supported; use List.get / Map.get",
                label="index expression",
                help="call the lookup, which returns an Option: `{fix}`",
            ),
        },
        explanation="""
        Mesh has no `a[i]` syntax: a lookup that can fail returns an `Option`, so it is a
        function call whose result you match on — `List.get(xs, i)`, `Map.get(m, key)`.
        """,
        example="""
        fn main() do
          let xs = [1, 2, 3]
          println("#{xs[0]}")
        end
        """,
    ),
    Entry(
        "E0105",
        "Inline module block",
        headline="inline module blocks are not supported; put the module in its own file",
        label="inline module block",
        explanation="""
        A module is a file: `billing/invoice.mpl` is the module `Billing.Invoice`.
        `module Name do ... end` blocks inside a file are parsed but not supported; move
        the contents into their own file and `import` it.
        """,
        example="""
        module Helpers do
          pub fn one() = 1
        end

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0106",
        "Invalid regex literal",
        headline="invalid regex literal",
        label="invalid regex",
        explanation="""
        A `~r/.../flags` literal is compiled when the program is built, so a pattern the
        regular-expression engine rejects (an unbalanced parenthesis, a bad escape, an
        unknown flag) is a compile error; the note gives the engine's message.
        """,
        example="""
        fn main() do
          let r = ~r/(unclosed/
          println("x")
        end
        """,
    ),
    Entry(
        "E0107",
        "Service without `fn init`",
        headline="service `{name}` has no `fn init`",
        label="missing `fn init`",
        help="add the function that creates its state, e.g. `fn init() -> Int do 0 end` "
        "(returning the type of the service's state)",
        explanation="""
        `Service.start(...)` calls the service's `fn init` with its arguments to build the
        initial state, so every service defines one.
        """,
        example="""
        service Counter do
          call Get() :: Int do |n|
            (n, n)
          end
        end

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0108",
        "Service handler clashes with a generated function",
        headline="service handler `{handler}` clashes with generated function `{function}`",
        label="`{service}.{function}` already exists",
        help="rename the handler",
        explanation="""
        Each `call`/`cast` handler `Name` of a service generates a client function
        `Service.name` (snake case), next to the generated `Service.start`. Two handlers
        whose names give the same function, or a handler named `Start`, would clash.
        """,
        example="""
        service Counter do
          fn init() -> Int do
            0
          end

          call Start() :: Int do |n|
            (n, n)
          end
        end

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0109",
        "Actor called like a function",
        headline="actor `{name}` cannot be called like a function",
        label="this would run the actor body inline",
        help="start it as a process: `{fix}`",
        forms={
            # an argument spans lines: the call is not written out
            "arguments_unknown": Wording(
                headline="actor `{name}` cannot be called like a function",
                label="this would run the actor body inline",
                help="start it as a process: `spawn` takes the actor and then its arguments",
            ),
        },
        explanation="""
        An actor body runs in its own process, with its own mailbox. Calling it directly
        would run its `receive` loop in the caller instead; start it with `spawn` and
        talk to it with `send`. (An actor may call itself, to loop.)
        """,
        example="""
        actor echo() do
          receive do
            m -> println(m)
          end
        end

        fn main() do
          echo()
        end
        """,
    ),
    Entry(
        "E0110",
        "Function sent to another node",
        headline="functions cannot be sent to another node",
        label="a closure cannot cross nodes (spec 07 §8)",
        explanation="""
        Values sent to another node are encoded on the wire; functions and closures are
        not (the other node may run a different build). Pass data, and let the remote
        function decide what to run.
        """,
        example="""
        pub fn work(f :: Fun(Int) -> Int) -> Int do
          f(1)
        end

        fn main() do
          Node.spawn("other@127.0.0.1", work, fn x -> x + 1 end)
        end
        """,
    ),
    Entry(
        "E0111",
        "`for {k, v}` needs two names",
        headline="`for {{k, v}}` needs exactly two names",
        label="expected `{{key, value}}`",
        explanation="""
        Iterating over a map binds each entry as `{key, value}`: exactly two names (or
        `_`).
        """,
        example="""
        fn main() do
          let m = %{"a" => 1}
          for {k, v, w} in m do
            println(k)
          end
        end
        """,
    ),
    Entry(
        "E0112",
        "Duplicate field or variant",
        headline="duplicate {what} `{name}` in `{type}`",
        label="`{name}` is already declared above",
        explanation="""
        A struct's fields, and a sum type's variants, need distinct names: `p.x` or the
        pattern `Red` must mean one thing.
        """,
        example="""
        struct Point do
          x :: Int
          x :: Int
        end

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0113",
        "Module imports itself",
        headline="Module '{module}' cannot import itself",
        label="self import",
        explanation="""
        A module's own names are always in scope; importing the module into itself is a
        mistake (often a copied import line). `mesh build` finds it while ordering the
        modules, before type checking, and reports it as the tool error C0001 with the same
        words (spec 08 §2.1). E0113 is the type checker's own guard; the REPL, which
        checks without ordering modules, reports it.
        """,
        example="""
        import Main

        fn main() do
          println("x")
        end
        """,
        reported_as="C0001",
        output="error: Module 'Main' cannot import itself",
    ),
    Entry(
        "E0114",
        "Two imports with the same name",
        headline="two imports are both named `{name}`",
        label="`{name}` is already imported",
        forms={
            # the secondary label under the earlier import
            "first_import": Wording(label="first import here"),
        },
        explanation="""
        `import A.B.Name` makes the module available as `Name`, so two imports whose last
        segments agree would make `Name.f` ambiguous. Import one of them with `from ...
        import f` instead.
        """,
        example="""
        # billing/util.mpl
        pub fn total() = 1

        # shipping/util.mpl
        pub fn weight() = 2

        # main.mpl
        import Billing.Util
        import Shipping.Util

        fn main() do
          println("#{Util.total()}")
        end
        """,
    ),
    Entry(
        "E0115",
        "`Tuple.nth` needs a literal index",
        headline="`Tuple.nth` needs a literal index on `{type}`",
        label="the elements have different types",
        help="use a literal index (`Tuple.nth(t, 0)`) or destructure with a pattern",
        explanation="""
        The type of `Tuple.nth(t, i)` is the type of the i-th element, so when the elements
        have different types the index must be a literal the compiler can read.
        """,
        example="""
        fn main() do
          let t = (1, "one")
          let i = 0
          let x = Tuple.nth(t, i)
          println("x")
        end
        """,
    ),
    Entry(
        "E0116",
        "Unknown time unit",
        headline='{function}: unknown unit "{unit}"; valid units are :ms, :second, :minute, '
        ":hour, :day, :week",
        label="unknown unit",
        explanation="""
        `DateTime.add` and `DateTime.diff` take the unit as an atom, one of `:ms`,
        `:second`, `:minute`, `:hour`, `:day` or `:week`; a literal atom outside that list
        is rejected when the program is built.
        """,
        example="""
        fn main() do
          let now = DateTime.utc_now()
          let later = DateTime.add(now, 2, :fortnight)
          println("x")
        end
        """,
    ),
    Entry(
        "E0117",
        "Not supported by this compiler",
        headline="`self` outside an impl method is not supported yet",
        label="not supported yet",
        help="this part of Mesh is not implemented in this version of the compiler",
        forms={
            "static_method": Wording(
                headline="static method `{name}` is not supported yet",
                label="not supported yet",
                help="this part of Mesh is not implemented in this version of the compiler",
            ),
        },
        explanation="""
        The construct is valid Mesh syntax but this compiler does not implement it yet:
        `self` outside an impl method, or a static method call on a type that has none.
        """,
        example="""
        fn main() do
          println("#{self}")
        end
        """,
    ),
    Entry(
        "E0150",
        "Query.where predicate cannot be translated to SQL",
        headline="Query.where predicate cannot be translated to SQL",
        label="this has no SQL translation",
        help=_WHERE_HELP,
        forms={
            "not_a_lambda": Wording(
                headline="Query.where predicate cannot be translated to SQL",
                label="the predicate must be written as `fn(x) do … end`",
                help=_WHERE_HELP,
            ),
            "parameters": Wording(
                headline="Query.where predicate cannot be translated to SQL",
                label="the predicate must take one parameter and no guard",
                help=_WHERE_HELP,
            ),
            "unknown_field": Wording(
                headline="Query.where predicate cannot be translated to SQL",
                label="`{field}` is not a field of the queried struct",
                help=_WHERE_HELP,
            ),
        },
        explanation="""
        On a typed query (`Query<T>`, from `Query.select(Struct)`), `Query.where` takes a
        lambda that the compiler translates into a SQL `WHERE` clause (spec 06 §3.14). Only
        what SQL can evaluate translates: field accesses on the parameter (`u.age`), the
        comparisons `== != < <= > >=`, `and`/`or`/`not`, and Bool fields; values that do not
        mention the parameter are computed in Mesh and sent as query parameters. A call on
        a field (`String.length(u.name)`), an unknown field, or a predicate that is not
        written as a lambda cannot be translated. Compute such values before the query, or
        filter the returned rows in Mesh.
        """,
        example="""
        struct User do
          name :: String
          age :: Int
        end deriving(Schema)

        fn main() do
          let q = Query.select(User) |> Query.where(fn(u) do String.length(u.name) > 3 end)
          println(Query.to_sql(q))
        end
        """,
    ),
)
