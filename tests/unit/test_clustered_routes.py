"""`HTTP.clustered` pieces that no Mesh program can reach (spec 07 §11.6): the E0051
consistency check, and the runtime wrapper's dispatcher seam the cluster layer plugs into.
Everything a program can observe is covered by tests/programs/http_clustered/ and
tests/integration/test_http_clustered.py."""

from __future__ import annotations

import dataclasses
import json
import re

import trio

from mesh.compiler.diagnostics import Reporter
from mesh.compiler.parse import parse_module
from mesh.compiler.source import SourceFile
from mesh.compiler.types import check_program
from mesh.compiler.types.items import ModuleChecker
from mesh.runtime.http import clustered as C
from mesh.runtime.http.model import Request, Response

ITEMS = """pub fn list_items(_request :: Request) -> Response do
  HTTP.response(200, "items")
end
"""
MAIN = """from Api.Items import list_items

fn main() do
  let r = HTTP.router() |> HTTP.on_get("/items", HTTP.clustered(1, list_items))
  println("x")
end
"""


def _check() -> Reporter:
    reporter = Reporter()
    items = parse_module(SourceFile("api/items.mpl", ITEMS), "Api.Items", reporter)
    main = parse_module(SourceFile("main.mpl", MAIN), "Main", reporter)
    check_program([items, main], "Main", reporter)
    return reporter


def test_imported_handler_without_origin_is_e0051(monkeypatch):
    original = ModuleChecker.from_import

    def forget_origin(self, item):
        original(self, item)
        for name, fns in self.env.imported_fns.items():
            self.env.imported_fns[name] = [dataclasses.replace(f, module="") for f in fns]

    assert [d.code for d in _check().items] == []
    monkeypatch.setattr(ModuleChecker, "from_import", forget_origin)
    [d] = _check().items
    assert d.code == "E0051"
    assert d.headline == "imported clustered route handler is missing origin metadata"
    assert d.span.file.path == "main.mpl" and d.span.line == 4


def _request() -> Request:
    return Request("GET", "/x", {}, [])


async def _handler(_req):
    return Response(200, "ok", [("X-Own", "1"), (C.HEADER.lower(), "spoofed")])


def test_key_is_stamped_and_replaces_a_handler_supplied_one():
    route = C.ClusteredRoute("Api.Items.list_items", 1, _handler)
    resp = trio.run(route, _request())
    assert resp.status == 200 and resp.body == "ok"
    assert resp.headers[0] == ("X-Own", "1")
    [key] = [v for k, v in resp.headers if k.lower() == C.HEADER.lower()]
    assert re.fullmatch(r"http-route::Api\.Items\.list_items::[0-9a-f]{16}-[1-9]\d*", key)


def test_installed_dispatcher_decides_and_failures_are_503_json():
    seen = []

    async def placement(route, key, request):
        seen.append((route.runtime_name, route.replicas, key))
        if route.replicas == 2:
            raise C.ClusteredFailure('clustered_http_route_connect_failed:"b"')
        return await C.run_locally(route, request)

    C.install_dispatcher(placement)
    try:
        ok = trio.run(C.ClusteredRoute("Main.h", 1, _handler), _request())
        failed = trio.run(C.ClusteredRoute("Main.h", 2, _handler), _request())
    finally:
        C.install_dispatcher(None)
    assert ok.status == 200
    assert [(n, r) for n, r, _ in seen] == [("Main.h", 1), ("Main.h", 2)]
    assert failed.status == 503
    assert json.loads(failed.body) == {"error": 'clustered_http_route_connect_failed:"b"'}
    assert failed.headers == [(C.HEADER, seen[1][2])]
    assert C.dispatcher is C.standalone_dispatch
    # Standalone again: N = 2 has no replica on a lone node.
    alone = trio.run(C.ClusteredRoute("Main.h", 2, _handler), _request())
    assert alone.body == '{"error":"replica_required_unavailable"}'
