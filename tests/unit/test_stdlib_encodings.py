"""Crypto, Base64 and Hex (spec 05 §8–§10)."""

import re

import pytest

from mesh.runtime.stdlib import base64 as B, crypto as C, hex as H
from mesh.runtime.values import Err, Ok


def test_crypto_vectors():
    assert C.sha256("hello") == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert C.sha512("hello") == (
        "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14"
        "b8c5da0c4663475c2e5c3adef46f73bcdec043"
    )
    assert C.hmac_sha256("Jefe", "what do ya want for nothing?") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )
    assert C.hmac_sha512("Jefe", "what do ya want for nothing?") == (
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8"
        "f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    )
    assert (
        C.hmac_sha256("k", "m")
        == "b60090e3052297aeb5a080889ce2fc4bca957e756faeb4df7d31800ca1e771ec"
    )
    assert C.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert (
        C.hmac_sha256("", "") == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
    )
    assert len(C.hmac_sha512("k" * 1000, "")) == 128


def test_secure_compare():
    assert C.secure_compare("abc", "abc")
    assert not C.secure_compare("abc", "abd")
    assert not C.secure_compare("abc", "ab")
    assert not C.secure_compare("", "\0" * 256)  # the reference's length-folding bug
    assert C.secure_compare("é", "é")


def test_uuid4():
    shape = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\Z")
    ids = {C.uuid4() for _ in range(50)}
    assert len(ids) == 50 and all(shape.match(u) for u in ids)


def test_base64_encode():
    assert B.encode("hello") == "aGVsbG8=" and B.encode_url("hello") == "aGVsbG8"
    assert B.encode("??>") == "Pz8+" and B.encode_url("??>") == "Pz8-"
    assert B.encode("") == "" and B.encode_url("") == ""
    assert B.encode("a" * 100).count("\n") == 0


@pytest.mark.parametrize(
    "text,std,url",
    [
        ("aGVsbG8=", Ok("hello"), Err("invalid base64")),
        ("aGVsbG8", Ok("hello"), Ok("hello")),
        ("aGVsbG9=", Err("invalid base64"), Err("invalid base64")),
        ("aGVsbG9", Err("invalid base64"), Err("invalid base64")),
        ("not valid base64!!", Err("invalid base64"), Err("invalid base64")),
        ("", Ok(""), Ok("")),
        ("aGVsbA==", Ok("hell"), Err("invalid base64")),
        ("aGVsbA=", Err("invalid base64"), Err("invalid base64")),
        ("aGVsbA===", Err("invalid base64"), Err("invalid base64")),
        ("aGV=sbA=", Err("invalid base64"), Err("invalid base64")),
        ("=", Err("invalid base64"), Err("invalid base64")),
        ("====", Err("invalid base64"), Err("invalid base64")),
        ("a", Err("invalid base64"), Err("invalid base64")),
        ("aGVsb", Err("invalid base64"), Err("invalid base64")),
        ("aGVs\nbG8=", Err("invalid base64"), Err("invalid base64")),
        (" aGVsbG8=", Err("invalid base64"), Err("invalid base64")),
        ("Pz8+", Ok("??>"), Err("invalid base64")),
        ("Pz8-", Err("invalid base64"), Ok("??>")),
        ("/w==", Err("invalid utf-8"), Err("invalid base64")),
        ("_w", Err("invalid base64"), Err("invalid utf-8")),
        ("w6k=", Ok("é"), Err("invalid base64")),
        ("w6k", Ok("é"), Ok("é")),
        ("aGVsbG8=\n", Err("invalid base64"), Err("invalid base64")),
        ("aGVsbG8=ab", Err("invalid base64"), Err("invalid base64")),
        ("aGVsbG8éé", Err("invalid base64"), Err("invalid base64")),
    ],
)
def test_base64_decode(text, std, url):
    assert B.decode(text) == std
    assert B.decode_url(text) == url


def test_base64_round_trip():
    for s in ["", "a", "ab", "abc", "abcd", "é✓😀", "\0\x7f"]:
        assert B.decode(B.encode(s)) == Ok(s)
        assert B.decode_url(B.encode_url(s)) == Ok(s)


@pytest.mark.parametrize(
    "text,want",
    [
        ("6869", Ok("hi")),
        ("C3A9", Ok("é")),
        ("c3A9", Ok("é")),
        ("", Ok("")),
        ("686", Err("invalid hex")),
        ("68 69", Err("invalid hex")),
        ("0x68", Err("invalid hex")),
        ("+6", Err("invalid hex")),
        ("6g", Err("invalid hex")),
        ("éé", Err("invalid hex")),
        ("٣٣", Err("invalid hex")),
        ("68\n", Err("invalid hex")),
        ("ff", Err("invalid utf-8")),
        ("c3", Err("invalid utf-8")),
    ],
)
def test_hex_decode(text, want):
    assert H.decode(text) == want


def test_hex_encode():
    assert H.encode("hi") == "6869" and H.encode("é") == "c3a9" and H.encode("") == ""
