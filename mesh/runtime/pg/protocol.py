"""Sans-IO PostgreSQL frontend/backend protocol v3 (in the style of h11): encoders for the
frontend messages we send, a `Decoder` that turns received bytes into backend message
objects, and two state machines driven by those messages:

  `Startup`    startup packet and authentication (trust, cleartext, MD5, SCRAM-SHA-256)
  `Exchange`   one request cycle (simple `Query`, or Parse/Bind/Describe/Execute/Sync)
               up to ReadyForQuery, collecting columns, rows, the command tag and the error

Nothing here touches a socket; conn.py moves the bytes. Values are exchanged in text
format only (parameters with type OID 0, so the server infers their types; result columns
requested as text, so the values are the server's own text output).
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field

from .scram import MECHANISM as SCRAM_SHA_256, ScramClient, ScramError

PROTOCOL_VERSION = 196608  # 3.0
SSL_REQUEST_CODE = 80877103
MAX_MESSAGE = 1 << 30

_I32 = struct.Struct("!i")
_I16 = struct.Struct("!h")
_HEADER = struct.Struct("!cI")


class ProtocolError(Exception):
    """The peer sent something that is not valid protocol v3 (or we cannot handle it)."""


class AuthError(Exception):
    """Startup failed: the server's message (ErrorResponse) or a client-side reason."""


# --------------------------------------------------------------------------------------
# Frontend messages


def _cstr(text: str) -> bytes:
    data = text.encode("utf-8")
    if b"\0" in data:
        raise ValueError("string contains a NUL byte")
    return data + b"\0"


def _msg(tag: bytes, payload: bytes = b"") -> bytes:
    return tag + _I32.pack(len(payload) + 4) + payload


def ssl_request() -> bytes:
    return _I32.pack(8) + _I32.pack(SSL_REQUEST_CODE)


def startup_message(user: str, database: str, options: dict[str, str] | None = None) -> bytes:
    body = _I32.pack(PROTOCOL_VERSION)
    params = {"user": user, "database": database, "client_encoding": "UTF8"}
    params.update(options or {})
    for key, value in params.items():
        body += _cstr(key) + _cstr(value)
    body += b"\0"
    return _I32.pack(len(body) + 4) + body


def password_message(password: bytes) -> bytes:
    return _msg(b"p", password + b"\0")


def sasl_initial_response(mechanism: str, data: bytes) -> bytes:
    return _msg(b"p", _cstr(mechanism) + _I32.pack(len(data)) + data)


def sasl_response(data: bytes) -> bytes:
    return _msg(b"p", data)


def query(sql: str) -> bytes:
    return _msg(b"Q", _cstr(sql))


def parse(sql: str, name: str = "") -> bytes:
    # No parameter types declared: every parameter is "unspecified" (OID 0).
    return _msg(b"P", _cstr(name) + _cstr(sql) + _I16.pack(0))


def bind(params: list[str | None], portal: str = "", statement: str = "") -> bytes:
    out = [_cstr(portal), _cstr(statement), _I16.pack(0), _I16.pack(len(params))]
    for p in params:
        if p is None:
            out.append(_I32.pack(-1))
        else:
            data = p.encode("utf-8")
            out.append(_I32.pack(len(data)))
            out.append(data)
    out.append(_I16.pack(0))  # all result columns in text format
    return _msg(b"B", b"".join(out))


def describe_portal(portal: str = "") -> bytes:
    return _msg(b"D", b"P" + _cstr(portal))


def execute(portal: str = "", max_rows: int = 0) -> bytes:
    return _msg(b"E", _cstr(portal) + _I32.pack(max_rows))


def sync() -> bytes:
    return _msg(b"S")


def terminate() -> bytes:
    return _msg(b"X")


def copy_fail(reason: str) -> bytes:
    return _msg(b"f", _cstr(reason))


def extended_query(sql: str, params: list[str | None]) -> bytes:
    """One unnamed-statement round trip: Parse, Bind, Describe portal, Execute, Sync."""
    return parse(sql) + bind(params) + describe_portal() + execute() + sync()


# --------------------------------------------------------------------------------------
# Backend messages


@dataclass(slots=True)
class Authentication:
    code: int  # 0 ok, 3 cleartext, 5 MD5, 10 SASL, 11 SASL continue, 12 SASL final
    data: bytes = b""


@dataclass(slots=True)
class ParameterStatus:
    name: str
    value: str


@dataclass(slots=True)
class BackendKeyData:
    pid: int
    secret: int


