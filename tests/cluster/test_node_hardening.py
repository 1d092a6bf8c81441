"""Issue 13 hardening of the node listener and of session registration (spec 07 §4, §5, §10).

Every node runs in its own OS process (tests/cluster/node_driver.py) on 127.0.0.1; waits
are on observable state with deadlines, never fixed sleeps.
"""

import os
import signal
import socket
import time

import pytest

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
        assert target.wait_stderr("mesh node: listener out of resources", timeout=20), (
            target.stderr_lines[-20:]
        )
        assert target.p.poll() is None, target.stderr_lines[-20:]
        # the established session still carries requests while accept is failing
        assert peer.cmd("ask_global svc during").startswith("(echo, during")
        # dialing out needs a descriptor too: it fails (-2) or, if the 10 s handshake
        # deadline just freed some, succeeds; either way the node stays up
        assert target.cmd(f"connect {late.name}", timeout=20) in ("-2", "0")
        assert target.p.poll() is None, target.stderr_lines[-20:]
    finally:
        for s in flood:
            s.close()

    # every flood socket is closed again (EOF during the TLS handshake)
    assert wait_until(lambda: fd_count(target.p.pid) <= fds_before), (
        fd_count(target.p.pid),
        fds_before,
    )
    assert target.p.poll() is None, target.stderr_lines[-20:]
    assert sum("listener out of resources" in ln for ln in target.stderr_lines) == 1
    # a legitimate peer connects after the flood and remote send works both ways
    assert late.cmd(f"connect {tn}") == "0"
    assert late.cmd("ask_global svc after").startswith("(echo, after")
    assert peer.cmd("ask_global svc again").startswith("(echo, again")
    assert target.wait_stderr("mesh node: listener recovered")
    assert not any("internal error" in ln for ln in target.stderr_lines)


def no_event(node):
    """True if `node` printed no EVENT line (node monitors print `EVENT (nodedown, ...)`)."""
    return node.events.empty()


def synced(a, b):
    """Each node sees the other's global echo service."""
    return a.cmd("whereis svc_b") != "<0.0>" and b.cmd("whereis svc_a") != "<0.0>"


def pair(nodes, a_dials):
    """Nodes `zulu` and `bravo` (zulu sorts higher, so a simultaneous-connect rule keeping
    zulu's incoming transport cannot hide a replacement), connected, each with a global
    echo service and a node monitor on the other."""
    a, b = nodes(), nodes()
    an, bn = a.start("zulu", COOKIE), b.start("bravo", COOKIE)
    assert a.cmd("register_echo svc_a") == "0"
    assert b.cmd("register_echo svc_b") == "0"
    assert (a.cmd(f"connect {bn}") if a_dials else b.cmd(f"connect {an}")) == "0"
    assert wait_until(lambda: synced(a, b))
    assert a.cmd(f"monitor_node {bn}") == "ok"
    assert b.cmd(f"monitor_node {an}") == "ok"
    return a, b, an, bn


def flows(a, b, tag):
    return a.cmd(f"ask_global svc_b {tag}").startswith(f"(echo, {tag}, ") and b.cmd(
        f"ask_global svc_a {tag}"
    ).startswith(f"(echo, {tag}, ")


@pytest.mark.parametrize("a_dials", [True, False], ids=["a-dialed", "b-dialed"])
def test_impostor_claiming_a_live_name_is_refused(nodes, a_dials):
    """A peer with the right cookie but another incarnation of a live node's name is refused
    in the handshake; the live session is neither replaced nor closed, no nodedown."""
    a, b, an, bn = pair(nodes, a_dials)
    c = nodes()
    fds = fd_count(a.p.pid)
    for _ in range(3):
        assert c.cmd(f"impostor {an} {bn} {COOKIE}", timeout=20) == "failed rejected: name in use"
    assert a.wait_stderr(f"mesh node: refused {bn} (creation ")
    assert a.cmd("list") == bn and b.cmd("list") == an
    assert flows(a, b, "after")
    assert no_event(a) and no_event(b), (a.events.queue, b.events.queue)
    assert wait_until(lambda: fd_count(a.p.pid) <= fds), (fd_count(a.p.pid), fds)
    for n in (a, b, c):
        assert not any(COOKIE in ln for ln in n.stderr_lines)


@pytest.mark.slow
def test_unanswering_old_incarnation_is_fenced(nodes):
    """The restart case: the registered session of `bravo` no longer answers (its process is
    frozen) and a new incarnation of `bravo` connects. The old one is declared dead with
    the full disconnect procedure (nodedown on zulu), the new one is admitted, and when the
    old process wakes it finds its session closed (nodedown on its side too)."""
    a, b, an, bn = pair(nodes, a_dials=False)
    c = nodes()
    b.p.send_signal(signal.SIGSTOP)
    try:
        assert c.cmd(f"impostor {an} {bn} {COOKIE}", timeout=30) == "accepted"
        assert a.event(timeout=20) == f"EVENT (nodedown, {bn})"
        assert a.wait_stderr(f"mesh node: {bn} (creation ")
    finally:
        b.p.send_signal(signal.SIGCONT)
    assert b.event(timeout=20) == f"EVENT (nodedown, {an})"
    assert wait_until(lambda: a.cmd("list") == "-" and b.cmd("list") == "-")
    # and the real node can come back
    assert b.cmd(f"connect {an}") == "0"
    assert flows(a, b, "back")


@pytest.mark.slow
def test_simultaneous_connect_ends_with_one_session(nodes):
    """Spec 07 §5: both nodes dial each other at once; each keeps exactly one session, no
    nodedown fires, and messages flow both ways."""
    for round_ in range(3):
        a, b = nodes(), nodes()
        an, bn = a.start(f"zulu{round_}", COOKIE), b.start(f"bravo{round_}", COOKIE)
        assert a.cmd("register_echo svc_a") == "0"
        assert b.cmd("register_echo svc_b") == "0"
        for n, other in ((a, bn), (b, an)):
            n.p.stdin.write(f"connect {other}\n")
            n.p.stdin.flush()
        assert a.replies.get(timeout=20) == "0" and b.replies.get(timeout=20) == "0"
        assert a.cmd(f"monitor_node {bn}") == "ok"
        assert b.cmd(f"monitor_node {an}") == "ok"
        assert wait_until(lambda a=a, b=b: synced(a, b))
        assert flows(a, b, f"sim{round_}")
        assert a.cmd("list") == bn and b.cmd("list") == an
        assert flows(a, b, f"sim{round_}b")
        assert no_event(a) and no_event(b), (a.events.queue, b.events.queue)
        a.close()
        b.close()
