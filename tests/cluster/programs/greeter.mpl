# Spec 07 §2 example (greeter), run as two processes chosen by ROLE.
# alpha: the seed's main verbatim, with names/cookie from the environment.
# beta: starts its node, waits for alpha to connect, then waits for alpha to leave.
actor greeter(prefix :: String) do
  receive do
    who -> println("${prefix}, ${who}!")
  end
end

fn wait_for_peer(peer :: String, tries :: Int) -> Bool do
  if List.contains(Node.list(), peer) do
    true
  else
    if tries <= 0 do
      false
    else
      Timer.sleep(10)
      wait_for_peer(peer, tries - 1)
    end
  end
end

fn main() do
  let me = Env.get("SELF", "")
  let peer = Env.get("PEER", "")
  let cookie = Env.get("COOKIE", "")
  if Env.get("ROLE", "alpha") == "alpha" do
    let rc = Node.start(me, cookie)
    if rc == 0 do
      Node.connect(peer)
      println("I am ${Node.self()}, peers: ${Node.list()}")
      let pid = Node.spawn(peer, greeter, "Hello")
      println("spawned ${pid}")
      send(pid, "remote world")
    end
  else
    let rc = Node.start(me, cookie)
    println("beta started ${rc} ${Node.self()}")
    let seen = wait_for_peer(peer, 1500)
    println("beta sees peer ${seen} ${Node.list()}")
    Node.monitor(peer)
    receive do
      (:nodedown, who) -> println("beta: ${who} left")
    after 15000 -> println("beta: timeout") end
  end
end
