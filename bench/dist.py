"""Remote send throughput between two OS processes (DESIGN §4: >= 50k msgs/s).

    .venv/bin/python bench/dist.py [N]

Mesh: node A (this process) sends N messages `(i, "payload-string")` to an actor on node B
(a child process) over the TLS 1.3 session; B's actor counts them and replies once at the
end. Peer, measured in the same run: the same messages packed with raw msgpack (no ext
hook), framed with a u32 length, over a plain TCP socket pair between two processes with
the same receiver-side decode loop in a trio task. Prints msgs/s for both and the ratio.
Also, in the same run: local send throughput (same messages to an actor in node A's own
process), remote request/reply round trips/s (one outstanding `(self, i)` -> `i` to an
echo actor on B; its peer is the same framed msgpack request/reply between two Trio
processes over plain TCP) and the median connection set-up time to B over 21 fresh connects (TCP +
TLS 1.3 + cookie handshake, the `Node.connect` path up to authentication).
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


program.register_functions({"Bench.sink": sink, "Bench.echo": echo})


# ------------------------------------------------------------------ mesh nodes

async def node_b_main():
    assert Node.start("bench-b@127.0.0.1:0", COOKIE) == 0
    print(Node.self(), flush=True)
    # stay up until told to stop (reading stdin keeps the program alive)
    await trio.to_thread.run_sync(sys.stdin.readline, abandon_on_cancel=True)


async def node_a_main(n, b_name, result):
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
    rounds = max(1000, n // 20)
    t0 = time.perf_counter()
    for i in range(rounds):
        send(epid, (me, i))
        r = await _a.receive_any(10000)
        assert r is not _a.TIMEOUT and r[0] == i, r
    result["rtt"] = rounds / (time.perf_counter() - t0)
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
        hs = Handshake("initiator", f"probe{i}@127.0.0.1:1", 1, COOKIE.encode(),
                       cert_binding(tls.getpeercert(binary_form=True)))
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
            msgpack.unpackb(bytes(buf[pos + 5:pos + 4 + size]))
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
        body = msgpack.unpackb(data[5:4 + size])
        out = msgpack.packb(body[2][1])
        await stream.send_all(struct.pack("<IB", len(out) + 1, 0x10) + out)


async def peer_client(n, port, result):
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
    rounds = max(1000, n // 20)
    t0 = time.perf_counter()
    for i in range(rounds):
        body = packer.pack([1, 1, [[0, 1, 2], i]])
        await stream.send_all(hdr.pack(len(body) + 1, 0x10) + body)
        data = await stream.receive_some(65536)
        assert msgpack.unpackb(data[5:]) == i
    result["peer_rtt"] = rounds / (time.perf_counter() - t0)
    await stream.aclose()


def child(kind, n):
    if kind == "node":
        sys.exit(_a.run_program(node_b_main))
    trio.run(peer_server, n)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200_000
    result = {}
    env = dict(os.environ, PYTHONPATH=ROOT)
    # peer
    p = subprocess.Popen([sys.executable, __file__, "--child", "peer", str(n)],
                         stdout=subprocess.PIPE, text=True, env=env)
    port = int(p.stdout.readline())
    trio.run(peer_client, n, port, result)
    p.wait(30)
    # mesh
    p = subprocess.Popen([sys.executable, __file__, "--child", "node", str(n)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        b_name = p.stdout.readline().strip()
        trio.run(connect_times, b_name, 21, result)
        code = _a.run_program(node_a_main, (n, b_name, result))
        assert code == 0
    finally:
        p.stdin.close()
        p.wait(10)
    print(f"messages:                 {n}")
    print(f"mesh remote send (TLS):   {result['mesh']:,.0f} msgs/s  (budget >= 50,000)")
    print(f"peer raw msgpack/TCP:     {result['peer']:,.0f} msgs/s")
    print(f"ratio mesh/peer:          {result['mesh'] / result['peer']:.2f}")
    print(f"local send (same run):    {result['local']:,.0f} msgs/s  "
          f"(remote/local {result['mesh'] / result['local']:.2f})")
    print(f"remote request/reply:     {result['rtt']:,.0f} round trips/s  "
          f"({result['rounds']} sequential, {1e6 / result['rtt']:.0f} us each)")
    print(f"peer request/reply (TCP): {result['peer_rtt']:,.0f} round trips/s  "
          f"(ratio mesh/peer {result['rtt'] / result['peer_rtt']:.2f})")
    print(f"connection set-up median: {result['setup_ms']:.1f} ms  "
          "(TCP + TLS 1.3 + cookie handshake, 21 connects)")
    return 0 if result["mesh"] >= 50_000 else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(main())
