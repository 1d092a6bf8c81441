"""Remote send throughput between two OS processes (DESIGN §4: >= 50k msgs/s).

    .venv/bin/python bench/dist.py [N] [ROUNDS]     (defaults 200000, 20000)

Mesh: node A (this process) sends N messages `(i, "payload-string")` to an actor on node B
(a child process) over the TLS 1.3 session; B's actor counts them and replies once at the
end. Peer, measured in the same run: the same messages packed with raw msgpack (no ext
hook), framed with a u32 length, over a plain TCP socket pair between two processes with
the same receiver-side decode loop in a trio task. Prints msgs/s for both and the ratio.
Also, in the same run: local send throughput (same messages to an actor in node A's own
process), remote request/reply round trips/s (an actor on A sends `(self, i)` to an echo
actor on B and waits for `i`, ROUNDS times, one outstanding; its peer is the same framed
msgpack request/reply between two Trio processes over plain TCP) and the median
connection set-up time to B over 21 fresh connects (TCP + TLS 1.3 + cookie handshake, the
`Node.connect` path up to authentication).

The BEAM peer (issue 19; needs Debian's `elixir`): two Erlang nodes on this host started
with `elixir --name`, the same bulk send (N `{i, "payload-string"}` to a counting process
on B, which replies once at the end) and the same request/reply loop (a process on A, an
echo process on B), timed inside node A like the Mesh figures. Goals: request/reply
≥ 0.5× the BEAM, bulk send ≥ 1× the BEAM.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time

import msgpack
import trio

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from mesh.cluster import program  # noqa: E402
from mesh.runtime import actors as _a  # noqa: E402
from mesh.runtime.actors import context as _s  # noqa: E402
from mesh.runtime.stdlib import node as Node  # noqa: E402

COOKIE = "bench-cookie"


async def sink(n, reply_to):
    got = 0
    while got < n:
        await _a.receive_any()
        got += 1
    _a.send(reply_to, got)


async def echo():
    while True:
        r = await _a.receive_any()
        _a.send(r[0][0], r[0][1])


async def client(epid, rounds, report_to):
    """The request/reply loop, as an actor (compiled Mesh code's shape)."""
    me = _a.self_pid()
    send = _a.send
    t0 = time.perf_counter()
    for i in range(rounds):
        send(epid, (me, i))
        r = await _a.receive_any()
        assert r[0] == i, r
    send(report_to, rounds / (time.perf_counter() - t0))


# What codegen marks on functions and actors that only wait in `receive` (light processes).
sink._mesh_plain_waits = echo._mesh_plain_waits = client._mesh_plain_waits = True
program.register_functions({"Bench.sink": sink, "Bench.echo": echo})


# ------------------------------------------------------------------ mesh nodes


async def node_b_main():
    assert Node.start("bench-b@127.0.0.1:0", COOKIE) == 0
    print(Node.self(), flush=True)
    # stay up until told to stop (reading stdin keeps the program alive)
    await trio.to_thread.run_sync(sys.stdin.readline, abandon_on_cancel=True)


async def node_a_main(n, rounds, b_name, result):
    assert Node.start("bench-a@127.0.0.1:0", COOKIE) == 0
    assert await Node.connect(b_name) == 0
    me = _a.self_pid()
    pid = await Node.spawn(b_name, "Bench.sink", n, me)
    msg = "payload-string"
    t0 = time.perf_counter()
    send = _a.send
    for i in range(n):
        send(pid, (i, msg))
        _s.red -= 1
        if _s.red <= 0:
            await _s.yield_now()
    r = await _a.receive_any(60000)
    dt = time.perf_counter() - t0
    assert r is not _a.TIMEOUT and r[0] == n, r
    result["mesh"] = n / dt
    # remote request/reply: one outstanding request at a time
    epid = await Node.spawn(b_name, "Bench.echo")
    _a.spawn(client, epid, rounds, me)
    r = await _a.receive_any(60000)
    assert r is not _a.TIMEOUT, r
    result["rtt"] = r[0]
    result["rounds"] = rounds
    # local send throughput, same process, same message shape
    lpid = _a.spawn(sink, n, me)
    t0 = time.perf_counter()
    for i in range(n):
        send(lpid, (i, msg))
        _s.red -= 1
        if _s.red <= 0:
            await _s.yield_now()
    r = await _a.receive_any(60000)
    assert r is not _a.TIMEOUT and r[0] == n, r
    result["local"] = n / (time.perf_counter() - t0)


# ------------------------------------------------------------------ connection set-up


async def connect_times(b_name, count, result):
    """TCP connect + TLS 1.3 handshake + cookie handshake (initiator side, as `_dial`)."""
    import ssl

    from mesh.cluster.handshake import Handshake, cert_binding
    from mesh.cluster.names import parse_node_name

    _b, host, port = parse_node_name(b_name)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    times = []
    for i in range(count):
        t0 = time.perf_counter()
        tcp = await trio.open_tcp_stream(host, port)
        tls = trio.SSLStream(tcp, ctx, server_hostname="mesh-node")
        await tls.do_handshake()
        hs = Handshake(
            "initiator",
            f"probe{i}@127.0.0.1:1",
            1,
            COOKIE.encode(),
            cert_binding(tls.getpeercert(binary_form=True)),
        )
        await tls.send_all(hs.data_to_send())
        while not (hs.done or hs.failed):
            hs.receive_data(await tls.receive_some(4096))
            out = hs.data_to_send()
            if out:
                await tls.send_all(out)
        times.append(time.perf_counter() - t0)
        assert hs.done, hs.error
        await trio.aclose_forcefully(tls)
        await trio.sleep(0.05)  # let B run its disconnect procedure
    times.sort()
    result["setup_ms"] = 1000 * times[len(times) // 2]


# ------------------------------------------------------------------ peer: raw msgpack/TCP


async def peer_server(n):
    listeners = await trio.open_tcp_listeners(0, host="127.0.0.1")
    print(listeners[0].socket.getsockname()[1], flush=True)
    stream = await listeners[0].accept()
    buf = bytearray()
    got = 0
    unpack = struct.Struct("<I").unpack_from
    while got < n:
        data = await stream.receive_some(262144)
        if not data:
            break
        buf += data
        pos = 0
        while len(buf) - pos >= 4:
            (size,) = unpack(buf, pos)
            if len(buf) - pos - 4 < size:
                break
            msgpack.unpackb(bytes(buf[pos + 5 : pos + 4 + size]))
            pos += 4 + size
            got += 1
        del buf[:pos]
    await stream.send_all(b"done")
    # request/reply phase: echo every frame back, one at a time
    while True:
        data = await stream.receive_some(65536)
        if not data:
            return
        (size,) = unpack(data, 0)
        body = msgpack.unpackb(data[5 : 4 + size])
        out = msgpack.packb(body[2][1])
        await stream.send_all(struct.pack("<IB", len(out) + 1, 0x10) + out)


async def peer_client(n, rounds, port, result):
    stream = await trio.open_tcp_stream("127.0.0.1", port)
    hdr = struct.Struct("<IB")
    packer = msgpack.Packer(use_bin_type=True)
    out = []
    t0 = time.perf_counter()
    for i in range(n):
        body = packer.pack([1, 1, [i, "payload-string"]])
        out.append(hdr.pack(len(body) + 1, 0x10))
        out.append(body)
        if len(out) >= 4000:
            await stream.send_all(b"".join(out))
            out.clear()
    if out:
        await stream.send_all(b"".join(out))
    await stream.receive_some(16)
    result["peer"] = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for i in range(rounds):
        body = packer.pack([1, 1, [[0, 1, 2], i]])
        await stream.send_all(hdr.pack(len(body) + 1, 0x10) + body)
        data = await stream.receive_some(65536)
        assert msgpack.unpackb(data[5:]) == i
    result["peer_rtt"] = rounds / (time.perf_counter() - t0)
    await stream.aclose()


# ------------------------------------------------------------------ peer: two Erlang nodes

BEAM_B = """
defmodule Srv do
  def count(0, to), do: send(to, :done)
  def count(k, to) do
    receive do
      _ -> count(k - 1, to)
    end
  end
  def sink do
    receive do
      {:start, to, n} ->
        count(n, to)
        sink()
    end
  end
  def echo do
    receive do
      {from, i} ->
        send(from, i)
        echo()
    end
  end
end
Process.register(spawn(&Srv.sink/0), :sink)
Process.register(spawn(&Srv.echo/0), :echo)
IO.puts("ready")
IO.gets("")
"""

BEAM_A = """
defmodule Cli do
  def bulk(_sink, n, n), do: :ok
  def bulk(sink, i, n) do
    send(sink, {i, "payload-string"})
    bulk(sink, i + 1, n)
  end
  def rtt(_echo, n, n), do: :ok
  def rtt(echo, i, n) do
    send(echo, {self(), i})
    receive do
      ^i -> rtt(echo, i + 1, n)
    end
  end
end
[b, n, rounds] = System.argv()
b = String.to_atom(b)
{n, rounds} = {String.to_integer(n), String.to_integer(rounds)}
true = Node.connect(b)
sink = :rpc.call(b, Process, :whereis, [:sink])
echo = :rpc.call(b, Process, :whereis, [:echo])
t0 = System.monotonic_time(:microsecond)
send(sink, {:start, self(), n})
Cli.bulk(sink, 0, n)
receive do
  :done -> :ok
end
t1 = System.monotonic_time(:microsecond)
Cli.rtt(echo, 0, rounds)
t2 = System.monotonic_time(:microsecond)
IO.puts("#{n * 1_000_000 / (t1 - t0)} #{rounds * 1_000_000 / (t2 - t1)}")
"""


def beam_peer(n: int, rounds: int, result: dict) -> None:
    """Bulk send and request/reply between two Erlang nodes (skipped without elixir)."""
    import shutil
    import tempfile

    if not shutil.which("elixir"):
        return
    tag = f"meshbench{os.getpid()}"
    with tempfile.TemporaryDirectory() as d:
        a_exs, b_exs = os.path.join(d, "a.exs"), os.path.join(d, "b.exs")
        with open(a_exs, "w") as f:
            f.write(BEAM_A)
        with open(b_exs, "w") as f:
            f.write(BEAM_B)
        common = ["--cookie", tag]
        b = subprocess.Popen(
            ["elixir", "--name", f"{tag}b@127.0.0.1", *common, b_exs],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert b.stdout.readline().strip() == "ready"
            out = subprocess.run(
                [
                    "elixir",
                    "--name",
                    f"{tag}a@127.0.0.1",
                    *common,
                    a_exs,
                    f"{tag}b@127.0.0.1",
                    str(n),
                    str(rounds),
                ],
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            ).stdout
        finally:
            b.stdin.close()
            b.wait(30)
    bulk, rtt = out.split()
    result["beam"], result["beam_rtt"] = float(bulk), float(rtt)


def child(kind, n):
    if kind == "node":
        sys.exit(_a.run_program(node_b_main))
    trio.run(peer_server, n)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 20_000
    result = {}
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    beam_peer(n, rounds, result)
    env = dict(os.environ, PYTHONPATH=ROOT)
    # peer
    p = subprocess.Popen(
        [sys.executable, __file__, "--child", "peer", str(n)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    port = int(p.stdout.readline())
    trio.run(peer_client, n, rounds, port, result)
    p.wait(30)
    # mesh
    p = subprocess.Popen(
        [sys.executable, __file__, "--child", "node", str(n)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        b_name = p.stdout.readline().strip()
        trio.run(connect_times, b_name, 21, result)
        code = _a.run_program(node_a_main, (n, rounds, b_name, result))
        assert code == 0
    finally:
        p.stdin.close()
        p.wait(10)
    print(f"messages:                 {n}")
    print(f"mesh remote send (TLS):   {result['mesh']:,.0f} msgs/s  (budget >= 50,000)")
    print(f"peer raw msgpack/TCP:     {result['peer']:,.0f} msgs/s")
    print(f"ratio mesh/peer:          {result['mesh'] / result['peer']:.2f}")
    print(
        f"local send (same run):    {result['local']:,.0f} msgs/s  "
        f"(remote/local {result['mesh'] / result['local']:.2f})"
    )
    print(
        f"remote request/reply:     {result['rtt']:,.0f} round trips/s  "
        f"({result['rounds']} sequential, {1e6 / result['rtt']:.0f} us each)"
    )
    print(
        f"peer request/reply (TCP): {result['peer_rtt']:,.0f} round trips/s  "
        f"(ratio mesh/peer {result['rtt'] / result['peer_rtt']:.2f})"
    )
    print(
        f"connection set-up median: {result['setup_ms']:.1f} ms  "
        "(TCP + TLS 1.3 + cookie handshake, 21 connects)"
    )
    if "beam" in result:
        print(
            f"BEAM distribution send:   {result['beam']:,.0f} msgs/s  "
            f"(ratio mesh/BEAM {result['mesh'] / result['beam']:.2f}, goal >= 1)"
        )
        print(
            f"BEAM request/reply:       {result['beam_rtt']:,.0f} round trips/s  "
            f"(ratio mesh/BEAM {result['rtt'] / result['beam_rtt']:.2f}, goal >= 0.5)"
        )
    else:
        print("BEAM peer not measured: `elixir` is not installed")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if result["mesh"] >= 50_000 else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(main())
