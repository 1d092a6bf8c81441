# Clustered work (spec 07): the runtime runs `sync_todos` once per cluster after
# Node.start_from_env() returns — on the primary, with a mirrored record on the standby,
# which runs it instead if the primary dies first. A place for cluster-wide jobs such as
# cache warming or cleanups; this one logs how many todos the database holds.
import Runtime.Registry
import Storage.Todos

@cluster pub fn sync_todos() -> Int do
  case Todos.count(Registry.state().db) do
    Ok(n) -> do
      println("[todo-api] sync_todos: ${n} todo(s)")
      n
    end
    Err(e) -> do
      println("[todo-api] sync_todos failed: ${e}")
      0
    end
  end
end
