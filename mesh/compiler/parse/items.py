"""Top-level items: functions, types, interfaces, impls, actors, services, supervisors,
imports (spec 01 §4–§5). `Parser` here is the whole grammar: the expression parser of
`expressions.py` plus the one item that may appear inside a block (a named `fn`)."""

from __future__ import annotations

from mesh.compiler import ast as A
from mesh.compiler.parse.expressions import ExpressionParser
from mesh.compiler.source import Span

_DB_MEMBERS = {"table", "primary_key", "timestamps", "belongs_to", "has_many", "has_one"}


class Parser(ExpressionParser):
    def parse_nested_fn_def(self) -> A.FnDef:
        return parse_fn_def(self, is_pub=False, cluster=None)


def parse_items(p: Parser, terminator: str = "EOF") -> list[A.Item]:
    items: list[A.Item] = []
    p.skip_seps()
    while not p.at(terminator):
        if p.at("EOF"):
            raise p.error("expected `end` to close `do` block")
        items.append(parse_top(p))
        if not (p.at(terminator) or p.tok.kind in ("NEWLINE", ";")):
            raise p.error(f"expected a newline after this item, found {p.describe(p.tok)}")
        p.skip_seps()
    return items


def parse_top(p: Parser) -> A.Item:
    t = p.tok
    k = t.kind
    if k == "@":
        return parse_decorated(p)
    is_pub = False
    if k == "pub":
        p.advance()
        is_pub = True
        k = p.tok.kind
        if k not in ("fn", "def", "struct", "type", "interface", "supervisor", "module"):
            if k in ("actor", "service"):
                raise p.error(f"{k}s take no `pub`; they are always exported")
            if k == "impl":
                raise p.error("`impl` takes no `pub`; implementations are global")
            raise p.error(f"expected an item after `pub`, found {p.describe(p.tok)}")
    if k in ("fn", "def"):
        return parse_fn_def(p, is_pub, None)
    if k == "struct":
        return parse_struct(p, is_pub, t.start)
    if k == "type":
        return parse_type_def(p, is_pub, t.start)
    if k == "interface":
        return parse_interface(p, is_pub, t.start)
    if k == "impl":
        return parse_impl(p)
    if k == "actor":
        return parse_actor(p)
    if k == "service":
        return parse_service(p)
    if k == "supervisor":
        return parse_supervisor(p, is_pub, t.start)
    if k == "module":
        p.advance()
        name = p.expect_ident("a module name")
        p.expect("do", "expected `do` after the module name")
        parse_items(p, "end")
        p.expect("end")
        return A.ModuleDef(name.text, p.span_from(t.start))
    if k == "import":
        p.advance()
        return A.Import(parse_path(p), p.span_from(t.start))
    if k == "IDENT" and t.value == "from" and p.peek().kind == "IDENT":
        return parse_from_import(p)
    if (
        k == "IDENT"
        and t.value == "clustered"
        and p.peek().kind in ("(", "pub", "fn", "def", "IDENT")
    ):
        raise p.error(
            "legacy `clustered(work)` declarations are no longer supported; "
            "migrate to `@cluster` or `@cluster(N)` before `fn`/`def`"
        )
    raise p.error("expected an item at top level")


def parse_path(p: Parser) -> list[str]:
    path = [p.expect_ident("a module path").text]
    while p.at(".") and p.peek().kind == "IDENT":
        p.advance()
        path.append(p.advance().text)
    return path


def parse_from_import(p: Parser) -> A.FromImport:
    start = p.advance().start
    path = parse_path(p)
    if not p.at("import"):
        raise p.error(f"expected `import` after `from {'.'.join(path)}`")
    p.advance()
    names = []
    if p.at("*"):
        raise p.error("glob imports are not allowed; import names explicitly")
    if p.accept("("):
        while not p.at(")"):
            t = p.expect_ident("a name to import")
            names.append((t.text, Span(p.file, t.start, t.end)))
            if not p.accept(","):
                break
        p.expect(")", "expected `)` to close the import list")
    else:
        while True:
            if p.at("*"):
                raise p.error("glob imports are not allowed; import names explicitly")
            t = p.expect_ident("a name to import")
            names.append((t.text, Span(p.file, t.start, t.end)))
            if not p.accept(","):
                break
            p.skip_newlines()  # our choice: `x,` at a line end continues the list
            if not p.at("IDENT"):
                break
    return A.FromImport(path, names, p.span_from(start))


