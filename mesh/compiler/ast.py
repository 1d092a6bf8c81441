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
from typing import TYPE_CHECKING

from mesh.compiler.source import Span

if TYPE_CHECKING:
    from mesh.compiler import resolved as R
    from mesh.compiler.source import SourceFile
    from mesh.compiler.types.ty import Type

    # What a name, member access or call resolved to (the checker's `res` annotation).
    Res = (
        R.LocalRes
        | R.FnRes
        | R.BuiltinRes
        | R.CtorRes
        | R.StructRes
        | R.FieldRes
        | R.MethodRes
        | R.DynamicFieldRes
        | R.ImplMethodRes
        | R.KeywordRes
        | R.ActorRes
        | R.SupervisorRes
        | R.ServiceFnRes
        | R.FromJsonRes
        | R.FromRowRes
        | R.SchemaRes
    )

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
    ty: Type | None = field(default=None, init=False, repr=False)  # set by the checker


@dataclass(eq=False)
class PWild(Pattern):
    pass


@dataclass(eq=False)
class PVar(Pattern):
    """A binding — unless the checker finds `name` is a variant in scope (`res` is then set)."""

    name: str
    res: R.LocalRes | R.CtorRes | None = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class PLit(Pattern):
    """Literal pattern; `value` is an int, float, str, bool or None (`nil`)."""

    value: int | float | str | bool | None


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
    res: R.CtorRes | None = field(default=None, init=False, repr=False)


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
    res: R.LocalRes | None = field(default=None, init=False, repr=False)


# ---------------------------------------------------------------------------
# Expressions


@dataclass(eq=False)
class Expr:
    span: Span
    ty: Type | None = field(default=None, init=False, repr=False)  # set by the checker


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

    parts: list[str | Expr]


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
    res: Res | None = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class SelfRef(Expr):
    """Bare `self`: the method receiver."""

    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        res: Res | None = field(default=None, init=False)


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
    res: Res | None = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class StructUpdate(Expr):
    base: Expr
    fields: list[tuple[str, Expr, Span]]
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        res: Res | None = field(default=None, init=False)


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
    res: Res | None = field(default=None, init=False, repr=False)


@dataclass(eq=False)
class Call(Expr):
    callee: Expr
    args: list[Expr]
    kwargs: list[tuple[str, Expr, Span]] = field(default_factory=list)
    slot: tuple[int, Span] | None = None  # `|N>` insertion, for E0044
    res: Res | None = field(default=None, init=False, repr=False)
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        query_form: tuple[object, ...] | None = field(default=None, init=False)  # typed query
        remote_fn: str | None = field(default=None, init=False)  # `Node.spawn` target name
        clustered_ok: bool = field(default=False, init=False)  # may hold `HTTP.clustered`


@dataclass(eq=False)
class Index(Expr):
    obj: Expr
    index: Expr


@dataclass(eq=False)
class Try(Expr):
    """Postfix `expr?`."""

    expr: Expr
    res: Res | None = field(default=None, init=False, repr=False)


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
    stmts: list[Expr | Let | FnDef]


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
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        notices: bool = field(default=False, init=False)  # has `:down`/`:nodedown` arms


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
    res: list[R.LocalRes] | None = field(default=None, init=False, repr=False)  # of `names`


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
    res: R.FnRes | R.ImplMethodRes | None = field(default=None, init=False, repr=False)
    # The checker's type variables of `generics` (read back for where-bounds at call sites).
    tvars: dict[str, Type] = field(default_factory=dict, init=False, repr=False)
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        actor: ActorDef | None = field(default=None, init=False)  # an actor's synthetic clause


@dataclass(eq=False)
class Variant:
    name: str
    fields: list[tuple[str | None, TypeExpr]]
    span: Span


DbMember = str | bool | tuple[str, str]
"""The value of a Schema struct's member: `table "t"` and `primary_key :id` (str),
`timestamps true` (bool), `belongs_to :user, User` (an atom and a type name)."""


@dataclass(eq=False)
class StructDef:
    name: str
    generics: list[str]
    fields: list[tuple[str, TypeExpr, Span]]
    deriving: list[tuple[str, Span]] | None
    is_pub: bool
    span: Span
    db_members: list[tuple[str, DbMember, Span]] = field(default_factory=list)
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        json_fields: list[tuple[str, object]] | None = field(default=None, init=False)
        row_fields: list[tuple[str, object]] | None = field(default=None, init=False)


@dataclass(eq=False)
class SumDef:
    name: str
    generics: list[str]
    variants: list[Variant]
    deriving: list[tuple[str, Span]] | None
    is_pub: bool
    span: Span
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        json_variants: list[tuple[str, list[object]]] | None = field(default=None, init=False)


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
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        fn: FnDef | None = field(default=None, init=False)  # the default body as a function


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
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        target_key: str = field(default="", init=False)
        inherited: list[tuple[str, R.ImplMethodRes | None]] = field(
            default_factory=list, init=False
        )


@dataclass(eq=False)
class ActorDef:
    name: str
    params: list[Param]
    body: Block
    terminate: Block | None
    span: Span
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        res: R.FnRes | None = field(default=None, init=False)


@dataclass(eq=False)
class Handler:
    kind: str  # "call" | "cast"
    name: str
    params: list[Param]
    reply: TypeExpr | None
    state: str | None
    body: Block
    span: Span
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        snake: str = field(default="", init=False)  # the generated function's name
        res: R.ServiceFnRes | None = field(default=None, init=False)
        state_res: R.LocalRes | None = field(default=None, init=False)


@dataclass(eq=False)
class ServiceDef:
    name: str
    fns: list[FnDef]
    handlers: list[Handler]
    span: Span
    if TYPE_CHECKING:  # set by the checker; not fields, so walks and hasattr() do not see them
        init: FnDef | None = field(default=None, init=False)


@dataclass(eq=False)
class ChildSpec:
    name: str
    start: Expr | None
    restart: tuple[str, Span] | None
    shutdown: tuple[int | str, Span] | None  # milliseconds or `brutal_kill`
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
    file: SourceFile
    items: list[Item]


# A top-level item of a module.
Item = (
    FnDef
    | StructDef
    | SumDef
    | AliasDef
    | InterfaceDef
    | ImplDef
    | ActorDef
    | ServiceDef
    | SupervisorDef
    | ModuleDef
    | Import
    | FromImport
)
