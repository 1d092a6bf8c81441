"""Catalogue entries for errors in definitions and their use (spec 02 §17.4): multi-clause
functions, deriving, interfaces, impls and methods, associated types, conversions, `?`,
slot pipes and type aliases."""

from __future__ import annotations

from mesh.compiler.diagnostics.entry import Entry, Wording

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "E0022",
        "Catch-all clause is not the last",
        headline="catch-all clause must be the last clause of function `{name}/{arity}`",
        label="clauses after a catch-all are unreachable",
        message="catch-all clause must be the last clause of function `{name}/{arity}`; "
        "clauses after a catch-all are unreachable",
        explanation="""
        Clauses of a multi-clause function are tried in order, so a clause whose patterns
        match everything makes every later clause unreachable. Move it to the end.
        """,
        example="""
        fn describe(n) = "number"
        fn describe(0) = "zero"

        fn main() do
          println(describe(0))
        end
        """,
    ),
    Entry(
        "E0023",
        "Clauses of a function are not consecutive",
        headline="function `{name}/{arity}` already defined; multi-clause functions must have "
        "consecutive clauses",
        label="non-consecutive redefinition here",
        forms={
            # an actor and a function of one module share a namespace
            "actor": Wording(
                headline="function `{name}/{arity}` already defined",
                label="actor name clashes with a function",
            ),
            # the secondary label under the first clause
            "first_definition": Wording(label="first definition here"),
        },
        explanation="""
        The clauses of one multi-clause function must follow one another; another item
        between them makes the later clauses a second definition of the same name and
        arity (an actor with the name of a function is reported the same way).
        """,
        example="""
        fn f(0) = "zero"

        fn other() = 1

        fn f(n) = "many"

        fn main() do
          println(f(1))
        end
        """,
    ),
    Entry(
        "E0024",
        "Clauses take different numbers of parameters",
        headline="all clauses of `{name}` must have the same number of parameters; "
        "expected {expected}, found {found}",
        label="expected {expected} parameters",
        explanation="""
        The clauses of one multi-clause function (or multi-clause closure) must all take
        the same number of parameters. A function with another arity needs another name
        or must not be placed between the clauses.
        """,
        example="""
        fn pick(0) = "zero"
        fn pick(1, n) = "one"

        fn main() do
          println(pick(0))
        end
        """,
    ),
    Entry(
        "E0025",
        "Guard is not a Bool",
        headline="guard expression must return `Bool`, found `{type}`",
        label="expected Bool",
        explanation="""
        The expression after `when` must have type `Bool`; there is no truthiness.
        """,
        example="""
        fn main() do
          let s = case 3 do
            x when x + 1 -> "odd"
            _ -> "other"
          end
          println(s)
        end
        """,
    ),
    Entry(
        "E0026",
        "Duplicate impl",
        headline="duplicate impl: `{trait}` is already implemented for `{type}`",
        label="previously defined for `{type}`",
        help="remove one of the conflicting impl blocks",
        message="duplicate impl: `{trait}` is already implemented for `{type}` (previously "
        "defined for `{type}`)",
        forms={
            # the label marks the earlier impl instead
            "beside_previous": Wording(
                headline="duplicate impl: `{trait}` is already implemented for `{type}`",
                help="remove one of the conflicting impl blocks",
                message="duplicate impl: `{trait}` is already implemented for `{type}` (previously "
                "defined for `{type}`)",
            ),
        },
        explanation="""
        A type may implement an interface only once, whether by `impl`, by `deriving` or
        by a built-in implementation (`Display for Int` exists already).
        """,
        example="""
        impl Display for Int do
          fn to_string(self) -> String do
            "int"
          end
        end

        fn main() do
          println(5.to_string())
        end
        """,
    ),
    Entry(
        "E0027",
        "Ambiguous method",
        headline="ambiguous method `{method}` for type `{type}`: candidates from traits [{traits}]",
        label="multiple traits provide `{method}`",
        help="use qualified syntax: {alternatives} (here: `{call}`)",
        forms={
            # a receiver or argument spans lines: the call is not written out
            "source_unknown": Wording(
                headline="ambiguous method `{method}` for type `{type}`: candidates from traits [{traits}]",
                label="multiple traits provide `{method}`",
                help="use qualified syntax: {alternatives}",
            ),
            # `x.into()` / `x.try_into()` with several conversions and no expected type to choose
            "into": Wording(
                headline="ambiguous method `{method}` for type `{type}`: candidates from traits [{traits}]",
                label="multiple traits provide `{method}`",
                help="annotate the target type, e.g. `let converted :: {target} = {value}.into()`, "
                "or convert explicitly: `{target}.from({value})`",
            ),
            "try_into": Wording(
                headline="ambiguous method `{method}` for type `{type}`: candidates from traits [{traits}]",
                label="multiple traits provide `{method}`",
                help="name the target type: convert explicitly with `{target}.try_from({value})`",
            ),
        },
        explanation="""
        Several interfaces implemented by the receiver's type provide a method of this
        name, so `value.method()` does not say which is meant. Call it qualified,
        `Trait.method(value)`. For `value.into()` the target type must be known: annotate
        the binding, `let x :: Target = value.into()`.
        """,
        example="""
        struct Meters do
          value :: Int
        end

        impl From<Int> for Meters do
          fn from(n :: Int) -> Meters do
            Meters { value: n }
          end
        end

        fn main() do
          let x = 5.into()
          println("#{x}")
        end
        """,
    ),
    Entry(
        "E0028",
        "Interface cannot be derived",
        headline="cannot derive `{trait}` for `{type}`",
        label="`{trait}` is not a derivable trait",
        help="only Eq, Ord, Display, Debug, Hash, Json, and Row are derivable",
        message="cannot derive `{trait}` for `{type}` -- only Eq, Ord, Display, Debug, Hash, "
        "Json, and Row are derivable",
        explanation="""
        `deriving(...)` generates implementations only for Eq, Ord, Display, Debug, Hash,
        Json, Row and (on structs) Schema. Write an `impl` block for anything else.
        """,
        example="""
        type Shape do
          Circle
          Square
        end deriving(Clone)

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0029",
        "Ord derived without Eq",
        headline="cannot derive `Ord` for `{type}` without `Eq`",
        label="`Ord` requires `Eq` for its implementation",
        help="add `Eq` to the deriving list: deriving(Eq, Ord)",
        message="deriving `Ord` for `{type}` requires `Eq` to also be derived",
        explanation="""
        An ordering needs equality: derive both, `deriving(Eq, Ord)`.
        """,
        example="""
        struct Score do
          points :: Int
        end deriving(Ord)

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0030",
        "No such method",
        headline="no method `{method}` on type `{type}`",
        label="method `{method}` not found",
        help="type `{type}` has no trait impl providing `{method}`",
        explanation="""
        `value.method()` resolves through the interfaces the value's type implements (and
        a few built-in methods such as `to_string`). Standard-library functions are called
        on their module: `String.length(s)`, not `s.length()`.
        """,
        example="""
        fn main() do
          let n = 5
          println(n.frobnicate())
        end
        """,
    ),
    Entry(
        "E0036",
        "`?` in a function that does not return Result or Option",
        headline="`?` operator requires function to return `Result` or `Option`",
        label="cannot use `?` here",
        message="`?` operator requires function to return `Result` or `Option`, found `{returns}`",
        note="the enclosing function returns `{returns}`, but `?` requires `Result<_, _>` or "
        "`Option<_>`",
        forms={
            # `?` at the top level of a script, outside any function
            "outside_function": Wording(
                headline="`?` operator requires function to return `Result` or `Option`",
                label="cannot use `?` here",
            ),
        },
        explanation="""
        `expr?` returns early with the error (or `None`) of its operand, so the enclosing
        function must return a compatible `Result` (whose error type the operand's error
        converts into with `From`) or an `Option`. Annotate the function's return type,
        or handle the value with `case`.
        """,
        example="""
        fn parse(s :: String) -> Int do
          let n = String.to_int(s)?
          n
        end

        fn main() do
          println("#{parse("1")}")
        end
        """,
    ),
    Entry(
        "E0037",
        "`?` on a value that is not Result or Option",
        headline="`?` requires `Result` or `Option`",
        label="type `{type}` is not `Result` or `Option`",
        help="the `?` operator can only be used on `Result<T, E>` or `Option<T>` values",
        message="`?` operator requires `Result` or `Option`, found `{type}`",
        explanation="""
        `?` unwraps an `Ok`/`Some` and returns early on `Err`/`None`; any other value has
        nothing to unwrap.
        """,
        example="""
        fn run(s :: String) -> Result<Int, String> do
          let t = s?
          Ok(1)
        end

        fn main() do
          println("#{run("1")}")
        end
        """,
    ),
    Entry(
        "E0038",
        "Value cannot be encoded as JSON",
        headline="{what} of type `{type}` is not JSON-serializable",
        label="`{type}` is not serializable",
        help="type `{type}` does not derive Json; add `deriving(Json)` to its definition, or "
        "use a serializable type (Int, Float, Bool, String, Option<T>, List<T>, "
        "Map<String, V>)",
        explanation="""
        `deriving(Json)` (and `Json.encode` of a value) needs every field to be
        JSON-encodable: Int, Float, Bool, String, Option, List, Map with String keys, or a
        type that itself derives Json. Pids, functions and tuples are not.
        """,
        example="""
        struct Job do
          worker :: Pid
          name :: String
        end deriving(Json)

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0039",
        "Field cannot come from a database column",
        headline="field `{field}` has type `{type}` which cannot be mapped from a database row",
        label="`{type}` cannot be mapped from a row",
        help="Row fields must be String, Int, Float, Bool, or Option of those",
        forms={
            # `Query.select(Struct)`: `Repo.all` decodes every field of the struct
            "query_select": Wording(
                headline="field `{field}` has type `{type}` which cannot be mapped from a database row",
                label="`{struct}` cannot be decoded by `Repo.all`",
                help="Row fields must be String, Int, Float, Bool, or Option of those",
            ),
        },
        explanation="""
        `deriving(Row)` decodes each field from one column, so fields must be scalars
        (String, Int, Float, Bool) or an `Option` of one (for NULL). Store lists as JSON
        text, or load them with a second query.
        """,
        example="""
        struct Post do
          title :: String
          tags :: List<String>
        end deriving(Row)

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0040",
        "Impl lacks an associated type",
        headline="impl `{trait}` for `{type}` is missing associated type `{assoc}`",
        label="missing `type {assoc} = ...`",
        help="add `type {assoc} = <ConcreteType>` to the impl block",
        explanation="""
        The interface declares an associated type (`type Out`), so each `impl` must bind it
        (`type Out = Int`). Operator interfaces such as `Add` require `Output`.
        """,
        example="""
        interface Source do
          type Out
          fn pull(self) -> Self.Out
        end

        impl Source for Int do
          fn pull(self) -> Int do
            self
          end
        end

        fn main() do
          println("#{5.pull()}")
        end
        """,
    ),
    Entry(
        "E0041",
        "Impl binds an undeclared associated type",
        headline="impl `{trait}` for `{type}` provides associated type `{assoc}` which is not "
        "declared by the trait",
        label="`{assoc}` is not declared by `{trait}`",
        explanation="""
        An `impl` may bind only the associated types its interface declares.
        """,
        example="""
        interface Source do
          type Out
          fn pull(self) -> Self.Out
        end

        impl Source for Int do
          type Out = Int
          type Extra = String
          fn pull(self) -> Int do
            self
          end
        end

        fn main() do
          println("#{5.pull()}")
        end
        """,
    ),
    Entry(
        "E0042",
        "Associated type cannot be resolved",
        headline="cannot resolve associated type `{assoc}`",
        label="`Self.{assoc}` outside an impl",
        message="cannot resolve associated type `{assoc}` -- Self.Item can only be used inside "
        "an impl block",
        explanation="""
        `Self.Item` (or any `Self.X`) names an associated type of the type being
        implemented, so it means something only inside an interface or `impl` block.
        """,
        example="""
        fn first(xs :: List<Int>) -> Self.Item do
          0
        end

        fn main() do
          println("#{first([1])}")
        end
        """,
    ),
    Entry(
        "E0043",
        "Slot position conflicts with an argument",
        headline="slot position {position} conflicts with an argument already provided to `{name}`",
        explanation="""
        Listed by the specification for the reference compiler, which rejects a slot pipe
        `x |N> f(...)` whose position is already taken by an explicit argument. This
        compiler never reports it: `|N>` inserts the piped value as the N-th argument and
        shifts the explicit ones after it (spec 01 §7.5), so positions cannot conflict. A
        position beyond the function's arity is E0044. The example builds and runs here:
        `7 |2> scale(3)` is `scale(3, 7)`.
        """,
        example="""
        fn scale(factor :: Int, value :: Int) -> Int do
          factor * value
        end

        fn main() do
          println("#{7 |2> scale(3)}")
        end
        """,
        output="21",
        accepted=True,
    ),
    Entry(
        "E0044",
        "Slot pipe position out of range",
        headline="slot position {position} is out of range: `{name}` takes {arity} arguments, "
        "so valid slot positions are 2–{arity}",
        label="slot position out of range",
        help="use |> to pipe as the first argument",
        forms={
            # a function of one argument has no slot: only `|>` can pipe into it
            "no_slot": Wording(
                headline="slot position {position} is out of range: `{name}` takes {arity} argument(s)",
                label="slot position out of range",
                help="use |> to pipe as the first argument",
                message="slot position {position} is out of range: `{name}` takes {arity} argument(s), "
                "so valid slot positions are none — use |> instead",
            ),
        },
        explanation="""
        `x |N> f(a, ...)` passes `x` as the N-th argument of `f`, so N must be between 2
        and the function's arity (use `|>` for the first position).
        """,
        example="""
        fn scale(factor :: Int, value :: Int) -> Int do
          factor * value
        end

        fn main() do
          let a = 7 |4> scale(1)
          println("#{a}")
        end
        """,
    ),
    Entry(
        "E0045",
        "Type alias to an undefined type",
        headline="type alias `{alias}` references undefined type `{type}`",
        label="`{type}` is not defined",
        help="define `{type}` as a struct, sum type, or type alias before using it here",
        forms={
            "cyclic": Wording(
                headline="type alias `{alias}` is cyclic",
                label="`{alias}` refers to itself",
                help="an alias must eventually name a concrete type",
            ),
        },
        explanation="""
        A `type A = T` alias names a type that does not exist, or a chain of aliases
        refers back to itself.
        """,
        example="""
        type Temp = Degrees

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0052",
        "Unknown struct",
        headline="unknown struct `{name}`",
        label="`{name}` is not a struct",
        explanation="""
        A struct literal `Name { ... }` names no struct in scope. Define it, or import it
        from the module that does.
        """,
        example="""
        fn main() do
          let p = Pointt { x: 1 }
          println("x")
        end
        """,
    ),
    Entry(
        "W0002",
        "Annotation on a non-first clause",
        severity="warning",
        headline="visibility on non-first clause of `{name}` will be ignored",
        label="only the first clause should have this annotation",
        forms={
            "generics": Wording(
                headline="generic parameters on non-first clause of `{name}` will be ignored",
                label="only the first clause should have this annotation",
            ),
            "return_type": Wording(
                headline="return type annotation on non-first clause of `{name}` will be ignored",
                label="only the first clause should have this annotation",
            ),
            "where_clause": Wording(
                headline="where clause on non-first clause of `{name}` will be ignored",
                label="only the first clause should have this annotation",
            ),
        },
        explanation="""
        Visibility (`pub`), generic parameters, the return type and `where` clauses of a
        multi-clause function are taken from its first clause; written on a later clause
        they are ignored. Move them to the first clause.
        """,
        example="""
        fn pick(1) = "one"
        fn pick<T>(n) = "#{n}"

        fn main() do
          println(pick(1) <> " " <> pick(2))
        end
        """,
    ),
)
