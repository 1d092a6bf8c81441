# Todo API: opens the SQLite database, starts the rate limiter and serves HTTP.
# Settings come from the environment (see config.mpl and README.md).
from Api.Router import router
from Services.RateLimiter import RateLimiter
import Config
import Runtime.Registry
import Storage.Todos

fn main() do
  let path = Config.db_path()
  case Todos.open(path) do
    Ok(db) -> do
      let limiter = RateLimiter.start(Config.rate_limit_window_seconds() * 1000, Config.rate_limit_max_requests())
      Registry.start(db, limiter)
      println("[todo-api] database=${path}")
      HTTP.serve(router(), Config.port())
    end
    Err(e) -> panic("cannot open database ${path}: ${e}")
  end
end