def parse_decorated(p: Parser) -> A.FnDef:
    at = p.advance()
    if not p.at_word("cluster"):
        raise p.error("expected `cluster` after `@`")
    p.advance()
    count = 2  # owner + mirrored replica (07 §11.5)
    if p.accept("("):
        if not p.at("INT"):
            raise p.error("expected integer replication count inside `@cluster(...)`")
        count = p.advance().int_value
        if p.at(","):
            raise p.error("expected exactly one replication count in `@cluster(N)`")
        if not p.at(")"):
            raise p.error("expected `)` to close `@cluster(...)`")
        p.advance()
    p.skip_newlines()
    is_pub = bool(p.accept("pub"))
    if not (p.at("fn") or p.at("def")):
        raise p.error("expected `fn` or `def` after `@cluster`")
    fn = parse_fn_def(p, is_pub, count)
    fn.span = p.span_from(at.start)
    return fn


def parse_generics(p: Parser) -> list[str]:
    if not p.accept("<"):
        return []
    names = []
    while not p.at(">"):
        names.append(p.expect_ident("a type parameter").text)
        if not p.accept(","):
            break
    p.expect(">", "expected `>` to close the type parameters")
    return names


def parse_where(p: Parser) -> list[tuple[str, str, Span]]:
    bounds = []
    if p.accept("where"):
        while True:
            tv = p.expect_ident("a type parameter")
            p.expect(":", "expected `:` in where clause")
            trait = ".".join(parse_path(p))
            bounds.append((tv.text, trait, p.span_from(tv.start)))
            if not p.accept(","):
                break
    return bounds


def parse_fn_def(p: Parser, is_pub: bool, cluster: int | None) -> A.FnDef:
    start = p.advance().start  # fn / def
    name = p.expect_ident("a function name")
    generics = parse_generics(p)
    has_params = p.at("(")
    params = p.parse_fparams() if has_params else []
    ret = p.parse_type() if p.accept("->") else None
    where = parse_where(p)
    guard = p.parse_cond() if p.accept("when") else None
    if p.accept("="):
        body: A.Expr = p.parse_expr()
    elif p.accept("do"):
        body = p.parse_do_block()
    else:
        raise p.error("expected `=` or `do` for function body")
    fn = A.FnDef(
        name.text,
        Span(p.file, name.start, name.end),
        generics,
        params,
        ret,
        where,
        guard,
        body,
        is_pub,
        p.span_from(start),
        cluster,
        cluster is not None,
        has_params,
    )
    return fn


def parse_deriving(p: Parser) -> list[tuple[str, Span]] | None:
    if not p.at_word("deriving"):
        return None
    p.advance()
    p.expect("(", "expected `(` after `deriving`")
    names = []
    while not p.at(")"):
        t = p.expect_ident("a trait name")
        names.append((t.text, Span(p.file, t.start, t.end)))
        if not p.accept(","):
            break
    p.expect(")", "expected `)` to close `deriving(...)`")
    return names


def parse_struct(p: Parser, is_pub: bool, start: int) -> A.StructDef:
    p.advance()
    name = p.expect_ident("a struct name")
    generics = parse_generics(p)
    p.expect("do", "expected `do` after the struct name")
    fields = []
    db: list[tuple[str, A.DbMember, Span]] = []
    p.skip_seps()
    while not p.at("end"):
        t = p.expect_ident("a field name")
        if t.value in _DB_MEMBERS and not p.at("::"):
            db.append((t.text, parse_db_member(p, t.text), p.span_from(t.start)))
        else:
            p.expect("::", f"expected `::` and a type after field `{t.text}`")
            fields.append((t.text, p.parse_type(), Span(p.file, t.start, t.end)))
        p.skip_seps()
    p.advance()
    deriving = parse_deriving(p)
    if any(n == "Schema" for n, _ in deriving or ()):
        fields += _timestamp_fields(db)
    return A.StructDef(name.text, generics, fields, deriving, is_pub, p.span_from(start), db)


def _timestamp_fields(
    db: list[tuple[str, A.DbMember, Span]],
) -> list[tuple[str, A.TypeExpr, Span]]:
    """`timestamps true` in a Schema struct adds `inserted_at` and `updated_at` String
    fields (spec 06 §3.7)."""
    for word, value, span in db:
        if word == "timestamps" and value is True:
            return [(n, A.TName(span, ["String"]), span) for n in ("inserted_at", "updated_at")]
    return []


def parse_db_member(p: Parser, word: str) -> A.DbMember:
    if word == "table":
        t = p.expect("STRING", "expected a table name string")
        return "".join(x for x in t.string_parts if isinstance(x, str))
    if word == "primary_key":
        return p.expect("ATOM", "expected an atom after `primary_key`").text
    if word == "timestamps":
        if p.at("true") or p.at("false"):
            return p.advance().kind == "true"
        raise p.error("expected `true` or `false` after `timestamps`")
    atom = p.expect("ATOM", f"expected an atom after `{word}`").text
    p.expect(",", f"expected `,` in `{word}`")
    return (atom, p.expect_ident("a type name").text)


