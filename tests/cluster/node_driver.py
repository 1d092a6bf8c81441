"""A Mesh node in its own OS process, driven line by line over stdin (tests/cluster).

It uses the runtime API exactly as generated code does (`mesh.runtime.stdlib.node` /
`global_`, `mesh.runtime.actors`), and defines its functions in a `mesh_app.*` module with
a `MESH_FUNCTIONS` table, as a compiled program would. Every command prints one reply
line; asynchronous observations print `EVENT ...` lines.
"""

import os
import sys
import types

import trio

from mesh.cluster.handshake import Handshake, cert_binding
from mesh.cluster.names import parse_node_name
from mesh.cluster.tls import SERVER_NAME, NodeTLS
from mesh.cluster.transport import TlsStream
from mesh.runtime import actors as _a
from mesh.runtime.core import display
from mesh.runtime.stdlib import global_ as Global, node as Node
from mesh.runtime.values import Atom, MeshPanic

REPLY_MS = 30_000  # how long a command waits for an expected reply (it returns when it comes)


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# ---- "generated" program module -----------------------------------------------------------


async def echo():
    """actor echo: replies (:echo, msg, self()) to (from, msg) forever."""
    while True:
        r = await _a.receive_any()
        m = r[0]
        if type(m) is tuple and len(m) == 2:
            _a.send(m[0], (Atom("echo"), m[1], _a.self_pid()))


async def crasher(msg):
    raise MeshPanic(msg)


app = types.ModuleType("mesh_app.clusterdemo")
app.MESH_FUNCTIONS = {
    "Demo.echo": echo,
    "Demo.echo/0": echo,
    "Demo.crasher": crasher,
    "Demo.crasher/1": crasher,
}
sys.modules["mesh_app.clusterdemo"] = app


async def node_watcher(name):
    Node.monitor(name)
    while True:
        r = await _a.receive_any()
        out(f"EVENT {display(r[0])}")


async def exit_watcher(pid, go=False):
    """Prints the exit reason of `pid`; `go`: then tells `pid` it is monitored (a process that
    must crash only once watched waits for that message instead of sleeping)."""
    ref = _a.monitor(pid)
    del ref
    if go:
        _a.send(pid, Atom("go"))
    r = await _a.receive_any()
    out(f"EVENT down {display(r[0][3])}")


async def ask(pid, msg, timeout=REPLY_MS):
    _a.send(pid, (_a.self_pid(), msg))
    r = await _a.receive_any(timeout)
    return "timeout" if r is _a.TIMEOUT else display(r[0])


async def impostor(target, claimed, cookie):
    """Authenticate to `target` with the cookie but under another node's name (and a fresh
    creation), as a second node misconfigured with that name would; the handshake outcome."""
    _b, host, port = parse_node_name(target)
    tcp = await trio.open_tcp_stream(host, port)
    tls = TlsStream(tcp, NodeTLS().client_ctx, server_side=False, server_hostname=SERVER_NAME)
    try:
        await tls.do_handshake()
        hs = Handshake(
            "initiator",
            claimed,
            int.from_bytes(os.urandom(4), "little") or 1,
            cookie.encode(),
            cert_binding(tls.getpeercert(binary_form=True)),
        )
        await tls.send_all(hs.data_to_send())
        while not (hs.done or hs.failed):
            data = await tls.receive_some(4096)
            if not data:
                return "closed"
            hs.receive_data(data)
            await tls.send_all(hs.data_to_send())
        return "accepted" if hs.done else f"failed {hs.error}"
    finally:
        await trio.aclose_forcefully(tls)


def _rt():
    from mesh.cluster.runtime import runtime_of
    from mesh.runtime.actors.context import current_node

    return runtime_of(current_node.get())


