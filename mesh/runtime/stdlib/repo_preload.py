"""`Repo.preload(db, rows, [assoc], T.__relationship_meta__())` (spec 06 §3.10 [extra]).

Batch-loads associations of rows returned by `Repo.all` & co.: one `SELECT` per association
whatever the number of rows (no N+1). Rows stay `Map<String, String>`; each association is
added under its name as a `Json` value, which *is* its canonical text (spec 05 §6.1):
`has_many` → an array of row objects (`[]` when none), `has_one` / `belongs_to` → a row
object, or `null` when there is none. So `Json.encode(rows)` nests the associations, and a
program reads one with `Json.get`, `Json.parse` or `T.from_json` (docs/queries.md).

Keys: `belongs_to :author` reads the owner's `author_id` and matches the target's `id`;
`has_many` / `has_one` read the owner's `id` and match the target's `<owner>_id` (the `fk` of
the metadata entry `"<kind>:<name>:<Type>:<fk>:<target table>"`). On PostgreSQL the keys
travel as one array parameter (`= ANY($1)`, a single statement text for any number of rows);
on SQLite as `IN ($1, …)`.
"""

from __future__ import annotations

from ..fmt import json_object
from ..sql.frag import quote_ident
from ..values import Err, Json, MeshMap, MeshPanic, Ok

_KINDS = ("belongs_to", "has_many", "has_one")


class _Assoc:
    __slots__ = ("kind", "name", "fk", "table")

    def __init__(self, kind: str, name: str, fk: str, table: str) -> None:
        self.kind, self.name, self.fk, self.table = kind, name, fk, table

    @property
    def owner_key(self) -> str:
        """The column of the preloaded rows that holds the key."""
        return self.fk if self.kind == "belongs_to" else "id"

    @property
    def target_key(self) -> str:
        """The column of the association's table matched against it."""
        return "id" if self.kind == "belongs_to" else self.fk


def _parse_meta(meta) -> dict[str, _Assoc]:
    out: dict[str, _Assoc] = {}
    for entry in meta:
        parts = str(entry).split(":")
        if len(parts) != 5 or parts[0] not in _KINDS:
            raise MeshPanic(
                f"Repo.preload: malformed relationship metadata '{entry}' "
                "(pass T.__relationship_meta__())"
            )
        kind, name, _type, fk, table = parts
        out[name] = _Assoc(kind, name, fk, table)
    return out


def _pg_array(keys: list[str]) -> str:
    """A PostgreSQL array literal of text elements, each quoted (so any key is one element)."""
    return (
        "{" + ",".join('"' + k.replace("\\", "\\\\").replace('"', '\\"') + '"' for k in keys) + "}"
    )


def _select(assoc: _Assoc, keys: list[str], sqlite: bool) -> tuple[str, list[str]]:
    head = f"SELECT * FROM {quote_ident(assoc.table)} WHERE {quote_ident(assoc.target_key)}"
    if sqlite:
        return head + " IN (" + ", ".join(f"${i}" for i in range(1, len(keys) + 1)) + ")", keys
    return head + " = ANY($1)", [_pg_array(keys)]


def _row_json(row) -> Json:
    return Json(json_object(row.items()))


async def preload(run_query, rows, names, meta, sqlite: bool):
    """`run_query(sql, params)` runs one statement on the caller's target (repo._query)."""
    known = _parse_meta(meta)
    wanted: list[_Assoc] = []
    for name in names:
        name = str(name)
        if name not in known:
            listed = ", ".join(known) or "none"
            return Err(f"Repo.preload: unknown association '{name}' (known: {listed})")
        wanted.append(known[name])
    rows = list(rows)
    attached: dict[str, list[Json]] = {}
    for assoc in wanted:
        owner_keys = [
            row.get(assoc.owner_key, "") if isinstance(row, MeshMap) else "" for row in rows
        ]
        keys = list(dict.fromkeys(k for k in owner_keys if k != ""))
        found: dict[str, list] = {}
        if keys:
            r = await run_query(*_select(assoc, keys, sqlite))
            if type(r) is not Ok:
                return r
            for target in r._0:
                found.setdefault(target.get(assoc.target_key, ""), []).append(target)
        values = []
        for k in owner_keys:
            matches = found.get(k, []) if k != "" else []
            if assoc.kind == "has_many":
                values.append(Json("[" + ",".join(map(_row_json, matches)) + "]"))
            else:
                values.append(_row_json(matches[0]) if matches else Json("null"))
        attached[assoc.name] = values
    out = []
    for i, row in enumerate(rows):
        for assoc in wanted:
            row = row.put(assoc.name, attached[assoc.name][i])
        out.append(row)
    return Ok(out)
