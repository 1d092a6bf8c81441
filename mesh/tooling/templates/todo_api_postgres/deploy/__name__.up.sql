-- The schema of {{name}} for deploys that apply SQL with psql
-- (scripts/apply-deploy-migrations.sh) instead of running `mesh migrate`. It is the same
-- as migrations/20260402120000_create_todos.mpl and records that migration in
-- _mesh_migrations, so `mesh migrate status` agrees afterwards. Keep both in step.
BEGIN;
-- the advisory lock `mesh migrate` holds: a concurrent `mesh migrate up` waits for this
SELECT pg_advisory_xact_lock(7882833614896720231);
CREATE TABLE IF NOT EXISTS _mesh_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS "todos" ("id" BIGSERIAL PRIMARY KEY, "title" TEXT NOT NULL, "completed" BOOLEAN NOT NULL DEFAULT false, "created_at" TIMESTAMPTZ NOT NULL DEFAULT now());
INSERT INTO _mesh_migrations (version, name) VALUES (20260402120000, 'create_todos') ON CONFLICT (version) DO NOTHING;
COMMIT;
