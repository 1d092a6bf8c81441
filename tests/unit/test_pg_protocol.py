"""The sans-IO PostgreSQL protocol (mesh/runtime/pg/protocol.py) with byte fixtures:
frontend encoders, the decoder (split and merged reads), the startup/auth state machine
and the request-cycle state machine."""

from __future__ import annotations

import struct

import pytest

from mesh.runtime.pg import protocol as P
from mesh.runtime.pg.scram import ScramClient


def msg(tag: bytes, payload: bytes = b"") -> bytes:
    return tag + struct.pack("!I", len(payload) + 4) + payload


def row_description(*names: str) -> bytes:
    body = struct.pack("!h", len(names))
    for n in names:
        body += n.encode() + b"\0" + struct.pack("!IhIhih", 0, 0, 25, -1, -1, 0)
    return msg(b"T", body)


def data_row(*values: bytes | None) -> bytes:
    body = struct.pack("!h", len(values))
    for v in values:
        body += struct.pack("!i", -1) if v is None else struct.pack("!i", len(v)) + v
    return msg(b"D", body)


def error(**fields: str) -> bytes:
    return msg(b"E", b"".join(k.encode() + v.encode() + b"\0" for k, v in fields.items()) + b"\0")


def ready(status: bytes = b"I") -> bytes:
    return msg(b"Z", status)


def complete(tag: str) -> bytes:
    return msg(b"C", tag.encode() + b"\0")


def decode_all(data: bytes, chunk: int | None = None) -> list:
    d = P.Decoder()
    out = []
    pieces = [data] if chunk is None else [data[i : i + chunk] for i in range(0, len(data), chunk)]
    for piece in pieces:
        d.feed(piece)
        while (m := d.next_message()) is not None:
            out.append(m)
    assert d.buffered == 0
    return out


# ---- frontend encoders


def test_startup_and_ssl_request():
    assert P.ssl_request() == b"\x00\x00\x00\x08\x04\xd2\x16\x2f"
    data = P.startup_message("mesh", "db")
    assert struct.unpack("!ii", data[:8]) == (len(data), 196608)
    assert data[8:] == b"user\0mesh\0database\0db\0client_encoding\0UTF8\0\0"


def test_query_and_terminate():
    assert P.query("SELECT 1") == b"Q\x00\x00\x00\x0dSELECT 1\x00"
    assert P.terminate() == b"X\x00\x00\x00\x04"
    assert P.sync() == b"S\x00\x00\x00\x04"


def test_extended_query_sends_text_params_with_unspecified_types():
    data = P.extended_query("SELECT $1, $2", ["30", None])
    msgs = []
    pos = 0
    while pos < len(data):
        tag, size = struct.unpack_from("!cI", data, pos)
        msgs.append((tag, data[pos + 5 : pos + 1 + size]))
        pos += 1 + size
    assert [t for t, _ in msgs] == [b"P", b"B", b"D", b"E", b"S"]
    assert msgs[0][1] == b"\0SELECT $1, $2\0\x00\x00"  # no parameter type OIDs
    assert msgs[1][1] == (
        b"\0\0"
        + b"\x00\x00"
        + b"\x00\x02"
        + b"\x00\x00\x00\x0230"
        + b"\xff\xff\xff\xff"
        + b"\x00\x00"
    )  # text formats, NULL = -1
    assert msgs[2][1] == b"P\0"
    assert msgs[3][1] == b"\0\x00\x00\x00\x00"


def test_nul_in_sql_rejected():
    with pytest.raises(ValueError):
        P.query("SELECT '\0'")


def test_password_messages():
    assert P.password_message(b"pw") == b"p\x00\x00\x00\x07pw\x00"
    assert P.sasl_initial_response("SCRAM-SHA-256", b"abc") == (
        b"p" + struct.pack("!I", 4 + 14 + 4 + 3) + b"SCRAM-SHA-256\0" + b"\x00\x00\x00\x03abc"
    )
    assert P.sasl_response(b"xyz") == b"p\x00\x00\x00\x07xyz"


