"""Mesh `Base64` module (spec 05 §9): RFC 4648 with strict (Rust `base64` crate) decoding."""

from __future__ import annotations

import binascii as _binascii
import re as _re

from ..values import Err as _Err, Ok as _Ok

_STD = _re.compile(r"[A-Za-z0-9+/]*")
_URL = _re.compile(r"[A-Za-z0-9_-]*")
_ALPHA = {
    c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
_ALPHA["-"] = 62
_ALPHA["_"] = 63
_INVALID = _Err("invalid base64")


def encode(s):
    return _binascii.b2a_base64(s.encode("utf-8"), newline=False).decode("ascii")


def encode_url(s):
    text = _binascii.b2a_base64(s.encode("utf-8"), newline=False).decode("ascii")
    return text.rstrip("=").replace("+", "-").replace("/", "_")


def _decode(data: str, alphabet, padding_allowed: bool):
    if not data:
        return _Ok("")
    pad = len(data) - len(data.rstrip("="))
    if pad:
        if not padding_allowed or pad > 2 or len(data) % 4:
            return _INVALID
        data = data[:-pad]
    if not alphabet.fullmatch(data):
        return _INVALID
    rem = len(data) % 4
    if rem == 1:
        return _INVALID
    if pad and pad != 4 - rem:  # padding must be exactly what the length needs
        return _INVALID
    if rem:
        last = _ALPHA[data[-1]]
        if last & (0x0F if rem == 2 else 0x03):  # spare bits must be zero
            return _INVALID
    std = data.replace("-", "+").replace("_", "/") if alphabet is _URL else data
    raw = _binascii.a2b_base64(std + "=" * ((4 - rem) % 4))
    try:
        return _Ok(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _Err("invalid utf-8")


def decode(s):
    """Standard alphabet; canonical padding or none at all."""
    return _decode(s, _STD, True)


def decode_url(s):
    """URL-safe alphabet; padding must be absent."""
    return _decode(s, _URL, False)
