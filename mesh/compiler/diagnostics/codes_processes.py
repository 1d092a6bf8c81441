"""Catalogue entries for processes, supervisors and clustering (spec 04, 07 §9–§11)."""

from __future__ import annotations

from mesh.compiler.diagnostics.entry import Entry, Wording

# CFG0001 keeps the reference's sentence shape (spec 08 §5.1): `...is invalid: <reason>; <fix>`
_CFG0001_HEAD = (
    "clustered declaration `work` for `{name}` from a source `@cluster` decorator with "
    "replication count {count} ({how}) is invalid: "
)

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "E0014",
        "Message of the wrong type",
        headline="message type mismatch: expected {expected}, found {found}",
        label="expected {expected}, found {found}",
        help="this Pid accepts messages of type {expected}",
        message="message type mismatch: expected `{expected}`, found `{found}`",
        explanation="""
        A `Pid<M>` accepts only messages of type `M`: an actor's message type is inferred
        from the patterns of its `receive` expressions (or from an annotation), and `send`
        checks every message against it. To accept several kinds of message, declare a
        sum type with one variant per kind.
        """,
        example="""
        actor doubler() do
          receive do
            n -> println("#{n * 2}")
          end
        end

        fn main() do
          let d = spawn(doubler)
          send(d, "four")
        end
        """,
    ),
    Entry(
        "E0015",
        "self() outside an actor",
        headline="self() used outside actor block",
        explanation="""
        Listed by the specification for the reference compiler, which accepts `self()`
        only inside actor bodies. This compiler never reports it: `self()` is valid in any
        function (spec 04 §7) and denotes the process running the code; outside an actor
        body its type is the untyped `Pid`. The example, which the reference compiler
        rejects, builds and runs here.
        """,
        example="""
        fn main() do
          let me = self()
          println("#{me}")
        end
        """,
        accepted=True,
    ),
    Entry(
        "E0016",
        "Spawning something that is not an actor",
        headline="cannot spawn non-function: found {type}",
        label="expected a function, found {type}",
        help="spawn takes an actor (or a supervisor)",
        message="cannot spawn non-function: found `{type}`",
        forms={
            "node_spawn_shape": Wording(
                headline="`Node.{function}` needs a node name and a top-level function",
                label="expected `Node.spawn(node, function, args...)`",
            ),
            "node_spawn_target": Wording(
                headline="cannot spawn non-function: found `{name}`",
                label="expected a top-level function or actor",
            ),
            # `spawn()`
            "nothing": Wording(
                headline="cannot spawn non-function: found `()`",
                label="expected a function, found ()",
                message="cannot spawn non-function: found `()`",
            ),
        },
        explanation="""
        `spawn` (and `Node.spawn`) start an actor or a supervisor, named directly:
        `spawn(counter, 0)`. A plain value, or a function that is not an actor, cannot be
        a process body.
        """,
        example="""
        fn main() do
          let p = spawn(42)
          println("spawned")
        end
        """,
    ),
    Entry(
        "E0017",
        "receive outside an actor",
        headline="receive used outside actor block",
        help="move this receive expression into an actor block",
        explanation="""
        Listed by the specification for the reference compiler, which accepts `receive`
        only inside actor bodies. This compiler never reports it: `receive` is allowed in
        any function or closure (spec 04 §8) and reads the mailbox of the process running
        it, and there is no place outside every function where an expression can be
        written. The example, which the reference compiler rejects, builds and runs here.
        """,
        example="""
        fn main() do
          send(self(), 1)
          receive do
            n -> println("#{n}")
          end
        end
        """,
        output="1",
        accepted=True,
    ),
    Entry(
        "E0018",
        "Supervisor child does not start a process",
        headline="child `{child}` start function must return Pid, found `{type}`",
        label="expected `fn -> spawn(...) end`",
        help="the start function must call spawn() and return a Pid",
        forms={
            "no_start": Wording(
                headline="child `{child}` start function must return Pid, found `()`",
                label="missing `start:`",
                help="the start function must call spawn() and return a Pid",
            ),
        },
        explanation="""
        A supervisor child's `start:` function is how the supervisor (re)starts it, so it
        must return the `Pid` of the process it spawned.
        """,
        example="""
        supervisor BadSup do
          child worker do
            start: fn -> "worker" end
          end
        end

        fn main() do
          spawn(BadSup)
        end
        """,
    ),
    Entry(
        "E0019",
        "Invalid supervisor declaration",
        headline="unknown supervision strategy `{strategy}`",
        label="expected one_for_one, one_for_all, rest_for_one, or simple_one_for_one",
        message="unknown supervision strategy `{strategy}`, expected one_for_one, one_for_all, "
        "rest_for_one, or simple_one_for_one",
        forms={
            "duplicate_child": Wording(
                headline="duplicate child name `{child}` in supervisor `{name}`",
                label="duplicate child name `{child}`",
                help="give each child of a supervisor its own name",
            ),
        },
        explanation="""
        A supervisor's `strategy:` must be one of one_for_one, one_for_all, rest_for_one
        or simple_one_for_one, and its children need distinct names (a restart finds the
        child by name).
        """,
        example="""
        actor idle() do
          receive do
            n -> println("#{n + 0}")
          end
        end

        supervisor BadSup do
          strategy: one_for_some
          child worker do
            start: fn -> spawn(idle) end
          end
        end

        fn main() do
          spawn(BadSup)
        end
        """,
    ),
    Entry(
        "E0020",
        "Invalid restart type",
        headline="invalid restart type `{restart}` for child `{child}`",
        label="expected permanent, transient, or temporary",
        message="invalid restart type `{restart}` for child `{child}`, expected permanent, "
        "transient, or temporary",
        explanation="""
        `restart:` says when a child is restarted: `permanent` (always), `transient` (only
        after an abnormal exit) or `temporary` (never).
        """,
        example="""
        actor idle() do
          receive do
            n -> println("#{n + 0}")
          end
        end

        supervisor BadSup do
          child worker do
            start: fn -> spawn(idle) end
            restart: sometimes
          end
        end

        fn main() do
          spawn(BadSup)
        end
        """,
    ),
    Entry(
        "E0021",
        "Invalid shutdown value",
        headline="invalid shutdown value `{shutdown}` for child `{child}`",
        label="expected a positive integer or brutal_kill",
        message="invalid shutdown value `{shutdown}` for child `{child}`, expected a positive "
        "integer or brutal_kill",
        explanation="""
        `shutdown:` is how long (in milliseconds, a positive integer) the supervisor waits
        for a child to stop, or `brutal_kill` to stop it at once.
        """,
        example="""
        actor idle() do
          receive do
            n -> println("#{n + 0}")
          end
        end

        supervisor BadSup do
          child worker do
            start: fn -> spawn(idle) end
            shutdown: 0
          end
        end

        fn main() do
          spawn(BadSup)
        end
        """,
    ),
    Entry(
        "E0046",
        "Manual promotion does not exist",
        headline="`Continuity.promote()` is disabled",
        label="manual promotion does not exist",
        help="a standby promotes itself when it loses its primary (07 §11.3)",
        message="`Continuity.promote()` is disabled; failover is automatic-only",
        explanation="""
        Failover in a cluster is automatic: a standby promotes itself when it loses its
        primary. There is no API to promote a node by hand, so the call is rejected at
        compile time rather than failing at run time.
        """,
        example="""
        fn main() do
          Continuity.promote()
        end
        """,
    ),
    Entry(
        "E0047",
        "Invalid HTTP.clustered(...) usage",
        headline="invalid HTTP.clustered(...) usage: the replication count must be a positive "
        "integer literal, e.g. `HTTP.clustered(3, handler)`",
        label="not a positive integer literal",
        help="write the count as a literal such as `1` or `2` (without one the count is {default})",
        forms={
            "shape": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "expected `HTTP.clustered(handler)` or `HTTP.clustered(<int>, handler)`",
                label="{given} argument(s) given",
                help="pass the route handler, optionally preceded by a replication count: "
                "`HTTP.clustered(2, handler)`",
            ),
            "handler_type": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "route handler `{name}` has type {found}, expected {expected}",
                label="has type {found}",
                help="a route handler takes the `Request` and returns a `Response`: "
                "`pub fn {name}(request :: Request) -> Response`",
            ),
            "full_path": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "`{path}.{name}` is not a valid qualifier; an imported module is named by its last segment, `{last}.{name}`",
                label="full module path used as a qualifier",
                help="write `{last}.{name}` after `import {path}`",
            ),
            "not_a_name": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "the handler must be a public top-level function, named bare (`handle_x`) or module-qualified (`Module.handle_x`)",
                label="not a function name",
                help="pass a `pub fn` defined at the top level of a module, bare or as `Module.fn`",
            ),
            "local_function": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "`{name}` is a local function, not a top-level function",
                label="local function `{name}`",
                help="pass a `pub fn` defined at the top level of a module, bare or as `Module.fn`",
            ),
            "local_variable": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "`{name}` is a local variable, not a top-level function",
                label="local variable `{name}`",
                help="pass a `pub fn` defined at the top level of a module, bare or as `Module.fn`",
            ),
            "not_project_function": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "`{name}` is not a function defined in this project",
                label="not a user-defined function",
                help="pass a `pub fn` defined at the top level of a module, bare or as `Module.fn`",
            ),
            # the help is a `did you mean` suggestion when a name is close
            "unknown": Wording(
                headline="invalid HTTP.clustered(...) usage: unknown route handler `{name}`",
                label="not found in this scope",
                help="define `pub fn {name}(request :: Request) -> Response`",
            ),
            "local_field": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "`{module}.{name}` reads a field of the local value `{module}`, not a top-level function",
                label="not a function name",
                help="pass a `pub fn` defined at the top level of a module, bare or as `Module.fn`",
            ),
            "no_such_function": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "module `{module}` has no function `{name}`",
                label="not found in this module",
                help="define `pub fn {name}(request :: Request) -> Response` in `{module}`",
            ),
            "stdlib_function": Wording(
                headline="invalid HTTP.clustered(...) usage: "
                "`{module}.{name}` is a standard-library function, not a route handler defined in this project",
                label="not a user-defined function",
                help="pass a `pub fn` defined at the top level of a module, bare or as `Module.fn`",
            ),
            "not_imported": Wording(
                headline="invalid HTTP.clustered(...) usage: module `{module}` is not imported",
                label="unknown module",
                help="add `import <path>.{module}` at the top of this file",
            ),
            "actor": Wording(
                headline="invalid HTTP.clustered(...) usage: `{name}` is an actor, not a function",
                label="actor",
                help="pass a `pub fn` defined at the top level of a module, bare or as `Module.fn`",
            ),
        },
        explanation="""
        `HTTP.clustered(handler)` or `HTTP.clustered(N, handler)` wraps a route handler so
        that the cluster runs the request on the node that owns it. The replication count
        N must be a positive integer literal and the handler a public top-level function
        `(Request) -> Response`, named bare or as `Module.fn` (not a closure, a local
        variable, an actor or a standard-library function).
        """,
        example="""
        pub fn handler(_request :: Request) -> Response do
          HTTP.response(200, "ok")
        end

        fn main() do
          let r = HTTP.router() |> HTTP.on_get("/", HTTP.clustered(0, handler))
          println("unreachable")
        end
        """,
    ),
    Entry(
        "E0048",
        "Clustered route handler is private",
        headline="route handler `{handler}` must be public to use HTTP.clustered(...)",
        label="`{name}` is private",
        help="declare it `pub fn {name}(request :: Request) -> Response`",
        explanation="""
        Another node runs a clustered handler by its module and name, so it must be
        declared `pub fn`.
        """,
        example="""
        fn hidden(_request :: Request) -> Response do
          HTTP.response(200, "hidden")
        end

        fn main() do
          let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(1, hidden))
          println("unreachable")
        end
        """,
    ),
    Entry(
        "E0049",
        "HTTP.clustered(...) outside a route registration",
        headline="HTTP.clustered(...) can only appear in the route handler position of "
        "HTTP.route(...) or HTTP.on_*(...)",
        label="not the handler argument of a route registration",
        help='pass it directly as the handler: `HTTP.on_get(router, "/path", '
        "HTTP.clustered(handler))`",
        forms={
            # `from HTTP import clustered`: the form is only ever written qualified
            "imported": Wording(
                headline="HTTP.clustered(...) can only appear in the route handler position of "
                "HTTP.route(...) or HTTP.on_*(...)",
                label="imported as a plain name",
                help="write it qualified, `HTTP.clustered(handler)`, as the handler argument of a "
                "route registration",
            ),
        },
        explanation="""
        `HTTP.clustered(...)` is a compile-time marker, not a value: it may only be written
        directly as the handler argument of `HTTP.route` or `HTTP.on_get`/`on_post`/...
        (not bound with `let`, passed to another function, used as middleware or imported
        as a plain name).
        """,
        example="""
        pub fn handler(_request :: Request) -> Response do
          HTTP.response(200, "ok")
        end

        fn main() do
          let h = HTTP.clustered(handler)
          println("unreachable")
        end
        """,
    ),
    Entry(
        "E0050",
        "Clustered handler with two replication counts",
        headline="clustered route handler `{name}` already uses replication count {previous}; "
        "found conflicting count {count}",
        label="replication count {count}",
        help="use one replication count for every route served by `{name}`",
        forms={
            # the secondary label under the use that fixed the count
            "first_use": Wording(label="replication count {previous} first used here"),
        },
        explanation="""
        A clustered handler is registered once cluster-wide with one replication count;
        using it in two routes with different counts would be ambiguous. Use the same
        count everywhere, or two handlers.
        """,
        example="""
        pub fn handler(_request :: Request) -> Response do
          HTTP.response(200, "ok")
        end

        fn main() do
          let r = HTTP.router()
            |> HTTP.on_get("/a", HTTP.clustered(1, handler))
            |> HTTP.on_put("/a", HTTP.clustered(2, handler))
          println("unreachable")
        end
        """,
    ),
    Entry(
        "E0051",
        "Clustered handler without origin (internal)",
        headline="imported clustered route handler is missing origin metadata",
        label="the defining module of `{name}` is unknown",
        help="this is an internal compiler error; please report it",
        explanation="""
        An internal consistency check: the compiler could not tell which module defines an
        imported clustered route handler. A program cannot cause it on purpose; if you see
        it, please report it with the program that triggered it. The example shows the
        case the check guards, a clustered handler imported from another module, which
        builds and runs.
        """,
        example="""
        # api/items.mpl
        pub fn list_items(_request :: Request) -> Response do
          HTTP.response(200, "[]")
        end

        # main.mpl
        from Api.Items import list_items

        fn main() do
          let r = HTTP.router() |> HTTP.on_get("/", HTTP.clustered(list_items))
          println("routes ready")
        end
        """,
        output="routes ready",
        accepted=True,
    ),
    Entry(
        "CFG0001",
        "Invalid clustered declaration",
        headline=_CFG0001_HEAD + "target resolves to a private function; "
        "declare a `pub fn` clustered work entrypoint",
        label="invalid clustered declaration",
        help="Declare a `pub fn` clustered work entrypoint",
        forms={
            "count": Wording(
                headline=_CFG0001_HEAD + "the replication count must be a positive integer; "
                "write `@cluster` (owner + mirrored replica) or `@cluster(1)`",
                label="invalid clustered declaration",
                help="Write `@cluster` (owner + mirrored replica) or `@cluster(1)`",
            ),
            "overloaded": Wording(
                headline=_CFG0001_HEAD + "target resolves to an overloaded function; "
                "keep a single arity for a clustered work entrypoint",
                label="invalid clustered declaration",
                help="Keep a single arity for a clustered work entrypoint",
            ),
            "parameters": Wording(
                headline=_CFG0001_HEAD + "target takes parameters; "
                "declare a clustered work entrypoint without parameters (or the legacy `(request_key :: String, attempt_id :: String)`)",
                label="invalid clustered declaration",
                help="Declare a clustered work entrypoint without parameters (or the legacy `(request_key :: String, attempt_id :: String)`)",
            ),
        },
        explanation="""
        A function decorated with `@cluster` / `@cluster(N)` is cluster work that the
        runtime starts on the node owning it and replicates N times. It must be `pub`, have
        one arity only, and take no parameters (or the legacy `(request_key :: String,
        attempt_id :: String)`); the count must be at least 1. The tool code follows the
        reference implementation (spec 08 §5.1).
        """,
        example="""
        @cluster(3) fn warm_cache() -> Int do
          40 + 2
        end

        fn main() do
          println("unreachable")
        end
        """,
    ),
)
