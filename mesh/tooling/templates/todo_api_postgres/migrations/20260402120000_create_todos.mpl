# The todos table. Applied by `mesh migrate . up` (DATABASE_URL must be set), reverted by
# `mesh migrate . down`; deploy/{{name}}.up.sql is the same schema for psql-only deploys.
pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "todos", ["id:BIGSERIAL:PRIMARY KEY", "title:TEXT:NOT NULL", "completed:BOOLEAN:NOT NULL DEFAULT false", "created_at:TIMESTAMPTZ:NOT NULL DEFAULT now()"])?
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, "todos")?
  Ok(0)
end
