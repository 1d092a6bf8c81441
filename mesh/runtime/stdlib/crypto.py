"""Mesh `Crypto` module (spec 05 §8): digests as lowercase hex over UTF-8 bytes."""

from __future__ import annotations

import hashlib as _hashlib
import hmac as _hmac
import uuid as _uuid


def _b(s: str) -> bytes:
    return s.encode("utf-8", "surrogatepass")


def sha256(s):
    return _hashlib.sha256(_b(s)).hexdigest()


def sha512(s):
    return _hashlib.sha512(_b(s)).hexdigest()


def hmac_sha256(key, msg):
    return _hmac.new(_b(key), _b(msg), "sha256").hexdigest()


def hmac_sha512(key, msg):
    return _hmac.new(_b(key), _b(msg), "sha512").hexdigest()


def secure_compare(a, b):
    """Constant-time equality; strings of different lengths are never equal."""
    return _hmac.compare_digest(_b(a), _b(b))


def uuid4():
    return str(_uuid.uuid4())
