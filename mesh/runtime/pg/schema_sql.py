"""SQL text of the migration DSL (spec 06 §3.13): `Migration.*` and the `Pg` schema helpers.

Sans-IO: every function returns the statement text or raises `SchemaSqlError` with the
message the Mesh function returns as `Err`. Table, column and index names are always
double-quoted with `"` doubled, so any name is safe; column types, constraints and `where:`
conditions are SQL written by the migration's author and are kept verbatim.
"""

from __future__ import annotations

import datetime


class SchemaSqlError(ValueError):
    """`str(e)` is the `Err` text of the Mesh function."""


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column_def(fn: str, spec: str) -> str:
    """`col:TYPE[:CONSTRAINTS]` → `"col" TYPE CONSTRAINTS` (split at the first two `:`)."""
    parts = spec.split(":", 2)
    name = parts[0].strip()
    if not name or len(parts) < 2 or not parts[1].strip():
        raise SchemaSqlError(f"{fn} columns: `{spec}` must be written `name:TYPE[:CONSTRAINTS]`")
    text = f"{quote_ident(name)} {parts[1].strip()}"
    if len(parts) == 3 and parts[2].strip():
        text += " " + parts[2].strip()
    return text


def create_table(table: str, columns: list[str]) -> str:
    cols = ", ".join(_column_def("Migration.create_table", c) for c in columns)
    return f"CREATE TABLE IF NOT EXISTS {quote_ident(table)} ({cols})"


def drop_table(table: str) -> str:
    return f"DROP TABLE IF EXISTS {quote_ident(table)}"


def add_column(table: str, column: str) -> str:
    return (
        f"ALTER TABLE {quote_ident(table)} ADD COLUMN IF NOT EXISTS "
        f"{_column_def('Migration.add_column', column)}"
    )


def drop_column(table: str, column: str) -> str:
    return f"ALTER TABLE {quote_ident(table)} DROP COLUMN IF EXISTS {quote_ident(column)}"


def rename_column(table: str, old: str, new: str) -> str:
    return (
        f"ALTER TABLE {quote_ident(table)} RENAME COLUMN {quote_ident(old)} TO {quote_ident(new)}"
    )


def default_index_name(table: str, columns: list[str]) -> str:
    return "_".join(["idx", table, *columns])


def _index_columns(columns: list[str]) -> tuple[list[str], list[str]]:
    """(bare names, rendered `"c" DESC` items) of `create_index`'s column list."""
    if not columns:
        raise SchemaSqlError("Migration.create_index columns: at least one column is required")
    names, items = [], []
    for spec in columns:
        name, sep, order = spec.partition(":")
        name = name.strip()
        if not name:
            raise SchemaSqlError(f"Migration.create_index columns: empty column name in `{spec}`")
        item = quote_ident(name)
        if sep:
            if order.strip().upper() not in ("ASC", "DESC"):
                raise SchemaSqlError(
                    f"Migration.create_index columns: `{spec}` may only end in :ASC or :DESC"
                )
            item += " " + order.strip().upper()
        names.append(name)
        items.append(item)
    return names, items


OPTION_KEYS = ("unique", "name", "where")


def _index_options(options: str) -> tuple[bool, str | None, str | None]:
    """(unique, name, where) from `unique:true name:idx where:<condition>`; `where:` takes
    the rest of the string, so it can only come last."""
    unique, name, where = False, None, None
    rest = options.strip()
    while rest:
        token, _, tail = rest.partition(" ")
        key, sep, value = token.partition(":")
        if not sep:
            raise SchemaSqlError(
                f"Migration.create_index options: `{token}` is not key:value "
                "(keys: unique, name, where)"
            )
        if key == "where":
            where = rest[len("where:") :].strip()
            if not where:
                raise SchemaSqlError("Migration.create_index options: `where:` needs a condition")
            if any(t.partition(":")[0] in OPTION_KEYS and ":" in t for t in where.split()):
                raise SchemaSqlError("Migration.create_index options: `where:` must come last")
            break
        if key == "unique":
            if value not in ("true", "false"):
                raise SchemaSqlError(
                    "Migration.create_index options: `unique:` must be true "
                    f"or false, got `{value}`"
                )
            unique = value == "true"
        elif key == "name":
            if not value:
                raise SchemaSqlError("Migration.create_index options: `name:` must not be empty")
            name = value
        else:
            raise SchemaSqlError(
                f"Migration.create_index options: unknown option `{key}` "
                "(keys: unique, name, where; where: must come last)"
            )
        rest = tail.strip()
    return unique, name, where


def create_index(table: str, columns: list[str], options: str) -> str:
    names, items = _index_columns(columns)
    unique, name, where = _index_options(options)
    index = name if name is not None else default_index_name(table, names)
    sql = (
        f"CREATE {'UNIQUE ' if unique else ''}INDEX IF NOT EXISTS {quote_ident(index)} "
        f"ON {quote_ident(table)} ({', '.join(items)})"
    )
    return sql + (f" WHERE {where}" if where is not None else "")


def drop_index(table: str, columns: list[str]) -> str:
    return f"DROP INDEX IF EXISTS {quote_ident(default_index_name(table, columns))}"


# ---- Pg schema helpers -------------------------------------------------------------


def create_extension(name: str) -> str:
    return f"CREATE EXTENSION IF NOT EXISTS {quote_ident(name)}"


def create_gin_index(table: str, index: str, column: str, opclass: str) -> str:
    return (
        f"CREATE INDEX IF NOT EXISTS {quote_ident(index)} ON {quote_ident(table)} "
        f"USING GIN ({quote_ident(column)} {quote_ident(opclass)})"
    )


def create_range_partitioned_table(table: str, columns: list[str], partition_column: str) -> str:
    cols = ", ".join(_column_def("Pg.create_range_partitioned_table", c) for c in columns)
    return (
        f"CREATE TABLE IF NOT EXISTS {quote_ident(table)} ({cols}) "
        f"PARTITION BY RANGE ({quote_ident(partition_column)})"
    )


def daily_partition_name(table: str, day: datetime.date) -> str:
    return f"{table}_{day:%Y%m%d}"


def create_daily_partition(table: str, day: datetime.date) -> str:
    nxt = day + datetime.timedelta(days=1)
    return (
        f"CREATE TABLE IF NOT EXISTS {quote_ident(daily_partition_name(table, day))} "
        f"PARTITION OF {quote_ident(table)} FOR VALUES FROM ('{day.isoformat()}') "
        f"TO ('{nxt.isoformat()}')"
    )


def drop_partition(name: str) -> str:
    return f"DROP TABLE IF EXISTS {quote_ident(name)}"