def parse_type_def(p: Parser, is_pub: bool, start: int) -> A.AliasDef | A.SumDef:
    p.advance()
    name = p.expect_ident("a type name")
    generics = parse_generics(p)
    if p.accept("="):
        target = p.parse_type()
        return A.AliasDef(name.text, generics, target, is_pub, p.span_from(start))
    p.expect("do", "expected `do` (sum type) or `=` (type alias) after the type name")
    variants = []
    p.skip_seps()
    while not p.at("end"):
        v = p.expect_ident("a variant name")
        fields: list[tuple[str | None, A.TypeExpr]] = []
        if p.accept("("):
            while not p.at(")"):
                if p.at("IDENT") and p.peek().kind == "::":
                    fname = p.advance().text
                    p.advance()
                    fields.append((fname, p.parse_type()))
                else:
                    fields.append((None, p.parse_type()))
                if not p.accept(","):
                    break
            p.expect(")", "expected `)` to close the variant fields")
        variants.append(A.Variant(v.text, fields, p.span_from(v.start)))
        p.skip_seps()
    p.advance()
    deriving = parse_deriving(p)
    return A.SumDef(name.text, generics, variants, deriving, is_pub, p.span_from(start))


def parse_pparams(p: Parser) -> list[A.Param]:
    if not p.at("("):
        return []
    p.advance()
    params = []
    while not p.at(")"):
        t = p.tok
        if t.kind not in ("IDENT", "self"):
            raise p.error(f"expected a parameter name, found {p.describe(t)}")
        p.advance()
        ann = p.parse_type() if p.accept("::") else None
        pat = A.PVar(Span(p.file, t.start, t.end), t.text)
        params.append(A.Param(pat, ann, p.span_from(t.start)))
        if not p.accept(","):
            break
    p.expect(")", "expected `)` to close the parameter list")
    return params


def parse_interface(p: Parser, is_pub: bool, start: int) -> A.InterfaceDef:
    p.advance()
    name = p.expect_ident("an interface name")
    generics = parse_generics(p)
    p.expect("do", "expected `do` after the interface name")
    assoc = []
    methods = []
    p.skip_seps()
    while not p.at("end"):
        if p.accept("type"):
            t = p.expect_ident("an associated type name")
            assoc.append((t.text, Span(p.file, t.start, t.end)))
        elif p.at("fn") or p.at("def"):
            mstart = p.advance().start
            mname = p.expect_ident("a method name")
            params = parse_pparams(p)
            ret = p.parse_type() if p.accept("->") else None
            default = p.parse_do_block() if p.accept("do") else None
            methods.append(A.MethodSig(mname.text, params, ret, default, p.span_from(mstart)))
        else:
            raise p.error(f"expected `fn` or `type` in interface body, found {p.describe(p.tok)}")
        p.skip_seps()
    p.advance()
    return A.InterfaceDef(name.text, generics, assoc, methods, is_pub, p.span_from(start))


def parse_impl(p: Parser) -> A.ImplDef:
    start = p.advance().start
    trait = parse_path(p)
    targs = []
    if p.accept("<"):
        while not p.at(">"):
            targs.append(p.parse_type())
            if not p.accept(","):
                break
        p.expect(">", "expected `>` to close the trait arguments")
    p.expect("for", "expected `for` in `impl Trait for Type`")
    target = parse_path(p)
    if p.at("<"):
        raise p.error("the impl target cannot carry type arguments; write `impl Trait for Name`")
    where = parse_where(p)
    p.expect("do", "expected `do` after the impl header")
    assoc = []
    methods = []
    p.skip_seps()
    while not p.at("end"):
        if p.at("type"):
            tstart = p.advance().start
            t = p.expect_ident("an associated type name")
            p.expect("=", "expected `=` in associated type binding")
            assoc.append((t.text, p.parse_type(), p.span_from(tstart)))
        else:
            is_pub = bool(p.accept("pub"))
            if not (p.at("fn") or p.at("def")):
                raise p.error(f"expected `fn` or `type` in impl body, found {p.describe(p.tok)}")
            methods.append(parse_fn_def(p, is_pub, None))
        p.skip_seps()
    p.advance()
    return A.ImplDef(trait, targs, target, where, assoc, methods, p.span_from(start))


