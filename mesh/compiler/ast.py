"""The Mesh abstract syntax tree.

Nodes are plain dataclasses carrying a `span`. The parser builds them; the type checker
annotates expression nodes in place (`ty`: the inferred type, `res`: what a name or
member access resolved to) so the typed tree is the hand-off to codegen. Codegen never
re-infers.

Pipes are desugared by the parser into `Call`s (`slot` records a `|N>` position so the
checker can report E0044); keyword call forms (`spawn(...)`, `send(...)`, `self()`,
`link(...)`, `monitor(...)`) are `Call`s whose callee is a `Name` of that keyword.
Trailing closures are appended to `Call.args`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mesh.compiler.source import Span

# ---------------------------------------------------------------------------
# Type expressions (annotations)


@dataclass(eq=False)
class TypeExpr:
    span: Span


@dataclass(eq=False)
class TName(TypeExpr):
    """`Int`, `List<T>`, `Mod.Type`, `Self.Item`. `T?`/`T!E` desugar to Option/Result."""

    path: list[str]
    args: list[TypeExpr] = field(default_factory=list)


@dataclass(eq=False)
class TTuple(TypeExpr):
    items: list[TypeExpr]  # [] is Unit


@dataclass(eq=False)
class TFun(TypeExpr):
    params: list[TypeExpr]
    ret: TypeExpr


# ---------------------------------------------------------------------------
# Patterns


@dataclass(eq=False)
class Pattern:
    span: Span
    ty: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class PWild(Pattern):
    pass


@dataclass(eq=False)
class PVar(Pattern):
    """A binding — unless the checker finds `name` is a variant in scope (`res` is then set)."""

    name: str
    res: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class PLit(Pattern):
    """Literal pattern; `value` is an int, float, str, bool or None (`nil`)."""

    value: Any


@dataclass(eq=False)
class PAtom(Pattern):
    name: str


@dataclass(eq=False)
class PTuple(Pattern):
    items: list[Pattern]


@dataclass(eq=False)
class PList(Pattern):
    items: list[Pattern]


@dataclass(eq=False)
class PCtor(Pattern):
    """`Some(p)`, `Shape.Circle(r)`, `Shape.Dot`. `args is None` for a bare variant."""

    path: list[str]
    args: list[Pattern] | None
    res: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class PCons(Pattern):
    head: Pattern
    tail: Pattern


@dataclass(eq=False)
class POr(Pattern):
    alts: list[Pattern]


@dataclass(eq=False)
class PAs(Pattern):
    pattern: Pattern
    name: str
    res: Any = field(default=None, init=False, repr=False)


# ---------------------------------------------------------------------------
# Expressions


@dataclass(eq=False)
class Expr:
    span: Span
    ty: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class IntLit(Expr):
    value: int


@dataclass(eq=False)
class FloatLit(Expr):
    value: float


@dataclass(eq=False)
class BoolLit(Expr):
    value: bool


@dataclass(eq=False)
class NilLit(Expr):
    pass


@dataclass(eq=False)
class StringLit(Expr):
    """A string with interpolation: `parts` alternate literal `str` pieces and `Expr`s."""

    parts: list[Any]


@dataclass(eq=False)
class AtomLit(Expr):
    name: str


@dataclass(eq=False)
class RegexLit(Expr):
    pattern: str
    flags: str


@dataclass(eq=False)
class Name(Expr):
    name: str
    res: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class SelfRef(Expr):
    """Bare `self`: the method receiver."""


@dataclass(eq=False)
class TupleLit(Expr):
    items: list[Expr]  # [] is Unit `()`


@dataclass(eq=False)
class ListLit(Expr):
    items: list[Expr]


@dataclass(eq=False)
class MapLit(Expr):
    entries: list[tuple[Expr, Expr]]


@dataclass(eq=False)
class StructLit(Expr):
    path: list[str]
    fields: list[tuple[str, Expr, Span]]
    res: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class StructUpdate(Expr):
    base: Expr
    fields: list[tuple[str, Expr, Span]]


@dataclass(eq=False)
class JsonLit(Expr):
    """`json { k: v }` and the brace object `{k: v}`."""

    fields: list[tuple[str, Expr, Span]]


@dataclass(eq=False)
class Field(Expr):
    """`obj.name` — field access, module member, `Type.Variant`; the checker sets `res`."""

    obj: Expr
    name: str
    name_span: Span
    res: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class Call(Expr):
    callee: Expr
    args: list[Expr]
    kwargs: list[tuple[str, Expr, Span]] = field(default_factory=list)
    slot: tuple[int, Span] | None = None  # `|N>` insertion, for E0044
    res: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class Index(Expr):
    obj: Expr
    index: Expr


@dataclass(eq=False)
class Try(Expr):
    """Postfix `expr?`."""

    expr: Expr
    res: Any = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class Unary(Expr):
    op: str  # "-", "not" (`!` is normalised to "not")
    operand: Expr


@dataclass(eq=False)
class Binary(Expr):
    """`op` is the source operator, normalised: `&&`→`and`, `||`→`or`, `++`→`<>`."""

    op: str
    left: Expr
    right: Expr


@dataclass(eq=False)
class Block(Expr):
    stmts: list[Any]  # Expr | Let | FnDef


@dataclass(eq=False)
class If(Expr):
    cond: Expr
    then: Block
    else_: Expr | None  # Block, or an If for `else if`


@dataclass(eq=False)
class Arm:
    pattern: Pattern
    guard: Expr | None
    body: Expr
    span: Span


@dataclass(eq=False)
class Case(Expr):
    scrutinee: Expr
    arms: list[Arm]


@dataclass(eq=False)
class Receive(Expr):
    arms: list[Arm]
    after: tuple[Expr, Expr] | None  # (timeout ms, body)


@dataclass(eq=False)
class Param:
    """A function/closure parameter: a pattern (usually `PVar`) and an optional annotation."""

    pattern: Pattern
    annotation: TypeExpr | None
    span: Span


@dataclass(eq=False)
class Clause:
    params: list[Param]
    guard: Expr | None
    body: Expr
    span: Span


@dataclass(eq=False)
class Closure(Expr):
    clauses: list[Clause]


@dataclass(eq=False)
class For(Expr):
    """`for x in e` (`names == [x]`, `map_entry False`) or `for {k, v} in m` (`map_entry`)."""

    names: list[tuple[str, Span]]
    map_entry: bool
    iterable: Expr
    filter: Expr | None
    body: Block
    res: Any = field(default=None, init=False, repr=False)  # list[LocalRes] for `names`


@dataclass(eq=False)
class While(Expr):
    cond: Expr
    body: Block


@dataclass(eq=False)
class Break(Expr):
    pass


@dataclass(eq=False)
class Continue(Expr):
    pass


@dataclass(eq=False)
class Return(Expr):
    value: Expr | None


# ---------------------------------------------------------------------------
# Statements and items


@dataclass(eq=False)
class Let:
    pattern: Pattern  # PVar, PWild or PTuple of those
    annotation: TypeExpr | None
    value: Expr
    span: Span


@dataclass(eq=False)
class FnDef:
    """One clause of a function definition (the checker groups consecutive clauses)."""

    name: str
    name_span: Span
    generics: list[str]
    params: list[Param]
    ret: TypeExpr | None
    where: list[tuple[str, str, Span]]
    guard: Expr | None
    body: Expr
    is_pub: bool
    span: Span
    cluster: int | None = None  # `@cluster` → 2 (07 §11.5 default), `@cluster(N)` → N
    has_cluster: bool = False
    has_params: bool = True  # `fn main do` omits the list
    res: Any = field(default=None, init=False, repr=False)  # FnRes (local fns carry a uid)


@dataclass(eq=False)
class Variant:
    name: str
    fields: list[tuple[str | None, TypeExpr]]
    span: Span


@dataclass(eq=False)
class StructDef:
    name: str
    generics: list[str]
    fields: list[tuple[str, TypeExpr, Span]]
    deriving: list[tuple[str, Span]] | None
    is_pub: bool
    span: Span
    db_members: list[tuple[str, Any, Span]] = field(default_factory=list)


@dataclass(eq=False)
class SumDef:
    name: str
    generics: list[str]
    variants: list[Variant]
    deriving: list[tuple[str, Span]] | None
    is_pub: bool
    span: Span


@dataclass(eq=False)
class AliasDef:
    name: str
    generics: list[str]
    target: TypeExpr
    is_pub: bool
    span: Span


@dataclass(eq=False)
class MethodSig:
    name: str
    params: list[Param]
    ret: TypeExpr | None
    default: Block | None
    span: Span


@dataclass(eq=False)
class InterfaceDef:
    name: str
    generics: list[str]
    assoc_types: list[tuple[str, Span]]
    methods: list[MethodSig]
    is_pub: bool
    span: Span


@dataclass(eq=False)
class ImplDef:
    trait_path: list[str]
    trait_args: list[TypeExpr]
    target_path: list[str]
    where: list[tuple[str, str, Span]]
    assoc: list[tuple[str, TypeExpr, Span]]
    methods: list[FnDef]
    span: Span


@dataclass(eq=False)
class ActorDef:
    name: str
    params: list[Param]
    body: Block
    terminate: Block | None
    span: Span


@dataclass(eq=False)
class Handler:
    kind: str  # "call" | "cast"
    name: str
    params: list[Param]
    reply: TypeExpr | None
    state: str | None
    body: Block
    span: Span


@dataclass(eq=False)
class ServiceDef:
    name: str
    fns: list[FnDef]
    handlers: list[Handler]
    span: Span


@dataclass(eq=False)
class ChildSpec:
    name: str
    start: Expr | None
    restart: tuple[str, Span] | None
    shutdown: tuple[Any, Span] | None  # int or identifier str
    span: Span


@dataclass(eq=False)
class SupervisorDef:
    name: str
    is_pub: bool
    strategy: tuple[str, Span] | None
    max_restarts: tuple[int, Span] | None
    max_seconds: tuple[int, Span] | None
    children: list[ChildSpec]
    span: Span


@dataclass(eq=False)
class ModuleDef:
    name: str
    span: Span


@dataclass(eq=False)
class Import:
    path: list[str]
    span: Span


@dataclass(eq=False)
class FromImport:
    path: list[str]
    names: list[tuple[str, Span]]
    span: Span


@dataclass(eq=False)
class Module:
    """One parsed file."""

    name: str  # "Main", "Api.Router"
    file: Any  # SourceFile
    items: list[Any]
