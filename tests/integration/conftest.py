"""Fixtures for the tests of the `app` and `landing` programs (test_http_routing.py,
test_http_middleware.py, test_http_connections.py, test_http_websockets.py,
test_http_landing.py); the helpers they use are in http_support.py.

  app/      routing, params, query, headers, body, methods, middleware order, responses,
            JSON, keep-alive, pipelining, 404/500, limits, a service called from handlers,
            a WebSocket route on the HTTP port and a `Ws.serve` callback echo server
  landing/  the landing-page server of spec 06 / seed 004 with an in-memory service
            standing in for Postgres (JSON API + WebSocket route on one port)

Both are built once per session; each test module gets its own server per parser (module
scope). Other modules here that define their own `app` or `_server_still_up` override
these.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from http_support import PARSERS, Server, build_program, start_server


@pytest.fixture(scope="session")
def http_program(tmp_path_factory) -> Callable[[str], Path]:
    """`http_program(name)`: http_programs/NAME built once per session (per xdist worker),
    whichever module asks first; the modules that start their own servers share the build."""
    out = tmp_path_factory.mktemp("http_programs")
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            built[name] = build_program(name, out)
        return built[name]

    return get


@pytest.fixture(scope="session")
def binaries(http_program) -> dict[str, Path]:
    return {name: http_program(name) for name in ("app", "landing")}


@pytest.fixture(scope="module", params=PARSERS)
def app(request, binaries):
    srv = start_server(binaries["app"], request.param, ws=True)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module", params=PARSERS)
def landing(request, binaries):
    srv = start_server(binaries["landing"], request.param)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(autouse=True)
def _server_still_up(request):
    """After every test each server fixture it used must still be running."""
    yield
    for name in request.fixturenames:
        srv = request.getfixturevalue(name) if name in _SERVER_FIXTURES else None
        if isinstance(srv, Server):
            assert srv.alive(), f"server died (exit {srv.proc.returncode}):\n{srv.stderr_text()}"


# fixture names that hold a started `Server` (in this conftest and in test modules)
_SERVER_FIXTURES = {"app", "landing", "hb_app", "server"}
