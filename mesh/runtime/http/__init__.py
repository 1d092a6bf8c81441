"""HTTP server, router, middleware, client and WebSockets (spec 06 §1–§2, spec 05 §12).

API for generated code: docs/internals/http-contract.md. The Mesh-visible modules are the
shims `mesh.runtime.stdlib.http` (HTTP), `request` (Request), `ws` (Ws) and `http_client`
(Http).
"""

from .model import HttpResponse, Request, Response, Router  # noqa: F401
from .router import dispatch, match  # noqa: F401
from .server import Server, serve, ws_serve  # noqa: F401
