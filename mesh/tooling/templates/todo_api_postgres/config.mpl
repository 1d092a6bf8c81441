# Settings read from the environment, with the defaults of the template.

# A positive integer from the environment, or `default` when the variable is unset,
# not a number, or not positive (a zero port or window would make no sense).
pub fn positive_int(key :: String, default :: Int) -> Int do
  let value = Env.get_int(key, default)
  if value > 0 do
    value
  else
    default
  end
end

# `PORT=0` lets the system pick a free port (the server logs the one it bound).
pub fn port() -> Int do
  let port = Env.get_int("PORT", 8080)
  if port >= 0 do
    port
  else
    8080
  end
end

# The value of DATABASE_URL, which must be set.
pub fn require_database_url(value :: String) -> String!String do
  let url = String.trim(value)
  if url == "" do
    Err("DATABASE_URL is required, e.g. postgres://todo:todo@localhost:5432/todo")
  else
    Ok(url)
  end
end

pub fn database_url() -> String!String do
  require_database_url(Env.get("DATABASE_URL", ""))
end

pub fn rate_limit_window_seconds() -> Int do
  positive_int("TODO_RATE_LIMIT_WINDOW_SECONDS", 60)
end

pub fn rate_limit_max_requests() -> Int do
  positive_int("TODO_RATE_LIMIT_MAX_REQUESTS", 5)
end
