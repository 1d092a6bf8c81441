"""Issue 13 hardening of the node listener and of session registration (spec 07 §4, §5, §10).

Every node runs in its own OS process (tests/cluster/node_driver.py) on 127.0.0.1; waits
are on observable state with deadlines, never fixed sleeps.
"""

import os
import socket
import time

NOFILE = 256
FLOOD = 300  # more connections than the node has descriptors
COOKIE = "hardening-cookie-42"


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def wait_until(pred, timeout=20.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()


def test_node_survives_emfile_on_its_listener(nodes):
    """At its fd limit the node's accept fails with EMFILE: the listener backs off and logs
    once instead of letting the error end the process (exit 101), the live session keeps
    working during the flood, and once the flood is gone a new peer connects."""
    target = nodes(nofile=NOFILE)
    peer, late = nodes(), nodes()
    tn = target.start("target", COOKIE)
    peer.start("peer", COOKIE)
    late.start("late", COOKIE)
    assert target.cmd("register_echo svc") == "0"
    assert peer.cmd(f"connect {tn}") == "0"
    assert peer.cmd("ask_global svc warmup").startswith("(echo, warmup")
    port = int(tn.rsplit(":", 1)[1])
    fds_before = fd_count(target.p.pid)

    flood = []
    try:
        for _ in range(FLOOD):
            s = socket.socket()
            s.settimeout(5)
            s.connect(("127.0.0.1", port))  # completes in the kernel backlog
            flood.append(s)
        assert target.wait_stderr("mesh node: listener out of resources", timeout=20), \
            target.stderr_lines[-20:]
        assert target.p.poll() is None, target.stderr_lines[-20:]
        # the established session still carries requests while accept is failing
        assert peer.cmd("ask_global svc during", timeout=15).startswith("(echo, during")
    finally:
        for s in flood:
            s.close()

    # every flood socket is closed again (EOF during the TLS handshake)
    assert wait_until(lambda: fd_count(target.p.pid) <= fds_before), \
        (fd_count(target.p.pid), fds_before)
    assert target.p.poll() is None, target.stderr_lines[-20:]
    assert sum("listener out of resources" in ln for ln in target.stderr_lines) == 1
    # a legitimate peer connects after the flood and remote send works both ways
    assert late.cmd(f"connect {tn}", timeout=15) == "0"
    assert late.cmd("ask_global svc after", timeout=15).startswith("(echo, after")
    assert peer.cmd("ask_global svc again").startswith("(echo, again")
    assert target.wait_stderr("mesh node: listener recovered")
    assert not any("internal error" in ln for ln in target.stderr_lines)
