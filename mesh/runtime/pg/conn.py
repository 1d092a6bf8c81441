"""A PostgreSQL connection on Trio: moves bytes between a stream (TCP, optionally TLS, or a
Unix socket) and the sans-IO state machines of protocol.py.

Every operation holds the connection's `trio.Lock`, so actors sharing one `PgConn` run
their statements one after another. Only the calling task waits. An operation that is
interrupted (cancellation, a network error, a protocol error) leaves the connection in an
unknown state: it is closed at once and every later use fails with `connection is closed`.
"""

from __future__ import annotations

import os
import select
import socket as _socket
import ssl

import trio

from . import protocol as P
from .direct import DirectSocket
from .statements import (
    RESULT_TYPE_CHANGED,
    RETRYABLE,
    StatementCache,
    TrackingExchange,
    unnamed_error,
)
from .url import ConnParams

CONNECT_TIMEOUT = 10.0


class PgError(Exception):
    """A client-side failure (connect, network, closed connection); `str(e)` is the text."""


class PgServerError(Exception):
    """The server answered a statement with an ErrorResponse."""

    def __init__(self, error: P.ErrorResponse) -> None:
        super().__init__(error.message)
        self.error = error

    @property
    def message(self) -> str:
        return self.error.message

    def structured(self) -> str:
        return self.error.structured()


class Result:
    __slots__ = ("columns", "rows", "tag", "affected")

    def __init__(self, ex: P.Exchange) -> None:
        self.columns = ex.columns
        self.rows = ex.rows
        self.tag = ex.tag
        self.affected = ex.affected


def _os_text(e: OSError) -> str:
    if e.errno:
        return os.strerror(e.errno)
    return e.strerror or str(e) or type(e).__name__


def _ssl_context(mode: str) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    if mode != "verify-full":  # libpq's prefer/require: encrypt, do not verify
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class PgConn:
    """Mesh `PgConn`: one server connection."""

    def __init__(self, stream: trio.abc.Stream, params: ConnParams) -> None:
        self._stream = stream
        # plain TCP/Unix sockets: system calls first, Trio waits only on EAGAIN (direct.py);
        # POSIX only (it duplicates the descriptor)
        direct = isinstance(stream, trio.SocketStream) and os.name == "posix"
        self._wire = DirectSocket(stream) if direct else stream
        self._decoder = P.Decoder()
        self._lock = trio.Lock()
        self.params = params
        self.status = "I"  # from the last ReadyForQuery
        self.closed = False
        self.parameters: dict[str, str] = {}
        self.pool = None  # set by pool.Pool for connections it owns
        self.statements = StatementCache()
        self.idle_since = float("-inf")  # trio time of the last Pool.checkin
        self.savepoint_depth = 0  # nested Pg.transaction calls (stdlib/pg.py)

    def __repr__(self) -> str:
        state = "closed" if self.closed else self.status
        return f"<PgConn {self.params.host}:{self.params.port}/{self.params.database} {state}>"

    @property
    def in_transaction(self) -> bool:
        return self.status in ("T", "E")

    # ---- byte movement
    async def _send(self, data: bytes) -> None:
        await self._wire.send_all(data)

    async def _next_message(self):
        while True:
            msg = self._decoder.next_message()
            if msg is not None:
                return msg
            data = await self._wire.receive_some(65536)
            if not data:
                raise PgError("connection closed by the server")
            self._decoder.feed(data)

    async def _drive(self, machine, first: bytes) -> None:
        if first:
            await self._send(first)
        while not machine.done:
            out = machine.receive(await self._next_message())
            if out:
                await self._send(out)

    def _abort(self) -> None:
        """Close at once without talking to the server (state unknown)."""
        if self.closed:
            return
        self.closed = True
        self._close_wire()
        sock = self._socket()
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    def _close_wire(self) -> None:
        if self._wire is not self._stream:
            self._wire.close()

    # ---- operations
    def _socket(self):
        stream = self._stream
        return getattr(getattr(stream, "transport_stream", stream), "socket", None)

    def has_pending_input(self) -> bool:
        """Whether the server sent something nobody has read yet — data or end of stream
        (a terminated backend sends an error, then closes). Idle connections have none, so
        the pool checks a recently used connection with this instead of a round trip."""
        if self.closed or self._decoder.buffered:
            return True
        sock = self._socket()
        if sock is None:
            return True  # unknown kind of stream: let the caller do the full check
        if not hasattr(select, "poll"):  # Windows
            return bool(select.select([sock], [], [], 0)[0])
        poller = select.poll()
        poller.register(sock.fileno(), select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))

    async def run(self, sql: str, params: list[str] | None = None) -> Result:
        """Runs SQL through the prepared-statement cache of statements.py (extended
        protocol). Without parameters, SQL containing `;` — possibly several statements,
        which only the simple protocol accepts — and empty SQL use the simple protocol.
        Raises PgServerError for a server error, PgError when the connection is unusable."""
        if "\0" in sql:
            raise PgError("SQL contains null byte")
        if params:
            for p in params:
                if "\0" in p:
                    raise PgError("parameter contains null byte")
            params = list(params)
        elif ";" not in sql and sql.strip():
            params = []
        ex = await self._exchange(sql, params)
        if (
            params is not None
            and ex.error is not None
            and ex.error.sqlstate in RETRYABLE
            and self.status == "I"
            and self._stale_statement(sql, ex.error)
        ):
            ex = await self._exchange(sql, params)  # once, with a fresh Parse
        if ex.error is not None:
            raise PgServerError(ex.error)
        return Result(ex)

    def _stale_statement(self, sql: str, error: P.ErrorResponse) -> bool:
        """Forgets a cached statement the server can no longer run; True when retrying
        with a new Parse can succeed."""
        if error.sqlstate == RESULT_TYPE_CHANGED:
            if "cached plan must not change result type" not in error.message:
                return False
            self.statements.forget(sql)
        else:
            self.statements.clear()
        return True

    async def _exchange(self, sql: str, params: list[str] | None) -> P.Exchange:
        try:  # uncontended: no scheduler pass (the query itself waits for the answer)
            self._lock.acquire_nowait()
        except trio.WouldBlock:
            await self._lock.acquire()
        try:
            return await self._exchange_locked(sql, params)
        finally:
            self._lock.release()

    async def _exchange_locked(self, sql: str, params: list[str] | None) -> P.Exchange:
        if self.closed:
            raise PgError("connection is closed")
        entry = None
        if params is not None:
            request, entry, creating = self.statements.request(sql, params)
            ex = TrackingExchange(entry.columns)
        else:
            request = P.query(sql)
            ex = P.Exchange()
        try:
            await self._drive(ex, request)
        except BaseException as e:
            self._abort()
            if isinstance(e, (OSError, trio.BrokenResourceError, trio.ClosedResourceError)):
                raise PgError(f"connection failed: {e}") from e
            if isinstance(e, P.ProtocolError):
                raise PgError(f"protocol error: {e}") from e
            raise
        if entry is not None:
            self.statements.finished(sql, entry, creating, ex)
            if ex.error is not None:
                unnamed_error(ex.error, entry.name)
        self.status = ex.status
        return ex

    async def close(self) -> None:
        """Sends Terminate and closes; a no-op when already closed."""
        if self.closed:
            return
        async with self._lock:
            if self.closed:
                return
            self.closed = True
            try:
                with trio.move_on_after(1):
                    await self._wire.send_all(P.terminate())
            except (OSError, trio.BrokenResourceError, trio.ClosedResourceError):
                pass
            finally:
                self._close_wire()
                await trio.aclose_forcefully(self._stream)


