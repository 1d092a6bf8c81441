"""The peer of bench/db.py: the same endpoints, SQL and JSON as mesh/main.mpl, served by
uvicorn + starlette + asyncpg (bench-only dependencies, not runtime deps). One process,
one asyncpg pool of DB_POOL_SIZE connections. Usage: peer_starlette.py PORT."""

from __future__ import annotations

import contextlib
import html
import json
import os
import sys

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

WORLD = "SELECT id, randomnumber FROM world WHERE id = $1"
UPDATE = "UPDATE world SET randomnumber = $2 WHERE id = $1"
pool: asyncpg.Pool | None = None


def world_id(seed: int, k: int) -> int:
    return (seed + k * 7919) % 10000 + 1


def int_param(request, name: str, default: int) -> int:
    try:
        return int(request.query_params.get(name, default))
    except ValueError:
        return default


def count_param(request) -> int:
    return min(500, max(1, int_param(request, "queries", 1)))


def json_response(value) -> Response:
    return Response(json.dumps(value, separators=(",", ":")), media_type="application/json")


async def fetch_world(conn, id_: int) -> dict:
    row = await conn.fetchrow(WORLD, id_)
    return {"id": row[0], "randomNumber": row[1]}


async def handle_json(request):
    return json_response({"message": "Hello, World!"})


async def handle_db(request):
    seed = int_param(request, "seed", 0)
    async with pool.acquire() as conn:
        return json_response(await fetch_world(conn, world_id(seed, 0)))


async def handle_queries(request):
    seed = int_param(request, "seed", 0)
    worlds = []
    for k in range(count_param(request)):  # one checkout per query, like Pool.query
        async with pool.acquire() as conn:
            worlds.append(await fetch_world(conn, world_id(seed, k)))
    return json_response(worlds)


async def handle_updates(request):
    seed = int_param(request, "seed", 0)
    worlds = []
    for k in range(count_param(request)):
        async with pool.acquire() as conn:
            w = await fetch_world(conn, world_id(seed, k))
        w["randomNumber"] = world_id(seed + 3571, k)
        async with pool.acquire() as conn:
            await conn.execute(UPDATE, w["id"], w["randomNumber"])
        worlds.append(w)
    return json_response(worlds)


async def handle_fortunes(request):
    async with pool.acquire() as conn:
        rows = [(r[0], r[1]) for r in await conn.fetch("SELECT id, message FROM fortune")]
    rows.append((0, "Additional fortune added at request time."))
    rows.sort(key=lambda r: r[1])
    items = "".join(f"<tr><td>{i}</td><td>{html.escape(m)}</td></tr>" for i, m in rows)
    return HTMLResponse(
        "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
        f"<tr><th>id</th><th>message</th></tr>{items}</table></body></html>"
    )


@contextlib.asynccontextmanager
async def lifespan(_app):
    global pool
    size = int(os.environ.get("DB_POOL_SIZE", "16"))
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=size, max_size=size)
    try:
        yield
    finally:
        await pool.close()


app = Starlette(
    routes=[
        Route("/json", handle_json),
        Route("/db", handle_db),
        Route("/queries", handle_queries),
        Route("/updates", handle_updates),
        Route("/fortunes", handle_fortunes),
    ],
    lifespan=lifespan,
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
