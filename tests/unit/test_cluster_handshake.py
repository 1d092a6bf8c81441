"""Handshake state machine (spec 07 §4.2) and registry convergence (§9): sans-IO."""

import hashlib
import hmac
import random

from mesh.cluster.handshake import NAME_IN_USE, Handshake, cert_binding
from mesh.cluster.registry import GlobalRegistry

CB = cert_binding(b"acceptor-cert-der")
A, B = "a@127.0.0.1:4000", "b@127.0.0.1:4001"


def pump(i, a, tamper=None):
    """Exchange bytes until both sides stopped; `tamper(direction, data)` may rewrite."""
    for _ in range(10):
        d = i.data_to_send()
        if d:
            a.receive_data(tamper("i2a", d) if tamper else d)
        d = a.data_to_send()
        if d:
            i.receive_data(tamper("a2i", d) if tamper else d)
        if (i.done or i.failed) and (a.done or a.failed):
            break


def test_good_cookie():
    i = Handshake("initiator", A, 11, b"secret", CB)
    a = Handshake("acceptor", B, 22, b"secret", CB)
    pump(i, a)
    assert i.done and a.done
    assert (i.peer_name, i.peer_creation) == (B, 22)
    assert (a.peer_name, a.peer_creation) == (A, 11)


def test_wrong_cookie_rejected_on_both_sides():
    i = Handshake("initiator", A, 11, b"right-cookie", CB)
    a = Handshake("acceptor", B, 22, b"wrong-cookie", CB)
    pump(i, a)
    assert a.failed and i.failed and not a.done and not i.done
    assert a.log == f"handshake failed: cookie mismatch: authentication failed from {A}"
    assert i.error == f"cookie mismatch: authentication failed from {B}"
    for text in (a.log, a.error, i.error):
        assert "cookie" in text and "right-cookie" not in text and "wrong-cookie" not in text


def test_channel_binding_mismatch_fails_both():
    # a TLS-terminating relay: each side sees a different acceptor certificate
    i = Handshake("initiator", A, 11, b"secret", cert_binding(b"relay-cert"))
    a = Handshake("acceptor", B, 22, b"secret", CB)
    pump(i, a)
    assert a.failed and i.failed


def test_tampered_transcript():
    # flip one bit of the initiator's nonce in HELLO: the proofs no longer match
    def flip(direction, data):
        if direction == "i2a" and data[4] == 1:  # HELLO
            b = bytearray(data)
            b[-1] ^= 1
            return bytes(b)
        return data

    i = Handshake("initiator", A, 11, b"secret", CB)
    a = Handshake("acceptor", B, 22, b"secret", CB)
    pump(i, a, flip)
    assert a.failed and i.failed

    def flip_name(direction, data):  # rewrite the acceptor's advertised creation
        if direction == "a2i" and data[4] == 2:
            b = bytearray(data)
            b[-33] ^= 0xFF
            return bytes(b)
        return data

    i = Handshake("initiator", A, 11, b"secret", CB)
    a = Handshake("acceptor", B, 22, b"secret", CB)
    pump(i, a, flip_name)
    assert i.failed and not i.done


def test_reflection_is_refused():
    # an attacker replays the initiator's own proof as the acceptor's: direction labels differ
    i = Handshake("initiator", A, 11, b"secret", CB)
    a = Handshake("acceptor", B, 22, b"secret", CB)
    a.receive_data(i.data_to_send())
    i.receive_data(a.data_to_send())
    proof_frame = i.data_to_send()
    i.receive_data(bytes([proof_frame[0], 0, 0, 0, 4]) + proof_frame[5:])  # PROOF as ACCEPT
    assert i.failed


def test_acceptor_checks_before_cookie_use_and_names():
    a = Handshake("acceptor", B, 22, b"secret", CB)
    bogus = Handshake("initiator", "not-a-name", 1, b"secret", CB)
    a.receive_data(bogus.data_to_send())
    assert a.failed and "invalid remote node name" in a.error
    a2 = Handshake("acceptor", B, 22, b"secret", CB)
    own = Handshake("initiator", B, 1, b"secret", CB)
    a2.receive_data(own.data_to_send())
    assert a2.failed


