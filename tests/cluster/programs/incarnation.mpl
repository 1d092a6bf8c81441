# Spec 07 §7.1/§7.5/§10: node monitors are persistent; a pid from a previous incarnation of
# a node name is stale (sends dropped, monitor → noproc).
fn reconnect(peer :: String, tries :: Int) -> Bool do
  if Node.connect(peer) == 0 do
    true
  else
    if tries <= 0 do
      false
    else
      Timer.sleep(10)
      reconnect(peer, tries - 1)
    end
  end
end

fn main() do
  let peer = Env.get("PEER", "")
  Node.start(Env.get("SELF", ""), Env.get("COOKIE", ""))
  if Env.get("ROLE", "") == "victim" do
    Global.register("victim_svc", self())
    println("victim ready")
    receive do
      msg -> println("victim got ${msg}")
    after 30000 -> println("victim: timeout") end
  else
    println("watcher connect ${Node.connect(peer)}")
    let old = Global.whereis("victim_svc")
    println("watcher monitor -> ${Node.monitor(peer)}")
    receive do
      (:nodedown, who) -> println("nodedown 1 ${who}")
    after 20000 -> println("watcher: timeout 1") end
    println("reconnected ${reconnect(peer, 1500)}")
    let fresh = Global.whereis("victim_svc")
    println("fresh is old ${fresh == old}")
    send(old, "stale")
    Process.monitor(old)
    receive do
      (:down, _, _, reason) -> println("old pid down ${reason}")
    after 10000 -> println("watcher: no down for old pid") end
    send(fresh, "fresh")
    receive do
      (:nodedown, who) -> println("nodedown 2 ${who}")
    after 20000 -> println("watcher: timeout 2") end
  end
end