def parse_actor(p: Parser) -> A.ActorDef:
    start = p.advance().start
    name = p.expect_ident("an actor name")
    params = parse_pparams(p)
    p.expect("do", "expected `do` after the actor header")
    bstart = p.tok.start
    stmts: list[A.Expr | A.Let | A.FnDef] = []
    terminate = None
    p.skip_seps()
    while not p.at("end"):
        if p.at("EOF"):
            raise p.error("expected `end` to close `do` block")
        if p.at("terminate"):
            if terminate is not None:
                raise p.error("only one `terminate` clause is allowed per actor block")
            p.advance()
            p.expect("do", "expected `do` after `terminate`")
            terminate = p.parse_do_block()
        else:
            stmts.append(p.parse_stmt())
        p.skip_seps()
    body = A.Block(Span(p.file, bstart, p.tok.start), stmts)
    p.advance()
    return A.ActorDef(name.text, params, body, terminate, p.span_from(start))


def parse_service(p: Parser) -> A.ServiceDef:
    start = p.advance().start
    name = p.expect_ident("a service name")
    p.expect("do", "expected `do` after the service name")
    fns = []
    handlers = []
    p.skip_seps()
    while not p.at("end"):
        if p.at("fn") or p.at("def"):
            fns.append(parse_fn_def(p, False, None))
        elif p.at("call") or p.at("cast"):
            hstart = p.tok.start
            kind = p.advance().kind
            hname = p.expect_ident("a handler name")
            params = parse_pparams(p)
            reply = p.parse_type() if kind == "call" and p.accept("::") else None
            p.expect("do", f"expected `do` after the {kind} handler header")
            state = None
            if p.accept("|"):
                state = p.expect_ident("the state name").text
                p.expect("|", "expected `|` after the state name")
            body = p.parse_do_block()
            handlers.append(
                A.Handler(kind, hname.text, params, reply, state, body, p.span_from(hstart))
            )
        else:
            raise p.error(
                f"expected `fn`, `call` or `cast` in service body, found {p.describe(p.tok)}"
            )
        p.skip_seps()
    p.advance()
    return A.ServiceDef(name.text, fns, handlers, p.span_from(start))


def parse_supervisor(p: Parser, is_pub: bool, start: int) -> A.SupervisorDef:
    p.advance()
    name = p.expect_ident("a supervisor name")
    p.expect("do", "expected `do` after the supervisor name")
    sup = A.SupervisorDef(name.text, is_pub, None, None, None, [], Span(p.file, start, start))
    p.skip_seps()
    while not p.at("end"):
        t = p.tok
        word = t.text if t.kind == "IDENT" else p.file.text[t.start : t.end]
        if t.kind == "IDENT" and word == "strategy":
            p.advance()
            p.expect(":", "expected `:` after `strategy`")
            v = p.expect_ident("a strategy name")
            sup.strategy = (v.text, Span(p.file, v.start, v.end))
        elif t.kind == "IDENT" and word in ("max_restarts", "max_seconds"):
            p.advance()
            p.expect(":", f"expected `:` after `{word}`")
            v = p.expect("INT", f"expected an integer after `{word}:`")
            setattr(sup, word, (v.int_value, Span(p.file, v.start, v.end)))
        elif t.kind == "IDENT" and word == "child":
            sup.children.append(parse_child(p))
        else:
            raise p.error(f"unexpected `{word}` in supervisor body")
        p.skip_seps()
    p.advance()
    sup.span = p.span_from(start)
    return sup


def parse_child(p: Parser) -> A.ChildSpec:
    start = p.advance().start
    name = p.expect_ident("a child name")
    p.expect("do", "expected `do` after the child name")
    child = A.ChildSpec(name.text, None, None, None, Span(p.file, start, start))
    p.skip_seps()
    while not p.at("end"):
        t = p.tok
        word = t.text if t.kind == "IDENT" else p.file.text[t.start : t.end]
        if t.kind == "IDENT" and word == "start":
            p.advance()
            p.expect(":", "expected `:` after `start`")
            child.start = p.parse_expr()
        elif t.kind == "IDENT" and word == "restart":
            p.advance()
            p.expect(":", "expected `:` after `restart`")
            v = p.expect_ident("a restart type")
            child.restart = (v.text, Span(p.file, v.start, v.end))
        elif t.kind == "IDENT" and word == "shutdown":
            p.advance()
            p.expect(":", "expected `:` after `shutdown`")
            v = p.advance() if p.at("INT") else p.expect_ident("a shutdown value")
            shutdown = v.int_value if v.kind == "INT" else v.text
            child.shutdown = (shutdown, Span(p.file, v.start, v.end))
        else:
            raise p.error(f"unexpected `{word}` in supervisor body")
        p.skip_seps()
    p.advance()
    child.span = p.span_from(start)
    return child