def test_oversized_handshake_frame():
    a = Handshake("acceptor", B, 22, b"secret", CB)
    a.receive_data((5000).to_bytes(4, "little"))
    assert a.failed


def test_proof_definition_matches_spec():
    i = Handshake("initiator", A, 11, b"k", CB, nonce=b"\x01" * 32)
    a = Handshake("acceptor", B, 22, b"k", CB, nonce=b"\x02" * 32)
    a.receive_data(i.data_to_send())
    i.receive_data(a.data_to_send())
    p_i = i.data_to_send()[5:]
    lp = lambda s: len(s).to_bytes(2, "little") + s  # noqa: E731
    t = (
        b"mesh-dist-v1"
        + lp(A.encode())
        + (11).to_bytes(4, "little")
        + b"\x01" * 32
        + lp(B.encode())
        + (22).to_bytes(4, "little")
        + b"\x02" * 32
        + CB
    )
    assert p_i == hmac.new(b"k", b"initiator" + t, hashlib.sha256).digest()


# ---------------------------------------------------------------- registry


def test_registry_conflicts_converge():
    rng = random.Random(7)
    for _ in range(50):
        nodes = {n: GlobalRegistry() for n in ("a", "b", "c")}
        msgs = []
        for n, reg in nodes.items():  # concurrent registrations of the same name
            if rng.random() < 0.8:
                for _ in range(rng.randint(0, 3)):
                    reg.register(f"other{rng.randint(0, 99)}-{n}", object(), n)
                e = reg.register("svc", n + "-pid", n)
                if e:
                    msgs.append((n, "svc", e.pid, e.owner, e.clock))
        rng.shuffle(msgs)
        for src, name, pid, owner, clock in msgs:
            for n, reg in nodes.items():
                if n != src:
                    reg.apply_register(name, pid, owner, clock)
        bound = {n: reg.whereis("svc") for n, reg in nodes.items()}
        if msgs:
            assert len(set(bound.values())) == 1, bound
            best = min(msgs, key=lambda m: (m[4], m[3]))
            assert bound["a"] == best[2]


def test_registry_unregister_checks_pid_and_cleanup():
    r = GlobalRegistry()
    p1, p2 = object(), object()
    assert r.register("x", p1, "a") is not None
    assert r.register("x", p2, "a") is None
    assert r.register("", p2, "a") is None
    assert not r.apply_unregister("x", p2)  # stale unregister ignored
    assert r.whereis("x") is p1
    assert r.remove_pid(p1) == ["x"] and r.whereis("x") is None
    r.apply_register("y", p2, "b", 5)
    assert r.clock == 6
    assert r.remove_owner("b") == [("y", p2)]
    assert r.by_pid == {}


def test_deferred_accept_then_reject_name_in_use():
    # the acceptor stops after verifying the proof; refusing then fails the initiator
    # with the reason, and nothing cookie-dependent from the acceptor reached it
    i = Handshake("initiator", A, 11, b"secret", CB)
    a = Handshake("acceptor", B, 22, b"secret", CB, defer_accept=True)
    pump(i, a)
    assert a.verified and not (a.done or a.failed) and not (i.done or i.failed)
    a.reject(NAME_IN_USE)
    i.receive_data(a.data_to_send())
    assert a.failed and i.failed and not i.done
    assert i.error == f"rejected: {NAME_IN_USE}"


def test_deferred_accept_then_accept():
    i = Handshake("initiator", A, 11, b"secret", CB)
    a = Handshake("acceptor", B, 22, b"secret", CB, defer_accept=True)
    pump(i, a)
    a.accept()
    i.receive_data(a.data_to_send())
    assert a.done and i.done and (a.peer_name, i.peer_name) == (A, B)
