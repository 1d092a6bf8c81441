"""The landing-page server of spec 06 / seed 004 (`http_programs/landing`), with an in-memory
service standing in for Postgres: HTML page, JSON API and a WebSocket route on one port.
Fixtures in conftest.py, helpers in http_support.py."""

from __future__ import annotations

import json

import trio
from http_support import JSON_CT, get, request, rid, ws_run
from trio_websocket import open_websocket_url

# --------------------------------------------------------------------------- landing page


def test_landing_page_html(landing):
    r = get(landing.port, "/")
    assert r.status == 200
    assert r.header_all("Content-Type") == ["text/html; charset=utf-8"]
    assert "<h1>Mesh landing</h1>" in r.text


def test_landing_health_reads_env(landing):
    r = get(landing.port, "/health")
    assert json.loads(r.body) == {"db": "", "status": "ok"}  # Env.get/1 of an unset name


def test_landing_users_json(landing):
    r = get(landing.port, "/api/users")
    assert r.status == 200 and r.header("Content-Type") == JSON_CT
    users = json.loads(r.body)
    assert users[:2] == [
        {"active": True, "email": "ada@example.com", "name": "Ada"},
        {"active": True, "email": "cy@example.com", "name": "Cy"},
    ]
    assert all(u["active"] for u in users)
    assert r.body.startswith(b'[{"active":true,"email":"ada@example.com","name":"Ada"},')


def test_landing_signup_validation(landing):
    r = request(landing.port, "POST", "/api/signup", body="{}")
    assert (r.status, r.reason) == (422, "Unprocessable Content")
    assert json.loads(r.body) == {"error": "name required"}


def test_landing_live_websocket_and_signup_broadcast(landing):
    name = "user-" + rid()

    async def scenario():
        async with open_websocket_url(f"ws://127.0.0.1:{landing.port}/live") as ws:
            assert await ws.get_message() == '{"status":"connected"}'
            body = json.dumps({"name": name, "email": f"{name}@example.com"})
            r = await trio.to_thread.run_sync(
                lambda: request(landing.port, "POST", "/api/signup", body=body)
            )
            assert r.status == 201, r
            reply = json.loads(r.body)
            assert reply["ok"] is True and reply["total"] >= 4
            assert json.loads(await ws.get_message()) == {"event": "signup", "name": name}

    ws_run(scenario)
    users = json.loads(get(landing.port, "/api/users").body)
    assert {"active": True, "email": f"{name}@example.com", "name": name} in users
