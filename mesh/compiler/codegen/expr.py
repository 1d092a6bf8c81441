"""Expression lowering: literals, names, calls, fields, operators, strings, collections."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from mesh.compiler import ast as A
from mesh.compiler.codegen.core import (
    DISCARD,
    CodegenError,
    assign,
    assign_to,
    attr,
    call,
    const,
    is_pure,
    name,
    source_line,
    tyname,
)
from mesh.compiler.codegen.names import INT_MAX, INT_MIN, PY_KEYWORDS, ModuleInfo
from mesh.compiler.codegen.query_forms import emit_query_form, schema_function
from mesh.compiler.resolved import (
    ActorRes,
    BuiltinRes,
    CtorRes,
    DynamicFieldRes,
    FieldRes,
    FnRes,
    FromJsonRes,
    FromRowRes,
    ImplMethodRes,
    KeywordRes,
    LocalRes,
    MethodRes,
    SchemaRes,
    ServiceFnRes,
    StructRes,
)

# The largest magnitude CPython 3.11 keeps in one 30-bit digit (see wrap_check).
SMALL_INT = 2**30 - 1

if TYPE_CHECKING:
    from mesh.compiler.codegen.emitter import FnEmitter

PRIMITIVE_EQ = {"Int", "Float", "String", "Bool", "Atom"}
PRIMITIVE_ORD = {"Int", "Float", "String", "Bool"}
CMP_OPS = {"==": ast.Eq, "!=": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE}
CMP_RT = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
ARITH_RT = {"+": "num_add", "-": "num_sub", "*": "num_mul", "/": "num_div", "%": "num_mod"}
PY_ARITH = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult}
DEFAULTS = {"Int": 0, "Float": 0.0, "String": "", "Bool": False}
KEYWORD_CALLS = {"spawn", "send", "link", "monitor", "self"}
SPILL_EVERY = 16  # nesting levels between temporaries (each level costs up to ~3 parentheses)


def _contains_str_const(e: ast.expr) -> bool:
    return any(
        isinstance(n, (ast.JoinedStr,))
        or (isinstance(n, ast.Constant) and isinstance(n.value, str))
        for n in ast.walk(e)
    )


class ExprEmitter:
    """Lowers expressions to Python expressions for the function emitter `em`."""

    def __init__(self, em: FnEmitter) -> None:
        self.em = em
        self.mod = em.mod
        self.expr_depth = 0
        # Set while lowering the callee of a call the colouring marked as needing the
        # `_async` twin of a higher-order builtin; consumed by `res_ref`.
        self.variant_pending = False

    def expr(self, e: Any) -> ast.expr:
        """Lower `e` to a Python expression, emitting any statements it needs first.

        Every SPILL_EVERY levels of nesting the value goes to a temporary, so generated
        expressions stay far below CPython's parser limits (200 nested parentheses) however
        deep the Mesh expression is (`1 + 1 + ... + 1`, `f(f(f(...)))`, `- - - x`).
        """
        m = getattr(self, "x_" + type(e).__name__, None)
        if m is None:
            raise CodegenError(f"cannot generate code for {type(e).__name__}")
        self.expr_depth += 1
        try:
            v: ast.expr = m(e)
        finally:
            self.expr_depth -= 1
        if self.expr_depth % SPILL_EVERY == SPILL_EVERY - 1 and not is_pure(v):
            v = self.em.spill(v)
        return v

    def in_order(self, items: list[Any]) -> list[ast.expr]:
        """Lower several expressions, keeping left-to-right evaluation order."""
        parts: list[tuple[list[ast.stmt], ast.expr]] = []
        for i, it in enumerate(items):
            if i == 0:
                # Nothing precedes the first item, so its statements go straight out: copying
                # them up at every level of a left-nested chain (`x + x + ... + x`) was O(n^2).
                parts.append(([], self.expr(it)))
                continue
            with self.em.capture() as buf:
                v = self.expr(it)
            parts.append((buf, v))
        last = max((i for i, (b, _) in enumerate(parts) if b), default=-1)
        out = []
        for i, (b, v) in enumerate(parts):
            for st in b:
                self.em.emit(st)
            if i < last and not is_pure(v):
                v = self.em.spill(v)
            out.append(v)
        return out

    def via_temp(self, e: Any, base: str) -> ast.expr:
        t = self.em.temp(base)
        self.em.to(e, assign_to(t))
        return name(t)

    # -- compound expressions in value position -------------------------------------------
    def x_Block(self, e: A.Block) -> ast.expr:
        stmts = e.stmts
        if len(stmts) == 1 and isinstance(stmts[0], A.Expr):
            return self.expr(stmts[0])
        if not stmts:
            return const(None)
        return self.via_temp(e, "_block")

    def x_If(self, e: A.If) -> ast.expr:
        v = self.em.control.if_value(e)
        return v if v is not None else self.via_temp(e, "_if")

    def x_Case(self, e: A.Case) -> ast.expr:
        return self.via_temp(e, "_case")

    def x_For(self, e: A.For) -> ast.expr:
        return self.via_temp(e, "_for")

    def x_While(self, e: A.While) -> ast.expr:
        self.em.control.while_loop(e, DISCARD)
        return const(None)

    def x_Return(self, e: A.Return) -> ast.expr:
        self.em.control.do_return(e)
        return const(None)

    def x_Break(self, e: A.Break) -> ast.expr:
        self.em.emit(ast.Break())
        return const(None)

    def x_Continue(self, e: A.Continue) -> ast.expr:
        self.em.emit(ast.Continue())
        return const(None)

    def x_Closure(self, e: A.Closure) -> ast.expr:
        return self.em.control.closure(e)

    def x_Try(self, e: A.Try) -> ast.expr:
        return self.em.control.try_op(e)

    def x_Receive(self, e: A.Receive) -> ast.expr:
        return self.via_temp(e, "_recv")

    def x_Index(self, e: A.Index) -> ast.expr:
        return self.em.unsupported("indexing", e)

    # -- literals --------------------------------------------------------------------------
    def x_IntLit(self, e: A.IntLit) -> ast.expr:
        return const(e.value)

    def x_FloatLit(self, e: A.FloatLit) -> ast.expr:
        return const(e.value)

    def x_BoolLit(self, e: A.BoolLit) -> ast.expr:
        return const(e.value)

    def x_NilLit(self, e: A.NilLit) -> ast.expr:
        return const(None)

    def x_AtomLit(self, e: A.AtomLit) -> ast.expr:
        return self.mod.atom(e.name)

    def x_RegexLit(self, e: A.RegexLit) -> ast.expr:
        return self.mod.regex(e.pattern, e.flags)

    def x_StringLit(self, e: A.StringLit) -> ast.expr:
        exprs = [p for p in e.parts if not isinstance(p, str)]
        if not exprs:
            return const("".join(p for p in e.parts if isinstance(p, str)))
        vals = iter(self.in_order(exprs))
        pieces: list[ast.expr] = []
        for p in e.parts:
            if isinstance(p, str):
                if p:
                    pieces.append(const(p))
                continue
            v = next(vals)
            t = tyname(p)
            if t == "String":
                pieces.append(v)
            elif t == "Int":
                pieces.append(ast.FormattedValue(value=v, conversion=-1, format_spec=None))
            elif t == "Float":
                pieces.append(call(self.mod.rt("fmt_float"), [v]))
            else:
                pieces.append(call(self.mod.rt("display"), [v]))
        if len(pieces) == 1:
            p0 = pieces[0]
            if isinstance(p0, ast.FormattedValue):
                return call(name("str"), [p0.value])
            return p0
        # A piece holding a string constant is spilled to a temporary (ast.unparse on 3.11
        # cannot nest quotes inside an f-string); every effectful piece before it is spilled
        # too, in order, so placeholders still run left to right.
        inners = [
            None
            if isinstance(piece, ast.Constant)
            else piece.value
            if isinstance(piece, ast.FormattedValue)
            else piece
            for piece in pieces
        ]
        last = max(
            (i for i, v in enumerate(inners) if v is not None and _contains_str_const(v)),
            default=-1,
        )
        values: list[ast.expr] = []
        for i, (piece, inner) in enumerate(zip(pieces, inners)):
            if inner is None:
                values.append(piece)
                continue
            if i <= last and not is_pure(inner):
                inner = self.em.spill(inner)
            values.append(ast.FormattedValue(value=inner, conversion=-1, format_spec=None))
        return ast.JoinedStr(values=values)

    def x_TupleLit(self, e: A.TupleLit) -> ast.expr:
        if not e.items:
            return const(None)
        if len(e.items) == 1:
            return self.expr(e.items[0])
        return ast.Tuple(elts=self.in_order(e.items), ctx=ast.Load())

    def x_ListLit(self, e: A.ListLit) -> ast.expr:
        return ast.List(elts=self.in_order(e.items), ctx=ast.Load())

    def x_MapLit(self, e: A.MapLit) -> ast.expr:
        flat = self.in_order([x for kv in e.entries for x in kv])
        pairs: list[ast.expr] = [
            ast.Tuple(elts=[flat[i], flat[i + 1]], ctx=ast.Load()) for i in range(0, len(flat), 2)
        ]
        return call(
            attr(self.mod.rt("MeshMap"), "from_pairs"), [ast.List(elts=pairs, ctx=ast.Load())]
        )

    def x_JsonLit(self, e: A.JsonLit) -> ast.expr:
        vals = self.in_order([v for _, v, _ in e.fields])
        pairs: list[ast.expr] = [
            ast.Tuple(elts=[const(k), v], ctx=ast.Load()) for (k, _, _), v in zip(e.fields, vals)
        ]
        return call(self.mod.rt("make_json"), [ast.List(elts=pairs, ctx=ast.Load())])

    # -- structs -----------------------------------------------------------------------------
    def struct_def(self, res: object, path: list[str]) -> tuple[ModuleInfo, A.StructDef] | None:
        if isinstance(res, StructRes):
            return self.mod.lookup_struct(res.module, res.name)
        return self.mod.find_struct(path)

    def x_StructLit(self, e: A.StructLit) -> ast.expr:
        hit = self.struct_def(e.res, e.path)
        if hit is None:
            raise CodegenError(f"unknown struct {'.'.join(e.path)}")
        info, sd = hit
        cls = self.mod.struct_ref(info.name, sd.name)
        order = [f for f, _, _ in sd.fields]
        given = [f for f, _, _ in e.fields]
        vals = self.in_order([v for _, v, _ in e.fields])
        by_name = dict(zip(given, vals))
        if given == order:
            return call(cls, vals)
        if all(is_pure(v) for v in vals) or not any(f in PY_KEYWORDS for f in given):
            if all(is_pure(v) for v in vals):
                return call(cls, [by_name[f] for f in order])
            return call(cls, [], [ast.keyword(arg=f, value=v) for f, v in zip(given, vals)])
        spilled = {f: self.em.spill(v) for f, v in by_name.items()}
        return call(cls, [spilled[f] for f in order])

    def x_StructUpdate(self, e: A.StructUpdate) -> ast.expr:
        base = self.expr(e.base)
        qual = tyname(e.base)
        hit = self.mod.find_struct(qual.split(".")) if qual else None
        if not is_pure(base) and any(True for _ in e.fields):
            base = self.em.spill(base, "_base")
        vals = self.in_order([v for _, v, _ in e.fields])
        new = {f: v for (f, _, _), v in zip(e.fields, vals)}
        if hit is None:
            d = ast.Dict(keys=[const(k) for k in new], values=list(new.values()))
            return call(self.mod.rt("struct_update"), [base, d])
        info, sd = hit
        cls = self.mod.struct_ref(info.name, sd.name)
        order = [f for f, _, _ in sd.fields]
        if [f for f in order if f in new] != list(new) and not all(is_pure(v) for v in vals):
            new = {f: self.em.spill(v) for f, v in new.items()}  # keep the source order of effects
        args = [new[f] if f in new else self.field_read(base, f) for f in order]
        return call(cls, args)

    def field_read(self, obj: ast.expr, f: str) -> ast.expr:
        if f in PY_KEYWORDS:
            return call(name("getattr"), [obj, const(f)])
        return attr(obj, f)

    # -- names -------------------------------------------------------------------------------
    def x_SelfRef(self, e: A.SelfRef) -> ast.expr:
        ref = self.em.lookup("self")
        if ref is None:
            raise CodegenError("`self` outside a method")
        return ref

    def x_Name(self, e: A.Name) -> ast.expr:
        return self.name_ref(e, None)

    def name_ref(self, e: A.Name, argc: int | None) -> ast.expr:
        res = e.res
        if (
            isinstance(res, LocalRes)
            or res is None
            or (isinstance(res, FnRes) and res.module == "")
        ):
            keys = [e.name]
            if isinstance(res, FnRes):
                keys = [f"{e.name}/{res.arity}", e.name]
            elif argc is not None:
                keys = [f"{e.name}/{argc}", e.name]
            for k in keys:
                ref = self.em.lookup(k)
                if ref is not None:
                    return ref
            if isinstance(res, LocalRes):
                raise CodegenError(f"unbound local `{e.name}`")
        if res is not None:
            ref = self.res_ref(res, argc)
            if ref is not None:
                return ref
        return self.mod.fallback_name(e.name, argc)

    def res_ref(self, res: Any, argc: int | None) -> ast.expr | None:
        if isinstance(res, BuiltinRes) and self.variant_pending:
            # A higher-order builtin whose callback may suspend: its `_async` twin.
            self.variant_pending = False
            return self.mod.builtin_ref(
                BuiltinRes(res.qualname, res.py_module, res.py_name + "_async")
            )
        if isinstance(res, FnRes):
            if res.module == "":
                return self.em.lookup(f"{res.name}/{res.arity}") or self.em.lookup(res.name)
            return self.mod.fn_ref(res.module, res.name, res.arity)
        if isinstance(res, BuiltinRes):
            return self.mod.builtin_ref(res)
        if isinstance(res, CtorRes):
            return self.mod.ctor_ref(res)
        if isinstance(res, StructRes):
            return self.mod.struct_ref(res.module, res.name)
        if isinstance(res, MethodRes):
            return self.res_ref(res.target, argc)
        if isinstance(res, ImplMethodRes):
            return self.mod.impl_ref(res)
        if isinstance(res, ActorRes):
            return self.mod.actor_ref(res)
        if isinstance(res, ServiceFnRes):
            return self.mod.service_ref(res)
        if isinstance(res, FromRowRes):  # `T.from_row` as a function value
            dec = self.mod.import_name("mesh.runtime.row", "decoder", "row_decoder", "row")
            return call(dec, [self.mod.struct_ref(res.module, res.type_name)])
        if isinstance(res, SchemaRes):  # `T.__table__` & co.: a constant function
            return schema_function(res)
        return None

    def resolved_ref(self, res: Any, argc: int | None) -> ast.expr:
        """`res_ref` for a callee the checker resolved, which always has a reference."""
        ref = self.res_ref(res, argc)
        if ref is None:
            raise CodegenError(f"no reference for {type(res).__name__}")
        return ref

    # -- fields ------------------------------------------------------------------------------
    def x_Field(self, e: A.Field) -> ast.expr:
        res = e.res
        if isinstance(res, FieldRes):
            return self.field_read(self.expr(e.obj), res.name)
        if isinstance(res, DynamicFieldRes):
            return call(self.mod.rt("get_field"), [self.expr(e.obj), const(res.name)])
        if res is not None:
            ref = self.res_ref(res, None)
            if ref is not None:
                return ref
        ref = self.qualified_ref(e, None)
        if ref is not None:
            return ref
        return call(self.mod.rt("get_field"), [self.expr(e.obj), const(e.name)])

    def qualified_ref(self, e: A.Field, argc: int | None) -> ast.expr | None:
        """`Mod.f` / `Type.Variant` / `String.length` without checker help."""
        path = []
        o: Any = e
        while isinstance(o, A.Field):
            path.append(o.name)
            o = o.obj
        if not isinstance(o, A.Name) or not o.name[:1].isupper() or self.em.lookup(o.name):
            return None
        path.append(o.name)
        path.reverse()
        return self.mod.qualified_fallback(path, argc)

    # -- calls -------------------------------------------------------------------------------
    def callee_ref(self, e: A.Call) -> ast.expr | None:
        """The callee as a plain reference when it needs no evaluation (for tail calls)."""
        c = e.callee
        if isinstance(c, A.Name) and not isinstance(c.res, KeywordRes):
            return self.name_ref(c, len(e.args))
        return None

    def x_Call(self, e: A.Call) -> ast.expr:
        node = self.call_node(e)
        if self.is_map_get(e) and isinstance(node, ast.Call) and len(node.args) == 2:
            ty = tyname(e)
            if ty in DEFAULTS:
                # Spec 03 B3: a missing key yields the zero of a primitive value type.
                node.args.append(const(DEFAULTS[ty]))
        col = self.mod.colour
        if id(e) in col.await_calls:
            return ast.Await(node)
        if id(e) in col.maybe_calls and self.em.ctx is not None and self.em.ctx.is_async:
            t = self.em.temp("_r")
            self.em.emit(assign(t, node))
            is_coro = ast.Compare(
                left=call(name("type"), [name(t)]),
                ops=[ast.Is()],
                comparators=[self.mod.rt("CORO_TYPE")],
            )
            self.em.emit(ast.If(test=is_coro, body=[assign(t, ast.Await(name(t)))], orelse=[]))
            return name(t)
        return node

    @staticmethod
    def is_map_get(e: A.Call) -> bool:
        res = e.res.target if isinstance(e.res, MethodRes) else getattr(e.callee, "res", None)
        return isinstance(res, BuiltinRes) and res.qualname == "Map.get"

    def call_node(self, e: A.Call) -> ast.expr:
        c = e.callee
        argc = len(e.args) + (1 if e.kwargs else 0)
        self.variant_pending = id(e) in self.mod.colour.variant_calls
        if isinstance(getattr(c, "res", None), KeywordRes):
            return self.em.actors.keyword_call(e)
        query_form = getattr(e, "query_form", None)
        if query_form is not None:  # typed Query.select / Query.where
            return emit_query_form(self.em, e, query_form)
        remote_fn = getattr(e, "remote_fn", None)
        if remote_fn is not None:
            # Node.spawn(node, f, args...): the function travels by its registry name.
            fn = self.resolved_ref(getattr(c, "res", None), None)
            node_arg, *rest = self.in_order([e.args[0], *e.args[2:]])
            return call(fn, [node_arg, const(remote_fn), *rest])
        if isinstance(c, A.Field) and isinstance(c.res, FromJsonRes):
            decode = self.mod.import_name(
                "mesh.runtime.json_codec", "from_json", "json_from_json", "json_codec"
            )
            info = self.mod.index.modules[c.res.module]
            cls = (
                self.mod.struct_ref(c.res.module, c.res.type_name)
                if c.res.type_name in info.structs
                else self.mod.sum_ref(c.res.module, c.res.type_name)
            )
            return call(decode, [*self.in_order(e.args), cls])
        if isinstance(c, A.Field) and isinstance(c.res, FromRowRes):
            decode = self.mod.import_name("mesh.runtime.row", "from_row", "row_from_row", "row")
            return call(
                decode, [*self.in_order(e.args), self.mod.struct_ref(c.res.module, c.res.type_name)]
            )
        if isinstance(e.res, MethodRes) and isinstance(c, A.Field):
            fn = self.resolved_ref(e.res.target, argc + 1)
            vals = self.in_order([c.obj, *e.args])
            return call(fn, vals + self.kwargs_arg(e))
        if isinstance(c, A.Name):
            if (
                c.name == "panic"
                and (c.res is None or isinstance(c.res, BuiltinRes))
                and self.em.lookup(c.name) is None
                and len(e.args) == 1
            ):
                (msg,) = self.in_order(e.args)
                return call(
                    self.mod.rt("panic_at"),
                    [const(self.mod.info.rel_path), const(source_line(e)), msg],
                )
            if (
                c.name == "default"
                and not e.args
                and isinstance(c.res, (BuiltinRes, type(None)))
                and self.em.lookup(c.name) is None
            ):
                ty = tyname(e)
                if ty in DEFAULTS:
                    return const(DEFAULTS[ty])
            if c.name in KEYWORD_CALLS and c.res is None and self.em.lookup(c.name) is None:
                return self.em.unsupported(f"`{c.name}(...)`", e)
            fn = self.name_ref(c, argc)
            return call(fn, self.in_order(e.args) + self.kwargs_arg(e))
        if isinstance(c, A.Field) and c.res is None and e.res is None:
            ref = self.qualified_ref(c, argc)
            if ref is not None:
                return call(ref, self.in_order(e.args) + self.kwargs_arg(e))
            vals = self.in_order([c.obj, *e.args])
            return call(
                self.mod.rt("call_method"), [vals[0], const(c.name), *vals[1:]] + self.kwargs_arg(e)
            )
        if isinstance(c, A.Field) and isinstance(
            c.res, (BuiltinRes, FnRes, CtorRes, StructRes, ImplMethodRes, ServiceFnRes)
        ):
            fn = self.resolved_ref(c.res, argc)
            return call(fn, self.in_order(e.args) + self.kwargs_arg(e))
        vals = self.in_order([c, *e.args])
        return call(vals[0], vals[1:] + self.kwargs_arg(e))

    def kwargs_arg(self, e: A.Call) -> list[ast.expr]:
        if not e.kwargs:
            return []
        vals = self.in_order([v for _, v, _ in e.kwargs])
        pairs: list[ast.expr] = [
            ast.Tuple(elts=[const(k), v], ctx=ast.Load()) for (k, _, _), v in zip(e.kwargs, vals)
        ]
        return [
            call(attr(self.mod.rt("MeshMap"), "from_pairs"), [ast.List(elts=pairs, ctx=ast.Load())])
        ]

    # -- operators ---------------------------------------------------------------------------
    def x_Unary(self, e: A.Unary) -> ast.expr:
        if e.op == "not":
            return ast.UnaryOp(op=ast.Not(), operand=self.expr(e.operand))
        if isinstance(e.operand, A.IntLit):
            return const(-e.operand.value)
        if isinstance(e.operand, A.FloatLit):
            return const(-e.operand.value)
        v = self.expr(e.operand)
        t = tyname(e.operand) or tyname(e)
        if t == "Float":
            return ast.UnaryOp(op=ast.USub(), operand=v)
        if t == "Int":
            return self.wrap_check(ast.UnaryOp(op=ast.USub(), operand=v), hi_only=True)
        return call(self.mod.rt("num_neg"), [v])

    def x_Binary(self, e: A.Binary) -> ast.expr:
        op = e.op
        if op in ("and", "or"):
            return self.bool_op(e)
        lt = tyname(e.left) or tyname(e.right)
        left, right = self.in_order([e.left, e.right])
        if op in CMP_OPS:
            prim = PRIMITIVE_EQ if op in ("==", "!=") else PRIMITIVE_ORD
            if lt in prim or (
                lt == "Tuple" and isinstance(left, ast.Constant) and left.value is None
            ):
                return ast.Compare(left=left, ops=[CMP_OPS[op]()], comparators=[right])
            return call(self.mod.rt(CMP_RT[op]), [left, right])
        if op == "<>":
            if lt in ("String", "List"):
                return ast.BinOp(left=left, op=ast.Add(), right=right)
            return call(self.mod.rt("concat"), [left, right])
        if op == "..":
            return call(self.mod.rt("MeshRange"), [left, right])
        # The operand type decides (a user `impl Mod` may have Output = Int).
        t = lt if lt is not None else tyname(e)
        if t == "Int":
            if op in PY_ARITH:
                return self.int_arith(op, e, left, right)
            inlined = self.int_div_by_literal(op, left, right)
            if inlined is not None:
                return inlined
            return call(self.mod.rt("idiv" if op == "/" else "imod"), [left, right])
        if t == "Float":
            if op in PY_ARITH:
                return ast.BinOp(left=left, op=PY_ARITH[op](), right=right)
            return call(self.mod.rt("fdiv" if op == "/" else "fmod"), [left, right])
        if op in ARITH_RT:
            return call(self.mod.rt(ARITH_RT[op]), [left, right])
        raise CodegenError(f"unknown operator {op}")

    def int_div_by_literal(self, op: str, left: ast.expr, right: ast.expr) -> ast.expr | None:
        """`x / d`, `x % d` for a positive literal `d` and a simple `x`: inline the
        truncating semantics (no zero check needed) instead of calling `idiv`/`imod`."""
        if not (isinstance(right, ast.Constant) and type(right.value) is int and right.value > 0):
            return None
        if not isinstance(left, (ast.Name, ast.Constant)):
            return None
        py_op = ast.FloorDiv if op == "/" else ast.Mod
        pos = ast.BinOp(left=left, op=py_op(), right=right)
        neg = ast.UnaryOp(
            op=ast.USub(),
            operand=ast.BinOp(
                left=ast.UnaryOp(op=ast.USub(), operand=left), op=py_op(), right=right
            ),
        )
        test = ast.Compare(left=left, ops=[ast.GtE()], comparators=[ast.Constant(0)])
        return ast.IfExp(test=test, body=pos, orelse=neg)

    def int_arith(self, op: str, e: A.Binary, left: ast.expr, right: ast.expr) -> ast.expr:
        raw = ast.BinOp(left=left, op=PY_ARITH[op](), right=right)
        a = left.value if isinstance(left, ast.Constant) else None
        b = right.value if isinstance(right, ast.Constant) else None
        if isinstance(a, int) and isinstance(b, int):  # two Int literals: fold
            v = {"+": a + b, "-": a - b, "*": a * b}[op]
            if INT_MIN <= v <= INT_MAX:
                return const(v)
        # `x ± small constant` can only overflow on one side; known bounds may rule it out.
        if op in ("+", "-") and isinstance(right, ast.Constant) and isinstance(right.value, int):
            c = right.value if op == "+" else -right.value
            lo, hi = self.em.bounds(left.id) if isinstance(left, ast.Name) else (None, None)
            if c >= 0:
                if hi is not None and hi + c <= INT_MAX:
                    return raw
                return self.wrap_check(raw, hi_only=True)
            if lo is not None and lo + c >= INT_MIN:
                return raw
            return self.wrap_check(raw, lo_only=True)
        return self.wrap_check(raw)

    def wrap_check(
        self, raw: ast.expr, *, hi_only: bool = False, lo_only: bool = False
    ) -> ast.expr:
        """`_r if (_r := raw) < S and _r > -S or abs(_r) <= MAX else wrap(_r)` (S = 2**30 - 1):
        64-bit wrap-around with an inline fast path in two tiers. CPython 3.11 specialises a
        comparison only between one-digit ints (`COMPARE_OP_INT_JUMP`), so small results
        are tested against S first; a bigger one takes one `abs` and a generic comparison,
        cheaper than the two of `MIN <= _r <= MAX` (in-process, against the plain Python
        expression: fib 1.37x -> 1.27-1.31x, a loop summing small Ints 2.6x -> 2.0x, one
        whose sum is large 2.3x -> 2.5x). `-2**63` fails both tiers and `wrap` returns it
        unchanged."""
        r = ast.NamedExpr(target=ast.Name(id="_r", ctx=ast.Store()), value=raw)
        if hi_only:  # `x + c`, c >= 0: only the top can be crossed
            small: ast.expr = ast.Compare(left=r, ops=[ast.Lt()], comparators=[const(SMALL_INT)])
            fits: ast.expr = ast.Compare(
                left=name("_r"), ops=[ast.LtE()], comparators=[const(INT_MAX)]
            )
        elif lo_only:
            small = ast.Compare(left=r, ops=[ast.Gt()], comparators=[const(-SMALL_INT)])
            fits = ast.Compare(left=name("_r"), ops=[ast.GtE()], comparators=[const(INT_MIN)])
        else:
            small = ast.BoolOp(
                op=ast.And(),
                values=[
                    ast.Compare(left=r, ops=[ast.Lt()], comparators=[const(SMALL_INT)]),
                    ast.Compare(left=name("_r"), ops=[ast.Gt()], comparators=[const(-SMALL_INT)]),
                ],
            )
            fits = ast.Compare(
                left=call(name("abs"), [name("_r")]), ops=[ast.LtE()], comparators=[const(INT_MAX)]
            )
        test = ast.BoolOp(op=ast.Or(), values=[small, fits])
        return ast.IfExp(test=test, body=name("_r"), orelse=call(self.mod.rt("wrap"), [name("_r")]))

    def bool_op(self, e: A.Binary) -> ast.expr:
        left = self.expr(e.left)
        with self.em.capture() as rbuf:
            right = self.expr(e.right)
        pyop = ast.And() if e.op == "and" else ast.Or()
        if not rbuf:
            return ast.BoolOp(op=pyop, values=[left, right])
        t = self.em.temp("_cond")
        self.em.emit(ast.Assign(targets=[ast.Name(id=t, ctx=ast.Store())], value=left))
        test: ast.expr = name(t) if e.op == "and" else ast.UnaryOp(op=ast.Not(), operand=name(t))
        body = rbuf + [ast.Assign(targets=[ast.Name(id=t, ctx=ast.Store())], value=right)]
        if isinstance(rbuf[-1], (ast.Return, ast.Raise, ast.Continue, ast.Break)):
            body = rbuf
        self.em.emit(ast.If(test=test, body=body, orelse=[]))
        return name(t)
