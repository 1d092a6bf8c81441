# Spec 07 §9 across two nodes: snapshot on connect, replicated register/unregister,
# "1" for a name already present, cleanup when the owning process exits.
actor keeper() do
  receive do
    msg -> println("keeper got ${msg}")
  end
  receive do
    _ -> println("keeper stopped")
  after 20000 -> println("keeper: timeout") end
end

actor temp() do
  receive do
    _ -> println("temp exits")
  end
end

fn wait_present(name :: String, tries :: Int) -> Bool do
  if Global.whereis(name) != Global.whereis("no such name") do
    true
  else
    if tries <= 0 do
      false
    else
      Timer.sleep(10)
      wait_present(name, tries - 1)
    end
  end
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
  let a = Env.get("A", "")
  let cookie = Env.get("COOKIE", "")
  if Env.get("ROLE", "a") == "a" do
    Node.start(a, cookie)
    let k = spawn(keeper)
    println("a register a_svc -> ${Global.register("a_svc", k)}")
    println("a register a_main -> ${Global.register("a_main", self())}")
    println("a ready")
    println("a sees b_svc ${wait_present("b_svc", 1000)} ${Global.whereis("b_svc")}")
    send(Global.whereis("b_svc"), "hello b")
    println("a: a_svc gone ${wait_gone("a_svc", 1000)}")
    receive do
      msg -> println("a got ${msg}; b_temp is ${Global.whereis("b_temp")}")
    after 15000 -> println("a: timeout") end
    send(k, "stop")
  else
    Node.start(Env.get("B", ""), cookie)
    println("b connect ${Node.connect(a)}")
    println("b sees a_svc ${Global.whereis("a_svc")}")
    send(Global.whereis("a_svc"), "from b")
    println("b register b_svc -> ${Global.register("b_svc", self())}")
    receive do
      msg -> println("b got ${msg}")
    after 15000 -> println("b: timeout") end
    println("b register a_svc -> ${Global.register("a_svc", self())}")
    println("b unregister a_svc -> ${Global.unregister("a_svc")}")
    println("b unregister a_svc again -> ${Global.unregister("a_svc")}")
    println("b whereis a_svc: ${Global.whereis("a_svc")}")
    let t = spawn(temp)
    println("b register b_temp -> ${Global.register("b_temp", t)}")
    send(t, "stop")
    println("b: b_temp cleaned ${wait_gone("b_temp", 1000)}")
    send(Global.whereis("a_main"), "b done")
  end
end
