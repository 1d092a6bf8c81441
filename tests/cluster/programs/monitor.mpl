# Spec 07 §7.5 (lookout example) and §10: SIGKILL of the victim node delivers
# (:nodedown, name) to node monitors and drops the victim's global names.
actor lookout(target :: String) do
  Node.monitor(target)
  println("lookout watching ${target}")
  receive do
    (:nodedown, who) -> println("lost contact with ${who}")
  after 20000 -> println("lookout: timeout") end
end

actor keeper() do
  receive do
    _ -> println("keeper stopped")
  after 30000 -> println("keeper: timeout") end
end

fn wait_gone(name :: String, tries :: Int) -> Bool do
  if Global.whereis(name) == Global.whereis("no such name") do
    true
  else
    if tries <= 0 do
      false
    else
      Timer.sleep(10)
      wait_gone(name, tries - 1)
    end
  end
end

fn main() do
  let peer = Env.get("PEER", "")
  let cookie = Env.get("COOKIE", "")
  Node.start(Env.get("SELF", ""), cookie)
  if Env.get("ROLE", "") == "victim" do
    println("victim register -> ${Global.register("victim_svc", spawn(keeper))}")
    println("victim ready")
    receive do
      _ -> println("victim got mail")
    after 30000 -> println("victim: timeout") end
  else
    println("watcher connect ${Node.connect(peer)}")
    println("watcher sees victim_svc ${Global.whereis("victim_svc")}")
    spawn(lookout, peer)
    println("watcher monitor -> ${Node.monitor(peer)}")
    println("watcher armed")
    receive do
      (:nodedown, who) -> println("main nodedown ${who}")
    after 20000 -> println("main: timeout") end
    let gone = wait_gone("victim_svc", 300)
    println("victim_svc dropped ${gone} ${Global.whereis("victim_svc")}")
    println("list after nodedown: ${Node.list()}")
  end
end