async def _open_stream(params: ConnParams) -> tuple[trio.abc.Stream, bool]:
    """(stream, is_tcp). Raises PgError with the spec's texts."""
    host, port = params.host, params.port
    if host.startswith("/"):
        path = os.path.join(host, f".s.PGSQL.{port}")
        try:
            return await trio.open_unix_socket(path), False
        except OSError as e:
            raise PgError(f"connection failed: {_os_text(e)}") from e
    if not host:
        raise PgError("could not resolve host")
    try:
        infos = await trio.socket.getaddrinfo(host, port, type=_socket.SOCK_STREAM)
    except _socket.gaierror as e:
        raise PgError(f"DNS resolution failed: {e.strerror or e}") from e
    except UnicodeError as e:
        raise PgError(f"DNS resolution failed: {e}") from e
    if not infos:
        raise PgError("could not resolve host")
    last: OSError | None = None
    for family, type_, proto, _name, addr in infos:
        sock = trio.socket.socket(family, type_, proto)
        try:
            await sock.connect(addr)
        except OSError as e:
            sock.close()
            last = e
            continue
        except BaseException:
            sock.close()
            raise
        try:
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        except OSError:
            pass
        return trio.SocketStream(sock), True
    assert last is not None
    raise PgError(f"connection failed: {_os_text(last)}")


async def _read_exactly_one(stream: trio.abc.Stream) -> bytes:
    data = await stream.receive_some(1)
    if not data:
        raise PgError("connection failed: server closed the connection during SSL negotiation")
    return data


async def _negotiate_tls(stream: trio.SocketStream, params: ConnParams) -> trio.abc.Stream:
    await stream.send_all(P.ssl_request())
    answer = await _read_exactly_one(stream)
    if answer == b"S":
        tls = trio.SSLStream(
            stream, _ssl_context(params.sslmode), server_hostname=params.host or None
        )
        try:
            await tls.do_handshake()
        except (trio.BrokenResourceError, ssl.SSLError) as e:
            cause = e.__cause__ or e
            raise PgError(f"connection failed: SSL handshake failed: {cause}") from e
        return tls
    if answer == b"N":
        if params.sslmode in ("require", "verify-full"):
            raise PgError("server does not support SSL")
        return stream
    raise PgError("connection failed: unexpected answer to SSL request")


async def connect(params: ConnParams, timeout: float = CONNECT_TIMEOUT) -> PgConn:
    """Opens and authenticates a connection. Raises PgError with the spec's texts."""
    stream = None
    with trio.move_on_after(timeout) as scope:
        try:
            stream, is_tcp = await _open_stream(params)
            if is_tcp and params.sslmode != "disable":
                stream = await _negotiate_tls(stream, params)
            conn = PgConn(stream, params)
            startup = P.Startup(params.user, params.password, params.database)
            await conn._drive(startup, startup.initial())
            conn.status = startup.status
            conn.parameters = startup.parameters
            return conn
        except BaseException as e:
            if stream is not None:
                await trio.aclose_forcefully(stream)
            if isinstance(e, P.AuthError):
                raise PgError(str(e)) from e
            if isinstance(e, P.ProtocolError):
                raise PgError(f"connection failed: protocol error: {e}") from e
            if isinstance(e, (trio.BrokenResourceError, trio.ClosedResourceError)):
                raise PgError("connection failed: connection closed by the server") from e
            if isinstance(e, OSError):
                raise PgError(f"connection failed: {_os_text(e)}") from e
            raise
    assert scope.cancelled_caught
    raise PgError(f"connection failed: timed out after {timeout:g} s")
