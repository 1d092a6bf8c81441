# Spec 07 §11.7: the low-level Continuity API on a standalone node (§11.4 submit rules,
# completion rules, authority).
fn show(r :: ContinuityRecord) -> String do
  "${r.request_key} ${r.attempt_id} ${r.phase}/${r.result} owner=${r.owner_node} replica=${r.replica_node} n=${r.replication_count} ${r.replica_status} ${r.replication_health} exec=${r.execution_node} error=${r.error}"
end

fn submit(key :: String, hash :: String, replica :: String, required :: Int) -> String do
  case Continuity.submit(key, hash, "in@h:1", "own@h:1", replica, required, false, true) do
    Ok(d) -> "${d.outcome} ${d.conflict_reason} | ${show(d.record)}"
    Err(why) -> "error ${why}"
  end
end

fn done(r :: Result<ContinuityRecord, String>) -> String do
  case r do
    Ok(rec) -> show(rec)
    Err(why) -> "error ${why}"
  end
end

fn main() do
  println(submit("k1", "h1", "rep@h:1", 1))
  println(submit("k1", "h1", "rep@h:1", 1))
  println(submit("k1", "other", "rep@h:1", 1))
  println(done(Continuity.acknowledge_replica("k1", "attempt-0")))
  println(done(Continuity.mark_completed("k1", "attempt-7", "own@h:1")))
  println(done(Continuity.mark_completed("k1", "attempt-0", "own@h:1")))
  println(done(Continuity.mark_completed("k1", "attempt-0", "rep@h:1")))
  println(submit("k2", "h2", "", 1))
  println(submit("k3", "h3", "", 0))
  println(submit("", "h", "", 0))
  println(done(Continuity.status("k3")))
  println(done(Continuity.status("nope")))
  case Continuity.authority_status() do
    Ok(a) -> println("authority ${a.cluster_role} ${a.promotion_epoch} ${a.replication_health}")
    Err(why) -> println("error ${why}")
  end
  case Continuity.submit_declared_work("Main.nothing", "k4", "h4", 0) do
    Ok(d) -> println(d.outcome)
    Err(why) -> println("error ${why}")
  end
end