@dataclass(slots=True)
class ReadyForQuery:
    status: str  # 'I' idle, 'T' in a transaction, 'E' in a failed transaction


@dataclass(slots=True)
class RowDescription:
    names: list[str]
    type_oids: list[int]


@dataclass(slots=True)
class DataRow:
    values: list[bytes | None]


@dataclass(slots=True)
class CommandComplete:
    tag: str


@dataclass(slots=True)
class ErrorResponse:
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def sqlstate(self) -> str:
        return self.fields.get("C", "")

    @property
    def message(self) -> str:
        return self.fields.get("M", "")

    def structured(self) -> str:
        """`<SQLSTATE>\\t<constraint>\\t<table>\\t<column>\\t<message>` (spec 06 §3.3)."""
        f = self.fields
        return "\t".join(
            (f.get("C", ""), f.get("n", ""), f.get("t", ""), f.get("c", ""), f.get("M", ""))
        )


@dataclass(slots=True)
class NoticeResponse:
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Simple:
    """A message without content we care about: ParseComplete ('1'), BindComplete ('2'),
    CloseComplete ('3'), NoData ('n'), EmptyQueryResponse ('I'), PortalSuspended ('s'),
    ParameterDescription ('t'), NotificationResponse ('A'), CopyData ('d'), CopyDone ('c'),
    and anything unknown."""

    tag: str
    payload: bytes = b""


@dataclass(slots=True)
class CopyResponse:
    direction: str  # 'G' copy-in, 'H' copy-out, 'W' copy-both


