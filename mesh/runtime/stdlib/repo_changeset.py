"""`Repo.insert_changeset` / `Repo.update_changeset` (spec 06 §3.10, §3.11): an invalid
changeset is returned as `Err(cs)` without any SQL; a database error becomes an error on the
changeset: `23505` → `has already been taken`, `23503` → `does not exist` (the field comes
from a constraint named `<table>_<field>_key` / `_fkey`, else `_base`), `23502` → `can't be
blank` on the column, anything else → `_base`: `database error`."""

from __future__ import annotations

from ..values import Err, Ok
from .changeset import Changeset

_MESSAGES = {"23505": "has already been taken", "23503": "does not exist"}


def _constraint_field(table: str, constraint: str) -> str:
    for suffix in ("_fkey", "_key"):
        prefix = table + "_"
        if constraint.startswith(prefix) and constraint.endswith(suffix):
            field = constraint[len(prefix) : -len(suffix)]
            if field:
                return field
    return "_base"


def changeset_error(cs: Changeset, table: str, error: str) -> Changeset:
    parts = error.split("\t")
    if len(parts) < 5:
        return cs.with_errors([("_base", "database error")])
    sqlstate, constraint, err_table, column = parts[:4]
    if sqlstate in _MESSAGES:
        field = _constraint_field(err_table or table, constraint)
        return cs.with_errors([(field, _MESSAGES[sqlstate])])
    if sqlstate == "23502" and column:
        return cs.with_errors([(column, "can't be blank")])
    return cs.with_errors([("_base", "database error")])


async def _write(cs, table: str, run):
    if not isinstance(cs, Changeset) or not cs.valid:
        return Err(cs)
    r = await run(dict(cs.changes_))
    if type(r) is Ok:
        return r
    return Err(changeset_error(cs, table, str(r._0)))


async def insert_changeset(target, table: str, cs):
    from .repo import insert

    return await _write(cs, table, lambda changes: insert(target, table, changes))


async def update_changeset(target, table: str, row_id: str, cs):
    from .repo import get, update

    if isinstance(cs, Changeset) and cs.valid and not cs.changes_:
        return await get(target, table, row_id)  # nothing to change: the row as it is
    return await _write(cs, table, lambda changes: update(target, table, row_id, changes))
