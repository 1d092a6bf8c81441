"""`mesh observatory <node> [--port P] [--host H] [--cookie C] [--interval-ms MS]
[--timeout-ms MS]`.

Exit status 1 with `error: <message>` when the cookie is missing or the first query of
`<node>` fails (a wrong cookie: `... unavailable: handshake failed: cookie mismatch`), so
a wrong cookie never gets as far as a page; 2 for usage errors. The cookie is never
printed, served or logged.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from mesh.cli import UsageError, prog_name, unexpected

USAGE = """\
Usage: {prog} observatory <node> [--port P] [--host H] [--cookie C] [--interval-ms MS]
                         [--timeout-ms MS]

Watch a running cluster live in the browser. <node> is name@host:port; the Observatory
dials it (and the peers it reports) as an operator client: it authenticates with the
cookie, never joins the cluster and needs no port beyond the nodes' cluster ports.

Options:
  --port P          local web UI port (default 7070; 0 picks a free one)
  --host H          address the web UI binds (default 127.0.0.1)
  --cookie C        cluster cookie (default: MESH_CLUSTER_COOKIE)
  --interval-ms MS  how often every node is polled (default 1000)
  --timeout-ms MS   per-query timeout; a node that does not answer within it is
                    shown unhealthy (default 2000)
"""

FLAGS = ("--port", "--host", "--cookie", "--interval-ms", "--timeout-ms", "--help")


@dataclass
class Args:
    node: str
    port: int = 7070
    host: str = "127.0.0.1"
    cookie: str | None = None
    interval_ms: int = 1000
    timeout_ms: int = 2000


def _number(flag: str, v: str, minimum: int) -> int:
    if not v.isdigit() or int(v) < minimum:
        raise UsageError(f"invalid value '{v}' for '{flag}': expected an integer >= {minimum}")
    return int(v)


def parse(argv: list[str]) -> Args:
    pos: list[str] = []
    opts: dict[str, str] = {}
    it = iter(argv)
    for a in it:
        if a.startswith("-") and a != "-":
            name, eq, val = a.partition("=")
            if name not in FLAGS or name == "--help":
                raise unexpected(a, FLAGS)
            if not eq:
                val = next(it, None)
                if val is None:
                    raise UsageError(f"a value is required for '{name} <VALUE>'")
            opts[name] = val
        else:
            pos.append(a)
    if not pos:
        raise UsageError("the <node> argument of 'observatory' is required")
    if len(pos) > 1:
        raise UsageError(f"unexpected argument '{pos[1]}' found")
    args = Args(pos[0], cookie=opts.get("--cookie"))
    if "--port" in opts:
        args.port = _number("--port", opts["--port"], 0)
    if "--host" in opts:
        args.host = opts["--host"]
    if "--interval-ms" in opts:
        args.interval_ms = _number("--interval-ms", opts["--interval-ms"], 50)
    if "--timeout-ms" in opts:
        args.timeout_ms = _number("--timeout-ms", opts["--timeout-ms"], 1)
    return args


class Failure(Exception):
    pass


def cookie_of(args: Args, env, cli: str) -> str:
    if args.cookie is not None:
        if not args.cookie.strip():
            raise Failure(f"{cli} observatory: --cookie must not be blank")
        return args.cookie.strip()
    env_cookie = env.get("MESH_CLUSTER_COOKIE")
    if env_cookie is None:
        raise Failure(
            f"{cli} observatory: MESH_CLUSTER_COOKIE is required unless --cookie is provided"
        )
    if not env_cookie.strip():
        raise Failure(f"{cli} observatory: MESH_CLUSTER_COOKIE must not be blank")
    return env_cookie.strip()


async def _run(args: Args, cookie: str) -> None:
    import trio

    from .collector import Collector
    from .web import Web

    c = Collector(args.node, cookie, args.interval_ms / 1000, args.timeout_ms / 1000)
    await c.poll_once()
    seed = c.nodes[args.node]
    if seed.health != "healthy":
        raise Failure(seed.error)
    web = Web(c, args.host, args.port)
    port = await web.open()
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Observatory for {args.node}: http://{shown}:{port}/", flush=True)
    async with trio.open_nursery() as n:
        n.start_soon(web.serve)
        await c.run()


def main(argv: list[str]) -> int:
    cli = prog_name()
    if any(a in ("-h", "--help") for a in argv):
        sys.stdout.write(USAGE.format(prog=cli))
        return 0
    try:
        args = parse(argv)
    except UsageError as e:
        sys.stderr.write(f"error: {e}\n\n" + USAGE.format(prog=cli))
        return 2
    import trio

    from mesh.cluster.names import NodeNameError, parse_node_name

    try:
        cookie = cookie_of(args, os.environ, cli)
        try:
            parse_node_name(args.node)
        except NodeNameError as e:
            raise Failure(f"invalid node name {args.node}: {e}") from None
        trio.run(_run, args, cookie)
    except Failure as e:
        sys.stderr.write(f"error: {e}\n")
        return 1
    except OSError as e:
        sys.stderr.write(
            f"error: {cli} observatory: cannot serve the UI on "
            f"{args.host}:{args.port}: {e.strerror or e}\n"
        )
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
