# Spec 07 §2 example (greeter), run as two processes chosen by ROLE.
# alpha: the seed's main verbatim, with names/cookie from the environment.
# beta: starts its node and waits (with a node monitor) for alpha to come and go.
actor greeter(prefix :: String) do
  receive do
    who -> println("${prefix}, ${who}!")
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
    # node monitors are persistent: the first (:nodedown) comes at once because alpha is
    # not connected yet, the second when alpha goes away after its main returned
    Node.monitor(peer)
    receive do
      (:nodedown, who) -> println("beta started ${rc} ${Node.self()}; ${who} not connected")
    after 5000 -> println("beta: no immediate nodedown") end
    receive do
      (:nodedown, who) -> println("beta: ${who} left")
    after 15000 -> println("beta: timeout") end
  end
end
