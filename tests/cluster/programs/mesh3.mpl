# Spec 07 §5: connecting to one node connects you to all of its peers (transitive mesh).
fn wait_peers(n :: Int, tries :: Int) -> Bool do
  if List.length(Node.list()) >= n do
    true
  else
    if tries <= 0 do
      false
    else
      Timer.sleep(10)
      wait_peers(n, tries - 1)
    end
  end
end

fn main() do
  let role = Env.get("ROLE", "")
  let cookie = Env.get("COOKIE", "")
  Node.start(Env.get("SELF", ""), cookie)
  if role == "a" do
    Global.register("a_main", self())
    println("a ready")
    receive do
      msg -> println("a got ${msg}; a list ${Node.list()}")
    after 20000 -> println("a: timeout") end
  else
    if role == "b" do
      println("b connect ${Node.connect(Env.get("PEER", ""))}")
      Global.register("b_main", self())
      println("b ready")
      receive do
        msg -> println("b got ${msg}")
      after 20000 -> println("b: timeout") end
    else
      println("c connect ${Node.connect(Env.get("PEER", ""))}")
      println("c full mesh ${wait_peers(2, 1000)} ${Node.list()}")
      println("c pids ${Global.whereis("b_main")} ${Global.whereis("a_main")}")
      send(Global.whereis("a_main"), "from c")
      send(Global.whereis("b_main"), "bye from c")
    end
  end
end
