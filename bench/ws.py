"""WebSocket echo: a Mesh `Ws.serve` server vs Node's `ws` server, same run, same client.

    .venv/bin/python bench/ws.py [--conns 50] [--echoes 2000] [--repeat 3]

The client is Node's `ws` package (installed with npm into a temporary directory for this
run only): `--conns` connections open, then each sends a text message and waits for its
echo, `--echoes` times (one message in flight per connection); echoes/s = conns × echoes
over the wall time from the first send to the last echo. Also printed: the server
process's CPU time per echo (user + system, from /proc), which a loaded machine distorts
less than wall time. Servers: a compiled Mesh program
(`Ws.serve` whose `on_message` does `Ws.send(conn, text)`) with the fast frame path
(`MESH_WS_CODEC=fast`, the default) and, for reference, with trio-websocket/wsproto
(`MESH_WS_CODEC=wsproto`); and Node's `ws` server echoing every message. Best of
`--repeat` runs each. Goal (issue 19): Mesh (fast) ≥ 0.5× Node's `ws` server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MESH = ROOT / ".venv" / "bin" / "mesh"

ECHO_MPL = """\
fn on_open(conn :: Int, _path :: String, _headers :: Map<String, String>) -> Int do
  conn
end

fn on_message(conn :: Int, text :: String) do
  let _ = Ws.send(conn, text)
  ()
end

fn on_close(_conn :: Int, _code :: Int, _reason :: String) do
  ()
end

fn main() do
  Ws.serve(on_open, on_message, on_close, Env.get_int("WS_PORT", 0))
  HTTP.serve(HTTP.router(), 0)  # Ws.serve returns at once; this keeps the program up
end
"""

NODE_SERVER = """\
const { WebSocketServer } = require("ws");
const wss = new WebSocketServer({ port: Number(process.argv[2]), perMessageDeflate: false });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(isBinary ? data : data.toString()));
});
"""

NODE_CLIENT = """\
const WebSocket = require("ws");
const [url, conns, echoes] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const socks = [];
let open = 0, done = 0, t0 = 0n;
for (let c = 0; c < conns; c++) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let i = 0;
  ws.on("open", () => {
    if (++open === conns) {
      t0 = process.hrtime.bigint();
      for (const s of socks) s.send("message-0");
    }
  });
  ws.on("message", (data) => {
    if (data.toString() !== "message-" + i) throw new Error("bad echo " + data);
    if (++i < echoes) { ws.send("message-" + i); return; }
    ws.close();
    if (++done === conns) {
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      console.log(JSON.stringify({ rate: conns * echoes / s, s }));
    }
  });
  ws.on("error", (e) => { console.error(String(e)); process.exit(1); });
  socks.push(ws);
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"server on port {port} never listened")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(
    server: list[str], env: dict, node_dir: Path, client: Path, conns: int, echoes: int
) -> dict:
    port = _free_port()
    env = dict(os.environ, **env, WS_PORT=str(port))
    srv = subprocess.Popen(
        [*server, str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=node_dir,
    )
    try:
        _wait_port(port, srv)
        cpu0 = _cpu_seconds(srv.pid)
        out = subprocess.run(
            ["node", str(client), f"ws://127.0.0.1:{port}/echo", str(conns), str(echoes)],
            cwd=node_dir,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        r["cpu_us"] = (_cpu_seconds(srv.pid) - cpu0) * 1e6 / (conns * echoes)
        return r
    finally:
        srv.terminate()
        try:
            srv.wait(10)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--echoes", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if not shutil.which("node") or not shutil.which("npm"):
        raise SystemExit("needs Node.js and npm (apt-get install nodejs npm)")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="mesh-bench-ws-") as d:
        tmp = Path(d)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", "ws"],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        client, server_js, src = tmp / "client.js", tmp / "server.js", tmp / "echo.mpl"
        client.write_text(NODE_CLIENT)
        server_js.write_text(NODE_SERVER)
        src.write_text(ECHO_MPL)
        exe = tmp / "echo"
        subprocess.run(
            [str(MESH), "build", str(src), "-o", str(exe)], check=True, stdout=subprocess.DEVNULL
        )
        # the Mesh program reads WS_PORT; the trailing port argument is ignored by it
        systems = {
            "mesh": ([str(exe)], {"MESH_WS_CODEC": "fast"}),
            "mesh-wsproto": ([str(exe)], {"MESH_WS_CODEC": "wsproto"}),
            "node": (["node", str(server_js)], {}),
        }
        res = {
            k: max(
                (_measure(argv, env, tmp, client, a.conns, a.echoes) for _ in range(a.repeat)),
                key=lambda r: r["rate"],
            )
            for k, (argv, env) in systems.items()
        }
    node = res["node"]["rate"]
    print(
        f"\nWebSocket echo, {a.conns} connections × {a.echoes:,} request/reply echoes "
        f"(Node `ws` client), best of {a.repeat}"
    )
    names = {
        "mesh": "Mesh Ws.serve (fast codec)",
        "mesh-wsproto": "Mesh Ws.serve (wsproto)",
        "node": "Node ws server",
    }
    for k, r in res.items():
        print(
            f"  {names[k]:<28} {r['rate']:10,.0f} echoes/s   ({r['s']:.2f} s)   "
            f"vs Node {r['rate'] / node:5.2f}x   server CPU {r['cpu_us']:5.1f} µs/echo"
        )
    print(
        f"  goal: Mesh (fast) ≥ 0.5x Node → {'PASS' if res['mesh']['rate'] >= node / 2 else 'MISS'}"
    )
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
