# Spec 07 §9 (Our choice): a name registered on two unconnected nodes converges on
# connect to the entry with the smaller (clock, owner_node) on every replica.
fn wait_not_self(tries :: Int) -> Bool do
  if Global.whereis("shared") != self() do
    true
  else
    if tries <= 0 do
      false
    else
      Timer.sleep(10)
      wait_not_self(tries - 1)
    end
  end
end

fn main() do
  let a = Env.get("A", "")
  let cookie = Env.get("COOKIE", "")
  if Env.get("ROLE", "a") == "a" do
    Node.start(a, cookie)
    println("a register shared -> ${Global.register("shared", self())}")
    println("a ready")
    receive do
      msg -> println("a got ${msg}; shared is self ${Global.whereis("shared") == self()}")
    after 15000 -> println("a: timeout") end
  else
    Node.start(Env.get("B", ""), cookie)
    println("b register shared -> ${Global.register("shared", self())}")
    println("b connect ${Node.connect(a)}")
    println("b shared moved ${wait_not_self(1000)} ${Global.whereis("shared")}")
    println("b register shared again -> ${Global.register("shared", self())}")
    send(Global.whereis("shared"), "to winner")
  end
end
