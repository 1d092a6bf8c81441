"""SQL text of the migration DSL (spec 06 §3.13), exactly as the spec's table writes it, and
the `create_index` option/column validation messages."""

from __future__ import annotations

import datetime

import pytest

from mesh.runtime.pg import schema_sql as S


def test_create_table_splits_at_the_first_two_colons():
    assert S.create_table(
        "bookmarks",
        [
            "id:BIGSERIAL:PRIMARY KEY",
            "url:TEXT:NOT NULL",
            "saved_at:TIMESTAMPTZ:NOT NULL DEFAULT now()",
            "meta:JSONB:DEFAULT '{}'::jsonb",
            "note:TEXT",
        ],
    ) == (
        'CREATE TABLE IF NOT EXISTS "bookmarks" ("id" BIGSERIAL PRIMARY KEY, "url" TEXT NOT NULL, '
        '"saved_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "meta" JSONB DEFAULT \'{}\'::jsonb, '
        '"note" TEXT)'
    )


def test_identifiers_are_quoted_with_quotes_doubled():
    assert S.drop_table('we"ird; DROP TABLE x') == 'DROP TABLE IF EXISTS "we""ird; DROP TABLE x"'
    assert S.drop_column("t", 'a"b') == 'ALTER TABLE "t" DROP COLUMN IF EXISTS "a""b"'


def test_column_statements():
    assert S.add_column("users", "age:INTEGER:NOT NULL DEFAULT 0") == (
        'ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "age" INTEGER NOT NULL DEFAULT 0'
    )
    assert S.add_column("users", "nick:TEXT") == (
        'ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "nick" TEXT'
    )
    assert S.drop_column("users", "age") == 'ALTER TABLE "users" DROP COLUMN IF EXISTS "age"'
    assert S.rename_column("users", "nick", "handle") == (
        'ALTER TABLE "users" RENAME COLUMN "nick" TO "handle"'
    )


@pytest.mark.parametrize("spec", ["name", ":TEXT", "name:", "  :INT:NOT NULL"])
def test_column_without_name_or_type_is_an_error(spec):
    with pytest.raises(S.SchemaSqlError, match=r"^Migration.create_table columns: "):
        S.create_table("t", [spec])


def test_create_index_forms():
    assert S.create_index("bookmarks", ["saved_at:DESC"], "name:idx_bookmarks_recent") == (
        'CREATE INDEX IF NOT EXISTS "idx_bookmarks_recent" ON "bookmarks" ("saved_at" DESC)'
    )
    assert S.create_index("users", ["org_id", "email:ASC"], "unique:true") == (
        'CREATE UNIQUE INDEX IF NOT EXISTS "idx_users_org_id_email" ON "users" '
        '("org_id", "email" ASC)'
    )
    assert S.create_index("users", ["email"], "") == (
        'CREATE INDEX IF NOT EXISTS "idx_users_email" ON "users" ("email")'
    )
    assert S.create_index("todos", ["done"], "unique:false name:open_todos where:done = false") == (
        'CREATE INDEX IF NOT EXISTS "open_todos" ON "todos" ("done") WHERE done = false'
    )
    assert S.drop_index("users", ["org_id", "email"]) == (
        'DROP INDEX IF EXISTS "idx_users_org_id_email"'
    )


@pytest.mark.parametrize(
    "options, fragment",
    [
        ("colour:red", "unknown option `colour`"),
        ("where:done = false name:x", "`where:` must come last"),
        ("where:meta @> '{}'::jsonb", None),  # `::` inside the condition is fine
        ("where:", "`where:` needs a condition"),
        ("name:", "`name:` must not be empty"),
        ("unique:yes", "`unique:` must be true or false"),
        ("unique", "`unique` is not key:value"),
    ],
)
def test_create_index_options_are_validated(options, fragment):
    if fragment is None:
        sql = S.create_index("t", ["c"], options)
        assert sql.endswith(" WHERE meta @> '{}'::jsonb")
        return
    with pytest.raises(S.SchemaSqlError) as e:
        S.create_index("t", ["c"], options)
    assert str(e.value).startswith("Migration.create_index options: ")
    assert fragment in str(e.value)


@pytest.mark.parametrize("columns", [[], ["c:UP"], [":DESC"], ["c:DESC:ASC"]])
def test_create_index_columns_are_validated(columns):
    with pytest.raises(S.SchemaSqlError) as e:
        S.create_index("t", columns, "")
    assert str(e.value).startswith("Migration.create_index columns: ")


def test_pg_schema_helpers():
    assert S.create_extension("pgcrypto") == 'CREATE EXTENSION IF NOT EXISTS "pgcrypto"'
    assert S.create_gin_index("docs", "idx_docs_body", "body", "jsonb_path_ops") == (
        'CREATE INDEX IF NOT EXISTS "idx_docs_body" ON "docs" USING GIN ("body" "jsonb_path_ops")'
    )
    assert S.create_range_partitioned_table("events", ["at:TIMESTAMPTZ:NOT NULL"], "at") == (
        'CREATE TABLE IF NOT EXISTS "events" ("at" TIMESTAMPTZ NOT NULL) PARTITION BY RANGE ("at")'
    )
    assert S.create_daily_partition("events", datetime.date(2026, 12, 31)) == (
        'CREATE TABLE IF NOT EXISTS "events_20261231" PARTITION OF "events" '
        "FOR VALUES FROM ('2026-12-31') TO ('2027-01-01')"
    )
    assert S.drop_partition("events_20261231") == 'DROP TABLE IF EXISTS "events_20261231"'
