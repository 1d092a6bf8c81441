"""Catalogue entries for type and semantic errors of the core language (spec 02 §17.4):
inference, structs and sum types, patterns, functions, traits and `?`."""

from __future__ import annotations

from mesh.compiler.diagnostics.entry import Entry

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "E0001",
        "Type mismatch",
        headline="expected {expected}, found {found}",
        label="expected {expected}, found {found}",
        message="type mismatch: expected `{expected}`, found `{found}`",
        explanation="""
        A value has a different type from the one its context needs: an argument of the
        wrong type, a `let` annotation that disagrees with the value, two `if` branches or
        `case` arms of different types, a body that does not match the function's return
        annotation. Mesh never converts implicitly (not even Int to Float), so `1 + 2.0`
        is an error too. The help line suggests the usual fix: `Some(...)`, `Ok(...)`,
        `to_string()` or a numeric conversion.
        """,
        example="""
        fn main() do
          let count :: Int = "three"
          println("#{count}")
        end
        """,
    ),
    Entry(
        "E0002",
        "Infinite type",
        headline="infinite type: {var} occurs in {type}",
        label="recursive type here",
        help="a value cannot have a type that refers to itself",
        message="infinite type: `{var}` occurs in `{type}`",
        explanation="""
        Inference would need a type that contains itself, such as a list whose elements
        are lists of itself. This usually means a function is applied to itself or a value
        is put inside itself. Give the data a named recursive type (a sum type with a
        variant that holds the nested value) instead.
        """,
        example="""
        fn main() do
          let f = fn x -> x(x) end
          println("never")
        end
        """,
    ),
    Entry(
        "E0003",
        "Wrong number of arguments",
        headline="expected {expected} argument(s), found {found}",
        label="expected {expected} argument(s)",
        message="arity mismatch: expected {expected} arguments, found {found}",
        explanation="""
        A function, constructor or pattern is applied to more or fewer arguments than it
        takes. Functions are known by name and arity, so `f/1` and `f/2` are two different
        functions; the help line says how many arguments are missing or extra.
        """,
        example="""
        fn add(a :: Int, b :: Int) -> Int do
          a + b
        end

        fn main() do
          println("#{add(1)}")
        end
        """,
    ),
    Entry(
        "E0004",
        "Undefined variable or function",
        headline="undefined variable: {name}",
        label="not found in this scope",
        message="unbound variable `{name}`",
        explanation="""
        A name is used that no `let`, parameter, pattern, function or import introduces in
        this scope. Variables bound inside a block (an `if` branch, a `case` arm, a loop
        body) are not visible after it. When a name within two edits exists, the help line
        suggests it. Standard-library functions are called qualified (`List.length(xs)`),
        apart from the few prelude functions.
        """,
        example="""
        fn main() do
          let total = 3
          println("#{totl}")
        end
        """,
    ),
    Entry(
        "E0005",
        "Calling a value that is not a function",
        headline="type {type} is not callable",
        label="{type} is not a function",
        help="did you mean to call it? Remove the argument list",
        message="`{type}` is not a function",
        explanation="""
        Something whose type is known and is not a function is followed by an argument
        list. Check whether a variable shadows a function of the same name, or whether the
        parentheses are a leftover.
        """,
        example="""
        fn main() do
          let n = 5
          println("#{n(1)}")
        end
        """,
    ),
    Entry(
        "E0006",
        "Missing interface implementation",
        headline="{type} does not implement {trait}",
        label="{type} does not satisfy {trait}",
        help="add `impl {trait} for {type} do ... end`",
        message="type `{type}` does not satisfy trait `{trait}`",
        explanation="""
        An operation needs an interface the type does not implement: `+` needs `Add`, `<`
        needs `Ord`, `==` needs `Eq`, `for` needs `Iterable`, a `where T: Trait` bound needs
        that trait. Strings are joined with `<>`, not `+`. Derive the interface
        (`deriving(Eq, Ord)`) or write an `impl` for your own types.
        """,
        example="""
        fn main() do
          let s = "a" + "b"
          println(s)
        end
        """,
    ),
    Entry(
        "E0007",
        "Impl lacks a required method",
        headline="impl {trait} for {type} is missing method {method}",
        label="missing `{method}`",
        help="add `fn {method}(self) ... end` to the impl block",
        message="impl `{trait}` for `{type}` is missing method `{method}`",
        explanation="""
        An `impl` block must define every method of the interface that has no default
        body. Methods with a default in the interface may be left out.
        """,
        example="""
        interface Describe do
          fn describe(self) -> String
        end

        impl Describe for Int do
        end

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0008",
        "Impl method with the wrong signature",
        headline="method {method} in impl {trait} has wrong signature: expected {expected}, "
        "found {found}",
        label="expected return type {expected}, found {found}",
        message="method `{method}` in impl `{trait}` has wrong signature: expected `{expected}`, "
        "found `{found}`",
        explanation="""
        A method in an `impl` block returns a different type from the one the interface
        declares (after substituting the impl's type for `Self` and its associated types).
        """,
        example="""
        interface Describe do
          fn describe(self) -> String
        end

        impl Describe for Int do
          fn describe(self) -> Int do
            self
          end
        end

        fn main() do
          println("x")
        end
        """,
    ),
    Entry(
        "E0009",
        "Missing or unknown field",
        headline="unknown field {field} in struct {struct}",
        label="`{struct}` has no field `{field}`",
        message="unknown field `{field}` in struct `{struct}`",
        explanation="""
        A struct literal leaves out a field (every field must be given), names a field the
        struct does not declare, or a field access or update `%{s | f: v}` uses a field the
        value's type does not have. Field names are checked against the struct definition.
        """,
        example="""
        struct Point do
          x :: Int
          y :: Int
        end

        fn main() do
          let p = Point { x: 1 }
          println("#{p.x}")
        end
        """,
    ),
    Entry(
        "E0010",
        "Unknown variant",
        headline="unknown variant: {variant}",
        label="not a known variant",
        message="unknown variant `{variant}`",
        explanation="""
        A constructor or pattern names a variant that the sum type does not declare. The
        help line suggests a close variant name when there is one.
        """,
        example="""
        type Light do
          Red
          Green
        end

        fn name(l :: Light) -> String do
          case l do
            Red -> "red"
            Purple(_) -> "purple"
            _ -> "other"
          end
        end

        fn main() do
          println(name(Red))
        end
        """,
    ),
    Entry(
        "E0011",
        "Or-pattern alternatives bind different names",
        headline="or-pattern alternatives bind different variables: [{left}] vs [{right}]",
        label="different bindings",
        help="all alternatives in an or-pattern must bind the same set of variable names",
        message="or-pattern binding mismatch: expected [{left}], found [{right}]",
        explanation="""
        In `p1 | p2` every alternative must bind the same variables, so the arm body can
        use them whichever alternative matched.
        """,
        example="""
        fn main() do
          let r = (1, 2)
          case r do
            (a, 0) | (0, b) -> println("zero")
            _ -> println("other")
          end
        end
        """,
    ),
    Entry(
        "E0012",
        "Non-exhaustive match",
        headline="non-exhaustive match on `{type}`",
        label="missing: {missing}",
        help="add the missing patterns or a wildcard `_` arm",
        message="non-exhaustive match on `{type}`: missing patterns [{missing}]",
        explanation="""
        A `case`, `receive` or multi-clause function does not cover every value of the
        scrutinee's type; the label lists patterns that match none of the arms. Guarded
        arms do not count towards coverage, since their guard may be false. Add the
        missing arms, or a final `_ ->` arm. For a multi-clause function, and for a list
        `case` whose only gap is `[]` next to an `h :: t` arm, the problem is a warning: a
        value that matches nothing fails at run time.
        """,
        example="""
        fn main() do
          let b = true
          let s = case b do
            true -> "yes"
          end
          println(s)
        end
        """,
    ),
    Entry(
        "E0013",
        "Invalid guard",
        headline="invalid guard: {reason}",
        label="this guard may suspend",
        help="compute the value before the case/receive",
        message="invalid guard expression: {reason}",
        explanation="""
        A `when` guard may be any `Bool` expression that cannot wait: no `receive`, no
        service call, no `Timer.sleep` or other suspending call. Guards are evaluated
        while a `receive` scans the mailbox, where waiting would deadlock; compute the
        value before the `case` or `receive` and test the variable.
        """,
        example="""
        fn main() do
          case 3 do
            n when Timer.sleep(n) == () -> println("slept")
            _ -> println("other")
          end
        end
        """,
    ),
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
        "W0001",
        "Redundant match arm",
        severity="warning",
        headline="redundant match arm (arm {number})",
        label="this arm is unreachable",
        help="remove this arm or reorder the match",
        message="redundant match arm at index {index}",
        explanation="""
        Earlier arms already match every value this arm matches, so it never runs. Often
        an arm placed after a catch-all `_`, or a duplicated literal.
        """,
        example="""
        fn main() do
          let s = case 3 do
            _ -> "any"
            3 -> "three"
          end
          println(s)
        end
        """,
    ),
    Entry(
        "W0002",
        "Annotation on a non-first clause",
        severity="warning",
        headline="{what} on non-first clause of `{name}` will be ignored",
        label="only the first clause should have this annotation",
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