# ---- decoder

STREAM = (
    row_description("id", "name", "note")
    + data_row(b"1", "é".encode(), None)
    + complete("SELECT 1")
    + ready(b"T")
)


@pytest.mark.parametrize("chunk", [None, 1, 3, 7])
def test_decoder_split_reads(chunk):
    out = decode_all(STREAM, chunk)
    assert out == [
        P.RowDescription(["id", "name", "note"], [25, 25, 25]),
        P.DataRow([b"1", "é".encode(), None]),
        P.CommandComplete("SELECT 1"),
        P.ReadyForQuery("T"),
    ]


def test_decoder_other_messages():
    data = (
        msg(b"R", struct.pack("!i", 5) + b"salt")
        + msg(b"S", b"TimeZone\0UTC\0")
        + msg(b"K", struct.pack("!ii", 42, 7))
        + msg(b"1")
        + msg(b"2")
        + msg(b"n")
        + msg(b"I")
        + msg(b"G", b"\0\0\0")
        + error(S="ERROR", C="42P01", M="nope")
    )
    out = decode_all(data)
    assert out[:3] == [
        P.Authentication(5, b"salt"),
        P.ParameterStatus("TimeZone", "UTC"),
        P.BackendKeyData(42, 7),
    ]
    assert [m.tag for m in out[3:7]] == ["1", "2", "n", "I"]
    assert out[7] == P.CopyResponse("G")
    assert out[8].sqlstate == "42P01" and out[8].message == "nope"


def test_decoder_rejects_bad_length():
    d = P.Decoder()
    d.feed(b"Z\x00\x00\x00\x02")
    with pytest.raises(P.ProtocolError):
        d.next_message()


def test_structured_error():
    (e,) = decode_all(
        error(
            S="ERROR",
            V="ERROR",
            C="23505",
            M="duplicate key value",
            n="t_pkey",
            t="t",
            D="Key (n)=(1) already exists.",
        )
    )
    assert e.structured() == "23505\tt_pkey\tt\t\tduplicate key value"
    (e,) = decode_all(error(C="23502", M="null value", t="items", c="qty"))
    assert e.structured() == "23502\t\titems\tqty\tnull value"
    (e,) = decode_all(error(C="42P01", M='relation "todos" does not exist'))
    assert e.structured() == '42P01\t\t\t\trelation "todos" does not exist'


# ---- startup / auth


def feed(machine, data: bytes) -> list[bytes]:
    return [machine.receive(m) for m in decode_all(data)]


def test_startup_trust():
    s = P.Startup("mesh", None, "db")
    sent = feed(
        s,
        msg(b"R", struct.pack("!i", 0))
        + msg(b"S", b"server_version\x0015.1\0")
        + msg(b"K", struct.pack("!ii", 1, 2))
        + ready(),
    )
    assert sent == [b"", b"", b"", b""]
    assert s.done and s.parameters == {"server_version": "15.1"} and s.backend_key == (1, 2)


def test_startup_cleartext_and_md5():
    s = P.Startup("alice", "secret", "db")
    assert feed(s, msg(b"R", struct.pack("!i", 3))) == [P.password_message(b"secret")]
    s = P.Startup("alice", "secret", "db")
    (sent,) = feed(s, msg(b"R", struct.pack("!i", 5) + b"\x01\x02\x03\x04"))
    assert sent == P.password_message(P.md5_password("alice", "secret", b"\x01\x02\x03\x04"))


def test_startup_missing_password():
    s = P.Startup("alice", None, "db")
    with pytest.raises(P.AuthError, match="no password supplied"):
        feed(s, msg(b"R", struct.pack("!i", 5) + b"salt"))


