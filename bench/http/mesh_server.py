"""GET /text served by the Mesh runtime (handler shaped like generated code)."""

import sys

from mesh.runtime.actors import run_program
from mesh.runtime.stdlib import http as HTTP


async def text(_request):
    return HTTP.response(200, "Hello, World!")


async def main():
    router = HTTP.on_get(HTTP.router(), "/text", text)
    await HTTP.serve(router, int(sys.argv[1]))


if __name__ == "__main__":
    sys.exit(run_program(main))
