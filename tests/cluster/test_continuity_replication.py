"""Continuity records between real node processes (spec 07 §11.3–§11.4, §13): prepare on
the named replica, upserts to every peer, snapshots for new sessions, promotion of a lone
standby after SIGKILL of the primary, and fencing of the returning old primary."""

import time

COOKIE = "cont-cookie-8f2a"
KEY = "startup::Demo.work"


def wait_until(fn, want, timeout=20.0):
    """Poll `fn()` until it returns `want` (observable state, bounded); the last value."""
    end = time.monotonic() + timeout
    got = fn()
    while got != want and time.monotonic() < end:
        time.sleep(0.05)
        got = fn()
    assert got == want
    return got


def status(node, key=KEY):
    return node.cmd(f"cont_status {key}").split()


def test_prepare_mirror_complete_and_replicate(nodes):
    a, b = nodes(), nodes()
    an, bn = a.start("alpha", COOKIE), b.start("beta", COOKIE)
    assert b.cmd("set_authority standby 0") == "ok"
    assert a.cmd(f"connect {bn}") == "0"
    out = a.cmd(f"cont_submit {KEY} {an} {bn} 2").split()
    assert out[0] == "created" and out[2] == "mirrored"
    attempt = out[1]
    # the replica stored the record before acking: it is there at once, stamped standby
    assert status(b) == [
        attempt,
        "submitted",
        "pending",
        an,
        bn,
        "mirrored",
        "standby",
        "0",
        "healthy",
        "-",
        "-",
    ]
    assert a.cmd("authority") == "primary 0 healthy"
    assert a.cmd(f"cont_complete {KEY} {attempt}") == "ok completed"
    wait_until(lambda: status(b)[1:3], ["completed", "succeeded"])
    assert status(b)[9] == an  # execution_node
    # a duplicate submission re-runs nothing
    assert a.cmd(f"cont_submit {KEY} {an} {bn} 2").split()[0] == "duplicate"
    # a third node joining later gets everything in the snapshot
    c = nodes()
    c.start("gamma", COOKIE)
    assert c.cmd(f"connect {an}") == "0"
    wait_until(lambda: status(c)[1], "completed")
    assert "replica_prepare" in b.cmd("cont_diag").split()
    # a replica that is not connected: durably rejected, and the authority shows it
    assert a.cmd(f"cont_submit k-alone {an} nobody@127.0.0.1:1 2").endswith(
        "replica_required_unavailable"
    )
    assert a.cmd("authority") == "primary 0 unavailable"


def test_lone_standby_promotes_and_the_old_primary_is_fenced(nodes):
    a, b = nodes(), nodes()
    an, bn = a.start("alpha", COOKIE), b.start("beta", COOKIE)
    assert b.cmd("set_authority standby 0") == "ok"
    assert a.cmd(f"connect {bn}") == "0"
    first = a.cmd(f"cont_submit {KEY} {an} {bn} 2").split()
    assert first[2] == "mirrored"
    a.kill()  # EOF on b's session: the disconnect procedure runs at once
    wait_until(lambda: b.cmd("authority").split()[:2], ["primary", "1"])
    rec = status(b)
    assert rec[0] != first[1] and rec[3:5] == [bn, "-"]  # new attempt, owned by b alone
    assert rec[6:8] == ["primary", "1"]
    diag = b.cmd("cont_diag").split()
    assert diag[-3:] == ["automatic_promotion", "owner_lost", "automatic_recovery"]
    assert b.cmd(f"cont_complete {KEY} {rec[0]}") == "ok completed"
    # the old primary comes back with its original authority (primary/0) and the name
    a2 = nodes()
    port = an.rsplit(":", 1)[1]
    rc, name = a2.cmd(f"start alpha@127.0.0.1:{port} {COOKIE}").split()
    assert (rc, name) == ("0", an)
    assert a2.cmd(f"connect {bn}") == "0"
    wait_until(lambda: a2.cmd("authority").split()[:2], ["standby", "1"])
    assert "fenced_rejoin" in a2.cmd("cont_diag").split()
    assert status(a2)[1] == "completed" and status(a2)[6:8] == ["standby", "1"]
    # its stale writes are refused by the promoted node
    a2.cmd("set_authority primary 0")
    a2.cmd("cont_submit k-stale alpha@127.0.0.1:1 - 1")
    assert b.wait_stderr("rejected: stale_promotion_epoch_rejected")
    assert status(b, "k-stale") == ["missing"]
    for n in (a2, b):
        assert not any(COOKIE in ln for ln in n.stderr_lines)
