"""`HTTP.serve_tls` and `Ws.serve_tls` (spec 06 §1.8, §2.1) in a built Mesh program
(`http_programs/tls`), with a throw-away self-signed certificate made here with
`cryptography`. Clients verify the certificate, so a plain-text server would fail them."""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import socket
import ssl
import time

import pytest
from http_support import IO_TIMEOUT, PARSERS, START_TIMEOUT, Server, ws_run
from trio_websocket import open_websocket_url

HTTPS_READY = r"\[mesh-rt\] HTTPS server listening on (\[::\]|0\.0\.0\.0):(\d+)$"
WSS_READY = r"\[mesh-rt\] WebSocket TLS server listening on 0\.0\.0\.0:(\d+)$"


def _write_self_signed(directory) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mesh-test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


@pytest.fixture(scope="module")
def tls_exe(http_program):
    return http_program("tls")


@pytest.fixture(scope="module")
def pems(tmp_path_factory):
    return _write_self_signed(tmp_path_factory.mktemp("pems"))


@pytest.fixture(scope="module")
def client_ctx(pems):
    ctx = ssl.create_default_context(cafile=pems[0])
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


@pytest.fixture(scope="module", params=PARSERS)
def tls_server(request, tls_exe, pems):
    srv = Server(tls_exe, request.param, env={"TLS_CERT": pems[0], "TLS_KEY": pems[1]})
    try:
        srv.port = int(srv.wait_line(HTTPS_READY, timeout=START_TIMEOUT).group(2))
        srv.ws_port = int(srv.wait_line(WSS_READY, timeout=START_TIMEOUT).group(1))
        yield srv
    finally:
        srv.stop()


def test_https_readiness_get_and_keep_alive(tls_server, client_ctx):
    line = next(ln for ln in tls_server.err if "HTTPS server listening" in ln)
    assert line in (
        f"[mesh-rt] HTTPS server listening on [::]:{tls_server.port}",
        f"[mesh-rt] HTTPS server listening on 0.0.0.0:{tls_server.port}",
    )
    conn = http.client.HTTPSConnection(
        "127.0.0.1", tls_server.port, timeout=IO_TIMEOUT, context=client_ctx
    )
    try:
        conn.request("GET", "/hello/one")
        r = conn.getresponse()
        assert (r.status, r.read()) == (200, b"secure /hello/one")
        sock = conn.sock
        assert sock.selected_alpn_protocol() == "http/1.1"  # spec 06 §1.8: ALPN http/1.1 only
        conn.request("GET", "/hello/two")
        r = conn.getresponse()
        assert (r.status, r.read()) == (200, b"secure /hello/two")
        assert conn.sock is sock  # keep-alive over TLS
    finally:
        conn.close()
    assert tls_server.alive()


def test_plain_http_on_the_tls_port_is_not_served(tls_server, client_ctx):
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=IO_TIMEOUT) as s:
        s.sendall(b"GET /hello/plain HTTP/1.1\r\nHost: x\r\n\r\n")
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    assert b"secure" not in data and not data.startswith(b"HTTP/1.1 200")
    # the failed handshake cost only that connection
    conn = http.client.HTTPSConnection(
        "127.0.0.1", tls_server.port, timeout=IO_TIMEOUT, context=client_ctx
    )
    try:
        conn.request("GET", "/hello/after")
        assert conn.getresponse().read() == b"secure /hello/after"
    finally:
        conn.close()


def test_wss_echo(tls_server, client_ctx):
    async def scenario():
        async with open_websocket_url(
            f"wss://127.0.0.1:{tls_server.ws_port}/x", ssl_context=client_ctx
        ) as ws:
            await ws.send_message("over tls")
            return await ws.get_message()

    assert ws_run(scenario) == "tls:over tls"


@pytest.mark.parametrize("broken", ["missing-cert", "garbage-key", "other-key"])
def test_certificate_load_failure(tls_exe, pems, tmp_path, broken):
    cert, key = pems
    if broken == "missing-cert":
        cert = str(tmp_path / "nope.pem")
    elif broken == "garbage-key":
        key = tmp_path / "key.pem"
        key.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
        key = str(key)
    else:  # a valid key that does not match the certificate
        cert = _write_self_signed(tmp_path)[0]
    srv = Server(tls_exe, "fast", env={"TLS_CERT": cert, "TLS_KEY": key})
    try:
        # Ws.serve_tls reports first, then HTTP.serve_tls, which returns ()
        m = srv.wait_line(
            r"^\[mesh-rt\] Failed to load TLS certificates: (.+)$", timeout=START_TIMEOUT
        )
        assert m.group(1).strip()
        srv.wait_line(r"^serve_tls returned$", stream="out", timeout=START_TIMEOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while srv.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert srv.proc.returncode == 0, srv.stderr_text()
        err = srv.stderr_text()
        assert err.count("Failed to load TLS certificates") == 2, err
        assert "listening" not in err and "Traceback" not in err, err
    finally:
        srv.stop()
