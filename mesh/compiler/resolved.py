"""What names resolved to: the checker's annotations that codegen reads.

The checker stores one of these in `Name.res`, `Field.res`, `Call.res`, `PVar.res`,
`PCtor.res` and `StructLit.res`. Codegen dispatches on the class; it never looks names up
itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocalRes:
    """A local variable or parameter. `uid` makes shadowed bindings distinct."""

    name: str
    uid: int


@dataclass(frozen=True)
class FnRes:
    """A top-level (or local, `module == ""`) user function, keyed by name and arity."""

    module: str  # Mesh module name, e.g. "Main", "Api.Router"; "" for a local fn
    name: str
    arity: int
    uid: int = 0  # for local functions


@dataclass(frozen=True)
class BuiltinRes:
    """A stdlib/prelude function: `qualname` is "String.length", "println", ...

    `py_module`/`py_name` locate the runtime implementation
    (`mesh.runtime.stdlib.<py_module>.<py_name>`).
    """

    qualname: str
    py_module: str
    py_name: str


@dataclass(frozen=True)
class CtorRes:
    """A sum-type variant (also Some/None/Ok/Err/Less/Equal/Greater, `module == ""`)."""

    module: str
    type_name: str
    variant: str
    index: int
    arity: int


@dataclass(frozen=True)
class StructRes:
    """A struct type: in `StructLit.res`, or a bare struct name used as a value."""

    module: str
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class FieldRes:
    """`obj.name` is a struct field read."""

    name: str


@dataclass(frozen=True)
class MethodRes:
    """`recv.m(args)` resolved to a call with the receiver first: `target` is the callee."""

    target: object  # BuiltinRes | FnRes


@dataclass(frozen=True)
class DynamicFieldRes:
    """Field access on a value of still-unknown type: resolved at run time."""

    name: str


@dataclass(frozen=True)
class ImplMethodRes:
    """A method of an `impl` block (or, with `type_key == ""`, an interface's default body).

    Codegen emits it as a module-level function of `module`, named from trait, type and
    method, and registers it with the runtime so dynamic dispatch finds it too.
    """

    module: str
    trait: str
    type_key: str
    method: str
    trait_args: str = ""  # `From<Int>` and `From<Float>` for one type are different impls


@dataclass(frozen=True)
class KeywordRes:
    """A keyword call form: `spawn`, `send`, `self`, `link`, `monitor` (callee `Name.res`)."""

    word: str


@dataclass(frozen=True)
class ActorRes:
    """An actor (`spawn(worker, ...)`'s first argument, or a self-call in its own body)."""

    module: str
    name: str


@dataclass(frozen=True)
class SupervisorRes:
    module: str
    name: str


@dataclass(frozen=True)
class ServiceFnRes:
    """A generated service client function: `Svc.start`, or a `call`/`cast` helper."""

    module: str
    service: str
    fn: str  # "start" or the snake_case handler name
    kind: str  # "start" | "call" | "cast"


@dataclass(frozen=True)
class FromJsonRes:
    """`T.from_json` for a type deriving Json: decode with the type's generated spec."""

    module: str
    type_name: str


@dataclass(frozen=True)
class FromRowRes:
    """`T.from_row` for a struct deriving Row (spec 06 §3.6): `mesh.runtime.row`."""

    module: str
    type_name: str


@dataclass(frozen=True)
class SchemaRes:
    """`T.__table__` & co. of a struct deriving Schema (spec 06 §3.7): the value is known at
    compile time (a string, or a tuple of strings for the list-valued functions)."""

    module: str
    type_name: str
    fn: str
    value: str | tuple[str, ...]
