"""Static types of the HTTP server/router/middleware, HTTP client and WebSocket stdlib
(spec 06 §1–§2, spec 05 §12), same format as `stdlib_types.SIGNATURES`; the lead merges
them. Python implementations: `mesh.runtime.stdlib.<HTTP_MODULES[mod]>`; the API contract
for codegen is docs/internals/http-contract.md.

Handle types `Router`, `Request`, `Response`, `HttpResponse` are built-in opaque types
(`HttpResponse` is a struct with fields `status :: Int`, `body :: String`,
`headers :: Map<String, String>`). `Http` request/client/stream handles and WebSocket
connections are plain `Int`s.
"""

from __future__ import annotations

HTTP_MODULES: dict[str, str] = {
    "HTTP": "http",
    "Request": "request",
    "Ws": "ws",
    "Http": "http_client",
}

HTTP_SIGNATURES: dict[str, str] = {
    # ---- router (spec 06 §1.2)
    "HTTP.router": "() -> Router",
    "HTTP.route": "(Router, String, Fun(Request) -> Response) -> Router",
    "HTTP.on_get": "(Router, String, Fun(Request) -> Response) -> Router",
    "HTTP.on_post": "(Router, String, Fun(Request) -> Response) -> Router",
    "HTTP.on_put": "(Router, String, Fun(Request) -> Response) -> Router",
    "HTTP.on_delete": "(Router, String, Fun(Request) -> Response) -> Router",
    "HTTP.on_patch": "(Router, String, Fun(Request) -> Response) -> Router",
    "HTTP.use": "(Router, Fun(Request, Fun(Request) -> Response) -> Response) -> Router",
    "HTTP.on_websocket": "<T>(Router, String, Fun(Int) -> T) -> Router",
    # ---- responses (§1.5)
    "HTTP.response": "(Int, String) -> Response",
    "HTTP.response_with_headers": "(Int, String, Map<String, String>) -> Response",
    # ---- serving (§1.8)
    "HTTP.serve": "(Router, Int) -> ()",
    "HTTP.serve_tls": "(Router, Int, String, String) -> ()",
    # ---- legacy client (spec 05 §12.1)
    "HTTP.get": "(String) -> Result<String, String>",
    "HTTP.post": "(String, String) -> Result<String, String>",
    # ---- requests (§1.4)
    "Request.method": "(Request) -> String",
    "Request.path": "(Request) -> String",
    "Request.body": "(Request) -> String",
    "Request.header": "(Request, String) -> Option<String>",
    "Request.query": "(Request, String) -> Option<String>",
    "Request.param": "(Request, String) -> Option<String>",
    # ---- WebSockets (§2)
    "Ws.serve": "<B, C>(Fun(Int, String, Map<String, String>) -> Int, "
    "Fun(Int, String) -> B, Fun(Int, Int, String) -> C, Int) -> ()",
    "Ws.serve_tls": "<B, C>(Fun(Int, String, Map<String, String>) -> Int, "
    "Fun(Int, String) -> B, Fun(Int, Int, String) -> C, Int, String, String)"
    " -> ()",
    "Ws.send": "(Int, String) -> Int",
    "Ws.join": "(Int, String) -> Int",
    "Ws.leave": "(Int, String) -> Int",
    "Ws.broadcast": "(String, String) -> Int",
    "Ws.broadcast_except": "(String, String, Int) -> Int",
    "Ws.loop": "(Int) -> ()",
    "Ws.receive": "(Int) -> Option<String>",
    "Ws.close": "(Int) -> Int",
    # ---- client builder (spec 05 §12.2–§12.4)
    "Http.build": "(Atom, String) -> Int",
    "Http.header": "(Int, String, String) -> Int",
    "Http.body": "(Int, String) -> Int",
    "Http.json": "(Int, String) -> Int",
    "Http.query": "(Int, String, String) -> Int",
    "Http.timeout": "(Int, Int) -> Int",
    "Http.send": "(Int) -> Result<HttpResponse, String>",
    "Http.client": "() -> Int",
    "Http.send_with": "(Int, Int) -> Result<HttpResponse, String>",
    "Http.client_close": "(Int) -> ()",
    "Http.stream": "(Int, Fun(String) -> String) -> Int",
    "Http.stream_bytes": "(Int, Fun(String) -> String) -> Int",
    "Http.cancel": "(Int) -> ()",
}

# Alternatives for arguments that also accept a `Json` value (spec 06 §1.5, 05 §12.2) and
# for a stream callback returning the atom `:stop` (05 §12.4).
HTTP_OVERLOADS: dict[str, list[str]] = {
    "HTTP.response": ["(Int, String) -> Response", "(Int, Json) -> Response"],
    "HTTP.response_with_headers": [
        "(Int, String, Map<String, String>) -> Response",
        "(Int, Json, Map<String, String>) -> Response",
    ],
    "HTTP.post": [
        "(String, String) -> Result<String, String>",
        "(String, Json) -> Result<String, String>",
    ],
    "Ws.send": ["(Int, String) -> Int", "(Int, Json) -> Int"],
    "Ws.broadcast": ["(String, String) -> Int", "(String, Json) -> Int"],
    "Ws.broadcast_except": ["(String, String, Int) -> Int", "(String, Json, Int) -> Int"],
    "Http.json": ["(Int, String) -> Int", "(Int, Json) -> Int"],
    "Http.body": ["(Int, String) -> Int", "(Int, Json) -> Int"],
    "Http.stream": ["(Int, Fun(String) -> String) -> Int", "(Int, Fun(String) -> Atom) -> Int"],
    "Http.stream_bytes": [
        "(Int, Fun(String) -> String) -> Int",
        "(Int, Fun(String) -> Atom) -> Int",
    ],
}

# Qualified names whose call suspends (spec 00 "Builtins that may suspend"): the Python
# function is a coroutine function; codegen must `await` it and colour the caller `async`.
HTTP_SUSPENDING: frozenset[str] = frozenset(
    {
        "HTTP.get",
        "HTTP.post",
        "HTTP.serve",
        "HTTP.serve_tls",
        "Http.send",
        "Http.send_with",
        "Http.stream",
        "Http.stream_bytes",
        "Http.client_close",
        "Ws.serve",
        "Ws.serve_tls",
        "Ws.send",
        "Ws.broadcast",
        "Ws.broadcast_except",
        "Ws.loop",
        "Ws.receive",
        "Ws.close",
    }
)

# Handler-position arguments: route handlers, middleware, WebSocket handlers/callbacks and
# stream callbacks are process entry points (spec 00) and are compiled `async def`; the
# runtime accepts plain `def` too.
HTTP_ENTRY_POINT_ARGS: dict[str, tuple[int, ...]] = {
    "HTTP.route": (2,),
    "HTTP.on_get": (2,),
    "HTTP.on_post": (2,),
    "HTTP.on_put": (2,),
    "HTTP.on_delete": (2,),
    "HTTP.on_patch": (2,),
    "HTTP.use": (1,),
    "HTTP.on_websocket": (2,),
    "Ws.serve": (0, 1, 2),
    "Ws.serve_tls": (0, 1, 2),
}
