"""SCRAM-SHA-256 client (RFC 7677 §3 test vector) and MD5 password hashing."""

from __future__ import annotations

import pytest

from mesh.runtime.pg.protocol import md5_password
from mesh.runtime.pg.scram import ScramClient, ScramError, saslprep

NONCE = "rOprNGfwEbeRWgbNEkqO"
SERVER_FIRST = (
    b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
)
CLIENT_FINAL = (
    b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    b"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
)
SERVER_FINAL = b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="


def test_rfc7677_vector():
    c = ScramClient("pencil", user="user", nonce=NONCE)
    assert c.client_first() == b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
    assert c.client_final(SERVER_FIRST) == CLIENT_FINAL
    c.verify_server_final(SERVER_FINAL)


def test_postgres_form_has_empty_user():
    c = ScramClient("pw", nonce="abc")
    assert c.client_first() == b"n,,n=,r=abc"


def test_bad_server_signature():
    c = ScramClient("pencil", user="user", nonce=NONCE)
    c.client_final(SERVER_FIRST)
    with pytest.raises(ScramError, match="signature mismatch"):
        c.verify_server_final(b"v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
    with pytest.raises(ScramError, match="invalid-proof"):
        c.verify_server_final(b"e=invalid-proof")


def test_server_nonce_must_extend_ours():
    c = ScramClient("pencil", nonce=NONCE)
    with pytest.raises(ScramError, match="nonce"):
        c.client_final(b"r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
    with pytest.raises(ScramError):
        c.client_final(b"r=" + NONCE.encode() + b"x,i=4096")


def test_random_nonces_differ():
    assert ScramClient("a").nonce != ScramClient("a").nonce


def test_saslprep():
    assert saslprep("pencil") == "pencil"
    assert saslprep("I\u00adX") == "IX"  # soft hyphen maps to nothing
    assert saslprep("a\u00a0b") == "a b"  # non-ASCII space → space
    assert saslprep("\u2168") == "IX"  # NFKC
    assert saslprep("a\u0007b") == "a\u0007b"  # prohibited → raw password


def test_md5_password():
    # md5(md5("secret" + "alice") hex + salt), as libpq computes it
    import hashlib

    inner = hashlib.md5(b"secretalice").hexdigest().encode()
    expected = b"md5" + hashlib.md5(inner + b"\x01\x02\x03\x04").hexdigest().encode()
    assert md5_password("alice", "secret", b"\x01\x02\x03\x04") == expected
