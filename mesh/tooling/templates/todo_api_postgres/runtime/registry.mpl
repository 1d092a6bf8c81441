# What request handlers need (the connection pool and the rate limiter), held by a
# service registered under a well-known name so any handler process can find it.

pub struct AppState do
  db :: PoolHandle
  limiter :: Pid
end

fn name() -> String do
  "todo_registry"
end

service StateHolder do
  fn init(state :: AppState) -> AppState do
    state
  end

  call Get() :: AppState do |state|
    (state, state)
  end
end

# Starts the registry and registers it; `false` if the name is already taken.
pub fn start(db :: PoolHandle, limiter :: Pid) -> Bool do
  Process.register(name(), StateHolder.start(AppState { db: db, limiter: limiter })) == 0
end

pub fn state() -> AppState do
  StateHolder.get(Process.whereis(name()))
end