def test_startup_server_error_is_plain_message():
    s = P.Startup("x", "bad", "db")
    with pytest.raises(P.AuthError) as info:
        feed(s, error(S="FATAL", C="28P01", M='password authentication failed for user "x"'))
    assert str(info.value) == 'password authentication failed for user "x"'


def test_startup_scram_rfc7677_exchange(monkeypatch):
    nonce = "rOprNGfwEbeRWgbNEkqO"
    real_init = ScramClient.__init__

    def fixed(self, password, user="", nonce_=None):
        real_init(self, password, user="user", nonce=nonce)

    monkeypatch.setattr(ScramClient, "__init__", fixed)
    s = P.Startup("user", "pencil", "db")
    (first,) = feed(s, msg(b"R", struct.pack("!i", 10) + b"SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0"))
    assert first == P.sasl_initial_response("SCRAM-SHA-256", b"n,,n=user,r=" + nonce.encode())
    server_first = (
        b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    )
    (final,) = feed(s, msg(b"R", struct.pack("!i", 11) + server_first))
    assert final.endswith(b"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    feed(s, msg(b"R", struct.pack("!i", 12) + b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
    feed(s, msg(b"R", struct.pack("!i", 0)) + ready())
    assert s.done


def test_startup_scram_bad_server_signature():
    s = P.Startup("u", "pw", "db")
    feed(s, msg(b"R", struct.pack("!i", 10) + b"SCRAM-SHA-256\0\0"))
    nonce = s._scram.nonce.encode()
    feed(s, msg(b"R", struct.pack("!i", 11) + b"r=" + nonce + b"srv,s=c2FsdA==,i=1"))
    with pytest.raises(P.AuthError, match="signature mismatch"):
        feed(s, msg(b"R", struct.pack("!i", 12) + b"v=AAAA"))


def test_startup_unsupported_methods():
    with pytest.raises(P.AuthError, match="unsupported SASL"):
        feed(P.Startup("u", "p", "d"), msg(b"R", struct.pack("!i", 10) + b"OTHER\0\0"))
    with pytest.raises(P.AuthError, match="code 7"):
        feed(P.Startup("u", "p", "d"), msg(b"R", struct.pack("!i", 7)))


# ---- request cycle


def test_exchange_rows_and_tag():
    ex = P.Exchange()
    feed(ex, msg(b"1") + msg(b"2") + STREAM)
    assert ex.done and ex.columns == ["id", "name", "note"]
    assert ex.rows == [["1", "é", None]] and ex.tag == "SELECT 1" and ex.status == "T"
    assert ex.error is None and ex.affected == 1


@pytest.mark.parametrize(
    "tag, n",
    [
        ("INSERT 0 1", 1),
        ("UPDATE 3", 3),
        ("SELECT 5", 5),
        ("CREATE TABLE", 0),
        ("", 0),
        ("DELETE 0", 0),
    ],
)
def test_affected(tag, n):
    ex = P.Exchange()
    ex.tag = tag
    assert ex.affected == n


def test_exchange_multi_statement_keeps_last_result():
    ex = P.Exchange()
    feed(
        ex,
        row_description("a")
        + data_row(b"1")
        + complete("SELECT 1")
        + complete("CREATE TABLE")
        + row_description("b")
        + data_row(b"2")
        + data_row(b"3")
        + complete("SELECT 2")
        + ready(),
    )
    assert ex.columns == ["b"] and ex.rows == [["2"], ["3"]] and ex.tag == "SELECT 2"


def test_exchange_error_keeps_first_and_waits_for_ready():
    ex = P.Exchange()
    sent = feed(ex, error(C="42P01", M="first") + error(C="XX000", M="second"))
    assert sent == [b"", b""] and not ex.done
    feed(ex, ready(b"E"))
    assert ex.done and ex.error.message == "first" and ex.status == "E"


def test_exchange_refuses_copy_in():
    ex = P.Exchange()
    (sent,) = feed(ex, msg(b"G", b"\0\0\0"))
    assert sent == P.copy_fail("COPY FROM STDIN is not supported")
