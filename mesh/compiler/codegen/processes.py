"""Process definitions of a module (spec 04): actors (an `async def` of their parameters),
services (handler functions, a `ServiceSpec` and the generated client functions of §17) and
supervisors (a `SupervisorSpec` and its start function)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from mesh.compiler import ast as A
from mesh.compiler.codegen.colour import init_key
from mesh.compiler.codegen.core import (
    CodegenError,
    arguments,
    call,
    const,
    function_def,
    name,
    source_line,
)
from mesh.compiler.codegen.emitter import FnEmitter
from mesh.compiler.codegen.names import ident

if TYPE_CHECKING:
    from mesh.compiler.codegen.module import ModuleEmitter


def actor_defs(mod: ModuleEmitter, ad: A.ActorDef, reserved: set[str]) -> list[ast.stmt]:
    """An actor is an `async def` of its parameters (a process entry point)."""
    clause = A.FnDef(ad.name, ad.span, [], ad.params, None, [], None, ad.body, False, ad.span)
    py = mod.info.fn_name(ad.name, len(ad.params))
    out: list[ast.stmt] = []
    prologue = None
    if ad.terminate is not None:
        tpy = mod.ns.by_key[("terminate", mod.info.name, ad.name)]
        tclause = A.FnDef(
            ad.name, ad.span, [], ad.params, None, [], None, ad.terminate, False, ad.span
        )
        out.append(
            FnEmitter(mod, reserved).control.make_def(
                tpy,
                [tclause],
                source_line(ad),
                is_async=mod.colour.is_async(("actor", mod.info.name, ad.name)),
            )
        )
        setter = mod.import_name("mesh.runtime.actors", "set_terminate", "_a_set_terminate", "_a")

        def prologue(params: list[str]) -> list[ast.stmt]:
            return [ast.Expr(call(setter, [name(tpy), *[name(p) for p in params]]))]

    out.append(
        FnEmitter(mod, reserved).control.make_def(
            py, [clause], source_line(ad), is_async=True, prologue=prologue
        )
    )
    out.append(
        ast.Assign(
            targets=[ast.Attribute(value=name(py), attr="_mesh_name", ctx=ast.Store())],
            value=const(ad.name),
        )
    )
    if mod.colour.plain_waits(("actor", mod.info.name, ad.name)):
        out.append(
            ast.Assign(
                targets=[ast.Attribute(value=name(py), attr="_mesh_plain_waits", ctx=ast.Store())],
                value=const(True),
            )
        )
    if ad.terminate is not None:
        out.append(
            ast.Assign(
                targets=[ast.Attribute(value=name(py), attr="_mesh_terminate", ctx=ast.Store())],
                value=name(mod.ns.by_key[("terminate", mod.info.name, ad.name)]),
            )
        )
    return out


def service_defs(mod: ModuleEmitter, sd: A.ServiceDef, reserved: set[str]) -> list[ast.stmt]:
    names = mod.service_names(sd.name, sd)
    key = lambda k: names[("svc", mod.info.name, sd.name, k)]  # noqa: E731
    out: list[ast.stmt] = []
    init = getattr(sd, "init", None) or next(f for f in sd.fns if f.name == "init")
    init_async = mod.colour.is_async(init_key(mod.info.name, sd.name))
    out.append(
        FnEmitter(mod, reserved).control.make_def(
            key("__init"), [init], source_line(init), is_async=init_async
        )
    )
    calls: list[ast.expr] = []
    casts: list[ast.expr] = []
    for h in sd.handlers:
        snake = getattr(h, "snake", h.name)
        state_pat: A.Pattern = A.PWild(h.span)
        if h.state is not None and hasattr(h, "state_res"):
            state_pat = A.PVar(h.span, h.state)
            state_pat.res = h.state_res
        params = [A.Param(state_pat, None, h.span)] + list(h.params)
        clause = A.FnDef(h.name, h.span, [], params, None, [], None, h.body, False, h.span)
        hpy = key("h:" + snake)
        out.append(
            FnEmitter(mod, reserved).control.make_def(hpy, [clause], source_line(h), is_async=True)
        )
        (calls if h.kind == "call" else casts).append(
            ast.Tuple(elts=[const(snake), name(hpy)], ctx=ast.Load())
        )
    spec = call(
        mod.import_name("mesh.runtime.actors", "ServiceSpec", "_a_ServiceSpec", "_a"),
        [
            const(sd.name),
            call(name("dict"), [ast.List(elts=calls, ctx=ast.Load())]),
            call(name("dict"), [ast.List(elts=casts, ctx=ast.Load())]),
        ],
    )
    out.append(ast.Assign(targets=[ast.Name(id=key("__spec"), ctx=ast.Store())], value=spec))
    # Generated client functions (spec 04 §17).
    n_init = len(init.params)
    iargs = [f"a{i}" for i in range(n_init)]
    start_val: ast.expr = call(name(key("__init")), [name(a) for a in iargs])
    if init_async:
        start_val = ast.Await(start_val)
    start_body: list[ast.stmt] = [
        ast.Return(
            call(
                mod.import_name("mesh.runtime.actors", "start_service", "_a_start_service", "_a"),
                [name(key("__spec")), start_val],
            )
        )
    ]
    out.append(_def(key("start"), iargs, start_body, init_async))
    for h in sd.handlers:
        snake = getattr(h, "snake", h.name)
        hargs = ["pid"] + [f"a{i}" for i in range(len(h.params))]
        packed = ast.Tuple(elts=[name(a) for a in hargs[1:]], ctx=ast.Load())
        body: list[ast.stmt]
        if h.kind == "call":
            fn = mod.import_name("mesh.runtime.actors", "call", "_a_call", "_a")
            body = [ast.Return(ast.Await(call(fn, [name("pid"), const(snake), packed])))]
            out.append(_def(key(snake), hargs, body, True))
        else:
            fn = mod.import_name("mesh.runtime.actors", "cast", "_a_cast", "_a")
            body = [ast.Expr(call(fn, [name("pid"), const(snake), packed]))]
            out.append(_def(key(snake), hargs, body, False))
    return out


def supervisor_defs(mod: ModuleEmitter, sd: A.SupervisorDef, reserved: set[str]) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    children: list[ast.expr] = []
    for ch in sd.children:
        helper = mod.ns.claim(
            f"{ident(sd.name)}__{ident(ch.name)}__start", ("supchild", sd.name, ch.name)
        )
        if ch.start is None:
            raise CodegenError(f"supervisor {sd.name}: child {ch.name} has no start")
        clause = A.FnDef(ch.name, ch.span, [], [], None, [], None, ch.start, False, ch.span)
        out.append(FnEmitter(mod, reserved).control.make_def(helper, [clause], source_line(ch)))
        kws = [
            ast.keyword(arg="restart", value=const(ch.restart[0] if ch.restart else "permanent")),
            ast.keyword(arg="shutdown", value=const(ch.shutdown[0] if ch.shutdown else 5000)),
        ]
        children.append(
            call(
                mod.import_name("mesh.runtime.actors", "ChildSpec", "_a_ChildSpec", "_a"),
                [const(ch.name), call(name(helper), [])],
                kws,
            )
        )
    spec_py = mod.ns.by_key[("supspec", mod.info.name, sd.name)]
    kws = [
        ast.keyword(arg="strategy", value=const(sd.strategy[0] if sd.strategy else "one_for_one")),
        ast.keyword(arg="max_restarts", value=const(sd.max_restarts[0] if sd.max_restarts else 3)),
        ast.keyword(arg="max_seconds", value=const(sd.max_seconds[0] if sd.max_seconds else 5)),
    ]
    spec = call(
        mod.import_name("mesh.runtime.actors", "SupervisorSpec", "_a_SupervisorSpec", "_a"),
        [const(sd.name), ast.List(elts=children, ctx=ast.Load())],
        kws,
    )
    out.append(ast.Assign(targets=[ast.Name(id=spec_py, ctx=ast.Store())], value=spec))
    start = mod.import_name("mesh.runtime.actors", "start_supervisor", "_a_start_supervisor", "_a")
    out.append(
        _def(
            mod.ns.by_key[("sup", mod.info.name, sd.name)],
            [],
            [ast.Return(call(start, [name(spec_py)]))],
            False,
        )
    )
    return out


def _def(py: str, params: list[str], body: list[ast.stmt], is_async: bool) -> ast.stmt:
    args = arguments(params)
    return function_def(py, args, body, is_async)
