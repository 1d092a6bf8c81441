# Spec 07 §11.7: Continuity.submit_declared_work places and runs one unit of a declared
# `@cluster` function under the caller's key; the same key again is a duplicate and runs
# nothing. The function also runs once as startup work after `main` returns.
@cluster(1) pub fn job() do
  println("job ran")
end

fn main() do
  case Continuity.submit_declared_work("Main.job", "custom::1", "h", 0) do
    Ok(d) -> println("${d.outcome} ${d.record.request_key} ${d.record.replica_status}")
    Err(why) -> println("error ${why}")
  end
  case Continuity.submit_declared_work("Main.job", "custom::1", "h", 0) do
    Ok(d) -> println("${d.outcome} ${d.record.attempt_id}")
    Err(why) -> println("error ${why}")
  end
  println(wait_done("custom::1"))
end

fn wait_done(key :: String) -> String do
  case Continuity.status(key) do
    Ok(r) -> if r.phase == "completed" do
      "${r.phase} ${r.result} exec=${r.execution_node}"
    else
      Timer.sleep(5)
      wait_done(key)
    end
    Err(why) -> "error ${why}"
  end
end
