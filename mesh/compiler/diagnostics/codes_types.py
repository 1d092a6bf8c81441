"""Catalogue entries for type and semantic errors of the core language (spec 02 §17.4):
inference, structs and sum types, patterns and their exhaustiveness. Functions, traits,
methods and aliases are in `codes_functions`."""

from __future__ import annotations

from mesh.compiler.diagnostics.entry import Entry, Wording

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "E0001",
        "Type mismatch",
        headline="expected {expected}, found {found}",
        label="expected {expected}, found {found}",
        message="type mismatch: expected `{expected}`, found `{found}`",
        forms={
            "argument": Wording(
                headline="expected {expected}, found {found}",
                label="argument {position} has type {found}, expected {expected}",
                message="type mismatch: expected `{expected}`, found `{found}`",
            ),
            "concatenation": Wording(
                headline="expected {expected}, found {found}",
                label="`<>` and `++` concatenate two Strings or two Lists",
                message="type mismatch: expected `{expected}`, found `{found}`",
            ),
            "annotation": Wording(
                headline="expected {expected}, found {found}",
                label="expected {expected} from annotation",
                message="type mismatch: expected `{expected}`, found `{found}`",
            ),
            "call_handler": Wording(
                headline="expected {expected}, found {found}",
                label="expected {expected}, found {found} (a call handler yields `(new_state, reply)`)",
                message="type mismatch: expected `{expected}`, found `{found}`",
            ),
            # the labels under the two branches say which is which
            "between_labels": Wording(
                headline="expected {expected}, found {found}",
                message="type mismatch: expected `{expected}`, found `{found}`",
            ),
            # `for {k, v} in value` over a user Iterable/Iterator whose items are not pairs
            "pair_items": Wording(
                headline="expected {expected}, found {found}",
                label="`for {{k, v}}` splits items that are 2-tuples; these items are {found}",
                message="type mismatch: expected `{expected}`, found `{found}`",
            ),
            # the secondary labels under the two branches of an `if` (with `between_labels`)
            "then_branch": Wording(label="expected {expected}"),
            "else_branch": Wording(label="found {found}"),
        },
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
        help="missing {missing} argument(s)",
        message="arity mismatch: expected {expected} arguments, found {found}",
        forms={
            "extra_arguments": Wording(
                headline="expected {expected} argument(s), found {found}",
                label="expected {expected} argument(s)",
                help="{extra} extra argument(s)",
                message="arity mismatch: expected {expected} arguments, found {found}",
            ),
        },
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
        forms={
            # `T.__name__` that `deriving(Schema)` does not generate
            "schema_member": Wording(
                headline="undefined variable: {name}",
                label="not found in this scope",
                help="deriving(Schema) generates __table__, __fields__, __primary_key__, __field_types__, "
                "__relationships__, __relationship_meta__ and __<field>_col__ for each field",
                message="unbound variable `{name}`",
            ),
        },
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
        help="implement it: `{fix}`",
        message="type `{type}` does not satisfy trait `{trait}`",
        forms={
            "not_iterable": Wording(
                headline="{type} does not implement Iterable",
                label="{type} is not iterable",
                message="type `{type}` does not satisfy trait `Iterable`",
            ),
            "query_select": Wording(
                headline="`Query.select` needs a struct deriving Schema, not `{type}`",
                label="`{type}` does not derive Schema",
                help="pass a struct name whose definition ends with `deriving(Schema)`",
                message="type `{type}` does not satisfy trait `Schema`",
            ),
            # `deriving(...)` provides the interface: the fix is to add it to the definition
            "not_derived": Wording(
                headline="{type} does not implement {trait}",
                label="`{type}` does not derive {trait}",
                help="add `deriving({trait})` to the definition of `{type}`",
                message="type `{type}` does not satisfy trait `{trait}`",
            ),
            # Eq, Ord and Hash of a program's own type: deriving is the fix that is right
            "derive": Wording(
                headline="{type} does not implement {trait}",
                label="{type} does not satisfy {trait}",
                help="derive it: in the definition of `{name}`, write `deriving({derived})`",
                message="type `{type}` does not satisfy trait `{trait}`",
            ),
            "string_plus": Wording(
                headline="{type} does not implement {trait}",
                label="{type} does not satisfy {trait}",
                help="join Strings with `<>`, not `+`",
                message="type `{type}` does not satisfy trait `{trait}`",
            ),
            # a function type, a built-in container, a built-in operator on a built-in type: no impl
            # the user could write is the fix
            "no_impl_suggestion": Wording(
                headline="{type} does not implement {trait}",
                label="{type} does not satisfy {trait}",
                message="type `{type}` does not satisfy trait `{trait}`",
            ),
        },
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
        help="add the method to the impl block: `{fix}`",
        message="impl `{trait}` for `{type}` is missing method `{method}`",
        forms={
            # a static method, or a signature a placeholder body cannot satisfy
            "signature_unknown": Wording(
                headline="impl {trait} for {type} is missing method {method}",
                label="missing `{method}`",
                help="add the method `{method}` that `{trait}` declares to the impl block",
            ),
        },
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
        forms={
            "no_such_field": Wording(
                headline="type {type} has no field {field}",
                label="no field `{field}`",
                message="type `{type}` has no field `{field}`",
            ),
            "missing": Wording(
                headline="missing field {field} in struct {struct}",
                label="field `{field}` is required",
                help="give every field a value: `{fix}`",
                message="missing field `{field}` in struct `{struct}`",
            ),
            # a field whose type has no simple value to write in
            "missing_unwritten": Wording(
                headline="missing field {field} in struct {struct}",
                label="field `{field}` is required",
                help="give every field of `{struct}` a value, `{field}` included",
                message="missing field `{field}` in struct `{struct}`",
            ),
            # `%{base | f: v}` where `base` is not a struct
            "not_a_struct": Wording(
                headline="type {type} has no fields",
                label="not a struct",
                message="type `{type}` has no fields",
            ),
        },
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
        forms={
            # exhaustive only because `h :: t` is lenient (spec 02 §15): the `[]` case is missing
            "cons_only": Wording(
                headline="non-exhaustive match on `{type}`",
                label="missing: {missing}",
                help="a `h :: t` pattern matches only non-empty lists; add an arm for `[]`",
                message="non-exhaustive match on `{type}`: missing patterns [{missing}]",
            ),
        },
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
        headline="invalid guard: guard must not suspend",
        label="this guard may suspend",
        help="compute the value before the case/receive",
        message="invalid guard expression: guard must not suspend",
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
)
