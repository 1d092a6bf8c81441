"""Per-connection cache of named prepared statements (sans-IO), used by `PgConn.run` for
statements with parameters.

The first run of a SQL text sends Parse with a name (`mesh_<n>`) followed by Bind,
Describe, Execute, Sync; later runs send only Bind, Describe, Execute, Sync for that name.
The server then skips parsing and analysis and the client builds one message less:
measured by bench/db.py (bench/RESULTS.md) at about a quarter less client CPU and a
clearly shorter round trip per query. Parameters keep their unspecified types (the server
infers them from the SQL text alone), so a cached statement accepts exactly what a fresh
one would.

A statement is cached only when the server confirmed the Parse (ParseComplete), so SQL that
fails to parse is never cached. The cache holds `CACHE_SIZE` statements per connection;
the least recently used one is closed (Close message) in front of the next request.
Two server errors mean a cached statement can no longer be used as is — `26000`
(`prepared statement … does not exist`, after `DEALLOCATE ALL`/`DISCARD ALL`) and `0A000`
`cached plan must not change result type` (a table's columns changed under `SELECT *`):
`PgConn.run` then forgets it and, outside a transaction, runs the statement once more.
"""

from __future__ import annotations

import struct
from collections import OrderedDict

from . import protocol as P

CACHE_SIZE = 256
STATEMENT_GONE = "26000"
RESULT_TYPE_CHANGED = "0A000"
RETRYABLE = (STATEMENT_GONE, RESULT_TYPE_CHANGED)
RUN = P.describe_portal() + P.execute() + P.sync()


def close_statement(name: str) -> bytes:
    """Close ('C') of a named prepared statement; closing an unknown name is not an error."""
    payload = b"S" + name.encode("utf-8") + b"\0"
    return b"C" + struct.pack("!i", len(payload) + 4) + payload


class TrackingExchange(P.Exchange):
    """An Exchange that also notes whether the server confirmed a Parse."""

    def __init__(self) -> None:
        super().__init__()
        self.parsed = False

    def receive(self, msg) -> bytes:
        if type(msg) is P.Simple and msg.tag == "1":
            self.parsed = True
        return super().receive(msg)


def unnamed_error(error: P.ErrorResponse, name: str) -> None:
    """Server messages name the statement (`bind message supplies 2 parameters, but prepared
    statement "mesh_3" requires 1`); they read as for an unnamed statement, as before the
    cache existed, since the name is ours and not the program's."""
    message = error.fields.get("M")
    if message and f'"{name}"' in message:
        error.fields["M"] = message.replace(f'"{name}"', '""')


class StatementCache:
    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.names: OrderedDict[str, str] = OrderedDict()
        self.counter = 0
        self.to_close: list[str] = []

    def request(self, sql: str, params: list[str | None]) -> tuple[bytes, str, bool]:
        """The bytes to send, the statement's name, and whether this request creates it."""
        prefix = b"".join(close_statement(n) for n in self.to_close)
        self.to_close = []
        name = self.names.get(sql)
        if name is None:
            self.counter += 1
            name = f"mesh_{self.counter}"
            prefix += P.parse(sql, name)
        else:
            self.names.move_to_end(sql)
        return prefix + P.bind(params, statement=name) + RUN, name, name not in self.names

    def created(self, sql: str, name: str) -> None:
        self.names[sql] = name
        if len(self.names) > self.size:
            _, old = self.names.popitem(last=False)
            self.to_close.append(old)

    def forget(self, sql: str) -> None:
        name = self.names.pop(sql, None)
        if name is not None:
            self.to_close.append(name)

    def clear(self) -> None:
        """The server no longer has our statements (DEALLOCATE ALL, DISCARD ALL)."""
        self.names.clear()
        self.to_close = []