def _fields(payload: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    pos = 0
    while pos < len(payload) and payload[pos] != 0:
        end = payload.index(b"\0", pos + 1)
        out[chr(payload[pos])] = payload[pos + 1 : end].decode("utf-8", "replace")
        pos = end + 1
    return out


def _parse(tag: bytes, payload: bytes):
    try:
        if tag == b"D":
            n = _I16.unpack_from(payload, 0)[0]
            pos = 2
            values: list[bytes | None] = []
            for _ in range(n):
                size = _I32.unpack_from(payload, pos)[0]
                pos += 4
                if size < 0:
                    values.append(None)
                else:
                    values.append(payload[pos : pos + size])
                    pos += size
            return DataRow(values)
        if tag == b"C":
            return CommandComplete(payload.rstrip(b"\0").decode("utf-8", "replace"))
        if tag == b"Z":
            return ReadyForQuery(chr(payload[0]))
        if tag == b"T":
            n = _I16.unpack_from(payload, 0)[0]
            pos = 2
            names, oids = [], []
            for _ in range(n):
                end = payload.index(b"\0", pos)
                names.append(payload[pos:end].decode("utf-8", "replace"))
                pos = end + 1
                oids.append(struct.unpack_from("!IhIhih", payload, pos)[2])
                pos += 18
            return RowDescription(names, oids)
        if tag == b"E":
            return ErrorResponse(_fields(payload))
        if tag == b"N":
            return NoticeResponse(_fields(payload))
        if tag == b"R":
            return Authentication(_I32.unpack_from(payload, 0)[0], payload[4:])
        if tag == b"S":
            name, value = payload.split(b"\0")[:2]
            return ParameterStatus(
                name.decode("utf-8", "replace"), value.decode("utf-8", "replace")
            )
        if tag == b"K":
            pid, secret = struct.unpack_from("!ii", payload, 0)
            return BackendKeyData(pid, secret)
        if tag in (b"G", b"H", b"W"):
            return CopyResponse(tag.decode())
    except (struct.error, IndexError, ValueError) as e:
        raise ProtocolError(f"malformed {tag!r} message") from e
    return Simple(tag.decode("latin-1"), payload)


class Decoder:
    """Bytes in, backend messages out: `feed(data)`, then `next_message()` until None."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._pos = 0

    def feed(self, data: bytes) -> None:
        if self._pos:
            del self._buf[: self._pos]
            self._pos = 0
        self._buf += data

    @property
    def buffered(self) -> int:
        return len(self._buf) - self._pos

    def next_message(self):
        buf, pos = self._buf, self._pos
        if len(buf) - pos < 5:
            return None
        tag, size = _HEADER.unpack_from(buf, pos)
        if size < 4 or size > MAX_MESSAGE:
            raise ProtocolError(f"invalid message length {size}")
        end = pos + 1 + size
        if len(buf) < end:
            return None
        payload = bytes(buf[pos + 5 : end])
        self._pos = end
        return _parse(tag, payload)


# --------------------------------------------------------------------------------------
# State machines


def md5_password(user: str, password: str, salt: bytes) -> bytes:
    inner = hashlib.md5(password.encode("utf-8") + user.encode("utf-8")).hexdigest()
    return b"md5" + hashlib.md5(inner.encode("ascii") + salt).hexdigest().encode("ascii")


class Startup:
    """Startup and authentication. `initial()` gives the startup packet; feed each backend
    message to `receive()`, which returns bytes to send (or b""). Raises AuthError on
    failure; `done` is set at the first ReadyForQuery."""

    def __init__(self, user: str, password: str | None, database: str) -> None:
        self.user = user
        self.password = password
        self.database = database
        self.done = False
        self.status = "I"
        self.parameters: dict[str, str] = {}
        self.backend_key: tuple[int, int] | None = None
        self._scram: ScramClient | None = None

    def initial(self) -> bytes:
        return startup_message(self.user, self.database)

    def _need_password(self) -> str:
        if self.password is None:
            raise AuthError("password authentication failed: no password supplied")
        return self.password

    def receive(self, msg) -> bytes:
        if isinstance(msg, Authentication):
            return self._auth(msg)
        if isinstance(msg, ErrorResponse):
            raise AuthError(msg.message or "authentication failed")
        if isinstance(msg, ParameterStatus):
            self.parameters[msg.name] = msg.value
        elif isinstance(msg, BackendKeyData):
            self.backend_key = (msg.pid, msg.secret)
        elif isinstance(msg, ReadyForQuery):
            self.done = True
            self.status = msg.status
        return b""

    def _auth(self, msg: Authentication) -> bytes:
        code = msg.code
        if code == 0:
            return b""
        if code == 3:
            return password_message(self._need_password().encode("utf-8"))
        if code == 5:
            return password_message(md5_password(self.user, self._need_password(), msg.data[:4]))
        if code == 10:
            mechanisms = [m.decode() for m in msg.data.split(b"\0") if m]
            if SCRAM_SHA_256 not in mechanisms:
                raise AuthError("unsupported SASL mechanisms: " + ", ".join(mechanisms))
            self._scram = ScramClient(self._need_password())
            return sasl_initial_response(SCRAM_SHA_256, self._scram.client_first())
        if code in (11, 12):
            if self._scram is None:
                raise ProtocolError("unexpected SASL message")
            try:
                if code == 11:
                    return sasl_response(self._scram.client_final(msg.data))
                self._scram.verify_server_final(msg.data)
            except ScramError as e:
                raise AuthError(str(e)) from e
            return b""
        raise AuthError(f"unsupported authentication method (code {code})")


class Exchange:
    """One request cycle up to ReadyForQuery. Feed backend messages to `receive()`, which
    returns bytes to send (only for COPY, which is refused). Afterwards: `columns`, `rows`
    (the last result set, values as text with NULL → None), `tag` (the last command tag),
    `error` (the first ErrorResponse or None), `status` (transaction status)."""

    def __init__(self) -> None:
        self.columns: list[str] = []
        self.rows: list[list[str | None]] = []
        self.tag = ""
        self.error: ErrorResponse | None = None
        self.status = "I"
        self.done = False
        self.notices: list[NoticeResponse] = []

    def receive(self, msg) -> bytes:
        if isinstance(msg, DataRow):
            self.rows.append(
                [None if v is None else v.decode("utf-8", "replace") for v in msg.values]
            )
        elif isinstance(msg, RowDescription):
            self.columns = msg.names
            self.rows = []
        elif isinstance(msg, CommandComplete):
            self.tag = msg.tag
        elif isinstance(msg, ReadyForQuery):
            self.status = msg.status
            self.done = True
        elif isinstance(msg, ErrorResponse):
            if self.error is None:
                self.error = msg
        elif isinstance(msg, NoticeResponse):
            self.notices.append(msg)
        elif isinstance(msg, CopyResponse):
            if msg.direction == "G":
                return copy_fail("COPY FROM STDIN is not supported")
        elif isinstance(msg, Authentication):
            raise ProtocolError("unexpected authentication request")
        return b""

    @property
    def affected(self) -> int:
        """The last integer of the command tag (`INSERT 0 1` → 1, `CREATE TABLE` → 0)."""
        last = self.tag.rsplit(" ", 1)[-1] if self.tag else ""
        return int(last) if last.isdigit() else 0
