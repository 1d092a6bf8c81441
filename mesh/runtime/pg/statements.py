"""Per-connection cache of named prepared statements (sans-IO), used by `PgConn.run` for
statements with parameters.

The first run of a SQL text sends Parse with a name (`mesh_<n>`) followed by Bind,
Describe, Execute, Sync; later runs send only Bind, Execute, Sync for that name, with the
column names remembered from the first Describe. The server then skips parsing, analysis
and the description, and the client builds and decodes fewer messages:
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
RUN = P.execute() + P.sync()
DESCRIBE_AND_RUN = P.describe_portal() + RUN


def close_statement(name: str) -> bytes:
    """Close ('C') of a named prepared statement; closing an unknown name is not an error."""
    payload = b"S" + name.encode("utf-8") + b"\0"
    return b"C" + struct.pack("!i", len(payload) + 4) + payload


class TrackingExchange(P.Exchange):
    """An Exchange that also notes whether the server confirmed a Parse and described the
    portal; `columns` starts as the cached description when Describe is not sent."""

    def __init__(self, columns: list[str] | None = None) -> None:
        super().__init__()
        self.parsed = False
        self.described = False
        if columns is not None:
            self.columns = list(columns)

    def receive(self, msg) -> bytes:
        kind = type(msg)
        if kind is P.RowDescription:
            self.described = True
        elif kind is P.Simple:
            if msg.tag == "1":
                self.parsed = True
            elif msg.tag == "n":  # NoData: a statement without a result set
                self.described = True
        return super().receive(msg)


def unnamed_error(error: P.ErrorResponse, name: str) -> None:
    """Server messages name the statement (`bind message supplies 2 parameters, but prepared
    statement "mesh_3" requires 1`); they read as for an unnamed statement, as before the
    cache existed, since the name is ours and not the program's."""
    message = error.fields.get("M")
    if message and f'"{name}"' in message:
        error.fields["M"] = message.replace(f'"{name}"', '""')


class Entry:
    """One cached statement: its server-side name and result column names (from the first
    Describe; later runs skip Describe, since a changed result type is an error, 0A000)."""

    __slots__ = ("name", "columns")

    def __init__(self, name: str) -> None:
        self.name = name
        self.columns: list[str] | None = None


class StatementCache:
    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.counter = 0
        self.to_close: list[str] = []

    def request(self, sql: str, params: list[str | None]) -> tuple[bytes, Entry, bool]:
        """The bytes to send, the statement, and whether this request creates it."""
        prefix = b"".join(close_statement(n) for n in self.to_close)
        self.to_close = []
        entry = self.entries.get(sql)
        creating = entry is None
        if entry is None:
            self.counter += 1
            entry = Entry(f"mesh_{self.counter}")
            prefix += P.parse(sql, entry.name)
        else:
            self.entries.move_to_end(sql)
        run = DESCRIBE_AND_RUN if entry.columns is None else RUN
        return prefix + P.bind(params, statement=entry.name) + run, entry, creating

    def finished(self, sql: str, entry: Entry, creating: bool, ex: TrackingExchange) -> None:
        """Caches a statement the server parsed, and its description once it has one."""
        if creating:
            if not ex.parsed:
                return
            self.entries[sql] = entry
            if len(self.entries) > self.size:
                _, old = self.entries.popitem(last=False)
                self.to_close.append(old.name)
        if ex.described and entry.columns is None:
            entry.columns = list(ex.columns)

    def forget(self, sql: str) -> None:
        entry = self.entries.pop(sql, None)
        if entry is not None:
            self.to_close.append(entry.name)

    def clear(self) -> None:
        """The server no longer has our statements (DEALLOCATE ALL, DISCARD ALL)."""
        self.entries.clear()
        self.to_close = []
