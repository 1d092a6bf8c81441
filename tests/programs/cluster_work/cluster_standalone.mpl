# Spec 07 §11.5: without a cluster, `@cluster` work still runs once — after `main` returns
# when the program never booted from the environment — alone (no replica required). A
# direct call is an ordinary local call with no record.
@cluster pub fn warm_cache() -> Int do
  case Continuity.status("startup::Main.warm_cache") do
    Ok(r) -> println("record ${r.request_key} ${r.attempt_id} ${r.phase} n=${r.replication_count} ${r.replica_status} replica=${r.replica_node}")
    Err(why) -> println("no record: ${why}")
  end
  42
end

fn main() do
  println("direct call = ${warm_cache()}")
  println("main done")
end
