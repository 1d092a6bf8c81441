"""Ephemeral node certificate and TLS 1.3 contexts (spec 07 §3, §12)."""

from __future__ import annotations

import datetime
import os
import shutil
import ssl
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SERVER_NAME = "mesh-node"


class NodeTLS:
    """Key, self-signed certificate (DER kept for the channel binding) and both contexts."""

    def __init__(self):
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mesh-node")])
        utc = datetime.UTC
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime(2020, 1, 1, tzinfo=utc))
            .not_valid_after(datetime.datetime(2099, 12, 31, 23, 59, 59, tzinfo=utc))
            .sign(key, hashes.SHA256())
        )
        self.cert_der = cert.public_bytes(serialization.Encoding.DER)
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        cert_pem = cert.public_bytes(serialization.Encoding.PEM)
        self.server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.server_ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        d = tempfile.mkdtemp(prefix="mesh-node-")  # mkdtemp creates it 0700
        try:
            kp, cp = os.path.join(d, "key.pem"), os.path.join(d, "cert.pem")
            fd = os.open(kp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(key_pem)
            with open(cp, "wb") as f:
                f.write(cert_pem)
            self.server_ctx.load_cert_chain(cp, kp)
        finally:
            shutil.rmtree(d, ignore_errors=True)
        self.client_ctx = client_context()


def client_context() -> ssl.SSLContext:
    """TLS 1.3 without certificate verification: peers are authenticated by the cookie
    handshake, whose transcript binds the certificate actually received (§4.2)."""
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    c.check_hostname = False
    c.verify_mode = ssl.CERT_NONE
    c.minimum_version = ssl.TLSVersion.TLSv1_3
    return c