async def continuity(cmd, args):
    """The continuity layer as the clustered runtime will drive it (no Mesh module yet):
    submit + prepare on the replica, completion, status and authority."""
    from mesh.cluster.continuity.store import ContinuityError

    rt = _rt()
    cont, st = rt.cont, rt.cont.store
    try:
        if cmd == "authority":
            return f"{rt.role} {rt.epoch} {st.health()}"
        if cmd == "set_authority":
            rt.role, rt.epoch = args[0], int(args[1])
            return "ok"
        if cmd == "cont_submit":  # key owner replica|- n
            key, owner, replica, n = args[0], args[1], args[2].strip("-"), int(args[3])
            d = st.submit(
                key,
                "h-" + key,
                ingress=rt.name,
                owner=owner,
                replica=replica,
                replication_count=n,
                runtime_name="Demo.work",
            )
            cont.flush()
            if d.outcome == "created" and replica:
                reason = await cont.prepare(d.record)
                return f"{d.outcome} {d.record.attempt_id} {reason or 'mirrored'}"
            return f"{d.outcome} {d.record.attempt_id} {d.record.error or '-'}"
        if cmd == "cont_complete":
            r = st.mark_completed(args[0], args[1], rt.name)
            cont.flush()
            return f"ok {r.phase}"
        if cmd == "cont_status":
            r = st.records.get(args[0])
            if r is None:
                return "missing"
            return " ".join(
                str(x) or "-"
                for x in (
                    r.attempt_id,
                    r.phase,
                    r.result,
                    r.owner_node,
                    r.replica_node,
                    r.replica_status,
                    r.cluster_role,
                    r.promotion_epoch,
                    r.replication_health,
                    r.execution_node,
                    r.error,
                )
            )
        if cmd == "cont_diag":
            return " ".join(e.transition for e in st.diagnostics.entries) or "-"
    except ContinuityError as e:
        return f"error {e.reason}"
    return f"unknown command {cmd}"


async def main():
    while True:
        line = await trio.to_thread.run_sync(sys.stdin.readline, abandon_on_cancel=True)
        if not line:
            return
        cmd, *args = line.split()
        if cmd == "start":
            rc = Node.start(args[0], args[1])
            out(f"{rc} {Node.self()}")
        elif cmd == "connect":
            out(str(await Node.connect(args[0])))
        elif cmd == "list":
            out(" ".join(Node.list()) or "-")
        elif cmd == "register_echo":
            pid = _a.spawn(echo)
            out(str(Global.register(args[0], pid)))
        elif cmd == "whereis":
            out(display(Global.whereis(args[0])))
        elif cmd == "ask_global":
            out(await ask(Global.whereis(args[0]), args[1]))
        elif cmd == "spawn":
            pid = await Node.spawn(args[0], args[1])
            wait = int(args[3]) if len(args) > 3 else REPLY_MS  # short when no reply is due
            out(display(pid) + " " + await ask(pid, args[2], wait))
        elif cmd == "spawn_link_crash":
            _a.trap_exits(True)
            pid = await Node.spawn_link(args[0], "Demo.crasher", "boom")
            r = await _a.receive_any(REPLY_MS)
            m = r[0] if r is not _a.TIMEOUT else None
            out(f"{display(pid)} exit {getattr(m, 'reason', m)}")
            _a.trap_exits(False)
        elif cmd == "monitor_node":
            _a.spawn(node_watcher, args[0])
            out("ok")
        elif cmd == "monitor_global":
            _a.spawn(exit_watcher, Global.whereis(args[0]))
            out("ok")
        elif cmd == "send_closure":

            async def bad(target):
                await _a.receive_any()  # the watcher's go: it monitors us already
                _a.send(target, lambda x: x)

            p = _a.spawn(bad, Global.whereis(args[0]))
            _a.spawn(exit_watcher, p, True)
            out("ok")
        elif cmd.startswith("cont_") or cmd in ("authority", "set_authority"):
            out(await continuity(cmd, args))
        elif cmd == "impostor":
            out(await impostor(args[0], args[1], args[2]))
        elif cmd == "quit":
            out("bye")
            return
        else:
            out(f"unknown command {cmd}")


if __name__ == "__main__":
    sys.exit(_a.run_program(main))
