# Todo API on PostgreSQL: opens the connection pool, starts the rate limiter, boots the
# node (standalone unless the MESH_* cluster variables are set) and serves HTTP.
# The schema comes only from migrations/: run `mesh migrate . up` before the first start.
from Api.Router import router
from Services.RateLimiter import RateLimiter
import Config
import Runtime.Registry

fn log_bootstrap(status :: BootstrapStatus) do
  println("[todo-api] runtime bootstrap mode=${status.mode} node=${status.node_name} cluster_port=${status.cluster_port} discovery_seed=${status.discovery_seed}")
end

fn serve(pool :: PoolHandle) do
  let limiter = RateLimiter.start(Config.rate_limit_window_seconds() * 1000, Config.rate_limit_max_requests())
  Registry.start(pool, limiter)
  case Node.start_from_env() do
    Ok(status) -> do
      log_bootstrap(status)
      HTTP.serve(router(), Config.port())
    end
    Err(reason) -> do
      println("[todo-api] runtime bootstrap failed reason=${reason}")
      panic("runtime bootstrap failed: ${reason}")
    end
  end
end

fn main() do
  case Config.database_url() do
    Ok(database_url) -> case Pool.open(database_url, 1, 4, 5000) do
      Ok(pool) -> serve(pool)
      Err(e) -> panic("cannot open the database pool: ${e}")
    end
    Err(e) -> panic(e)
  end
end
