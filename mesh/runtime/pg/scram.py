"""SCRAM-SHA-256 client side (RFC 5802, RFC 7677) as PostgreSQL uses it: no channel
binding (`n,,`), and the user name in the client-first message is ignored by the server
(libpq sends it empty)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import stringprep
import unicodedata

MECHANISM = "SCRAM-SHA-256"


class ScramError(Exception):
    pass


def saslprep(password: str) -> str:
    """RFC 4013 SASLprep, falling back to the raw password where it does not apply
    (PostgreSQL does the same)."""
    if password.isascii():
        return password
    mapped = "".join(
        " " if stringprep.in_table_c12(c) else c for c in password if not stringprep.in_table_b1(c)
    )
    out = unicodedata.normalize("NFKC", mapped)
    for c in out:
        if (
            stringprep.in_table_c12(c)
            or stringprep.in_table_c21_c22(c)
            or stringprep.in_table_c3(c)
            or stringprep.in_table_c4(c)
            or stringprep.in_table_c5(c)
            or stringprep.in_table_c6(c)
            or stringprep.in_table_c7(c)
            or stringprep.in_table_c8(c)
            or stringprep.in_table_c9(c)
            or stringprep.in_table_a1(c)
        ):
            return password
    return out


def _hmac(key: bytes, msg: bytes) -> bytes:
    return hmac.new(key, msg, hashlib.sha256).digest()


class ScramClient:
    """`client_first()` → send; `client_final(server_first)` → send;
    `verify_server_final(server_final)` raises ScramError on a bad server signature."""

    def __init__(self, password: str, user: str = "", nonce: str | None = None) -> None:
        self.password = saslprep(password)
        self.user = user.replace("=", "=3D").replace(",", "=2C")
        self.nonce = nonce or base64.b64encode(secrets.token_bytes(18)).decode()
        self._first_bare = f"n={self.user},r={self.nonce}"
        self._server_signature = b""

    def client_first(self) -> bytes:
        return ("n,," + self._first_bare).encode()

    def client_final(self, server_first: bytes) -> bytes:
        text = server_first.decode("utf-8")
        attrs = dict(part.split("=", 1) for part in text.split(",") if "=" in part)
        try:
            nonce, salt, iterations = attrs["r"], base64.b64decode(attrs["s"]), int(attrs["i"])
        except (KeyError, ValueError) as e:
            raise ScramError(f"invalid SCRAM server-first message: {text!r}") from e
        if not nonce.startswith(self.nonce) or iterations < 1:
            raise ScramError("invalid SCRAM server-first message: nonce mismatch")
        salted = hashlib.pbkdf2_hmac("sha256", self.password.encode(), salt, iterations)
        client_key = _hmac(salted, b"Client Key")
        stored_key = hashlib.sha256(client_key).digest()
        without_proof = f"c=biws,r={nonce}"
        auth_message = f"{self._first_bare},{text},{without_proof}".encode()
        signature = _hmac(stored_key, auth_message)
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        self._server_signature = _hmac(_hmac(salted, b"Server Key"), auth_message)
        return f"{without_proof},p={base64.b64encode(proof).decode()}".encode()

    def verify_server_final(self, server_final: bytes) -> None:
        text = server_final.decode("utf-8", "replace")
        attrs = dict(part.split("=", 1) for part in text.split(",") if "=" in part)
        if "e" in attrs:
            raise ScramError(f"SCRAM authentication failed: {attrs['e']}")
        try:
            got = base64.b64decode(attrs["v"])
        except (KeyError, ValueError) as e:
            raise ScramError("invalid SCRAM server-final message") from e
        if not hmac.compare_digest(got, self._server_signature):
            raise ScramError("SCRAM server signature mismatch")
