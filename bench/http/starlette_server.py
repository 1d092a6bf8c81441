"""GET /text served by uvicorn + starlette (the peer)."""

import sys

import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def text(_request):
    return PlainTextResponse("Hello, World!")


app = Starlette(routes=[Route("/text", text)])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
