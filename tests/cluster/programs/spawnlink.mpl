# Spec 07 §2/§7.2/§7.4: Node.spawn_link links both ways; a failed spawn_link gives noproc.
fn child(b_main :: Pid) do
  send(b_main, self())
  receive do
    _ -> println("child got mail")
  after 20000 -> println("child: timeout") end
end

fn crasher() do
  receive do
    msg -> panic("remote ${msg}")
  after 20000 -> println("crasher: timeout") end
end

actor linker(b :: String) do
  let c = Node.spawn_link(b, child, Global.whereis("b_main"))
  println("a linked child ${c}")
  receive do
    msg -> panic("linker ${msg}")
  after 20000 -> println("linker: timeout") end
end

actor linker2(b :: String) do
  let c = Node.spawn_link(b, crasher)
  send(c, "boom")
  receive do
    _ -> println("linker2 got mail")
  after 10000 -> println("linker2 survived") end
end

actor linker3(target :: String) do
  let c = Node.spawn_link(target, crasher)
  println("linker3 spawned ${c}")
  receive do
    _ -> println("linker3 got mail")
  after 10000 -> println("linker3 survived") end
end

fn main() do
  let b = Env.get("B", "")
  let cookie = Env.get("COOKIE", "")
  if Env.get("ROLE", "a") == "b" do
    Node.start(b, cookie)
    Global.register("b_main", self())
    println("b ready")
    receive do
      p -> do
        Process.monitor(p)
        println("b monitoring child")
      end
    after 20000 -> println("b: timeout") end
    receive do
      (:down, _, _, reason) -> println("b child down: ${reason}")
    after 20000 -> println("b: no down") end
  else
    Node.start(Env.get("A", ""), cookie)
    println("a connect ${Node.connect(b)}")
    let l2 = spawn(linker2, b)
    Process.monitor(l2)
    receive do
      (:down, _, _, reason) -> println("linker2 down: ${reason}")
    after 15000 -> println("a: no down for linker2") end
    let l3 = spawn(linker3, Env.get("CLOSED", ""))
    Process.monitor(l3)
    receive do
      (:down, _, _, reason) -> println("linker3 down: ${reason}")
    after 15000 -> println("a: no down for linker3") end
    let l = spawn(linker, b)
    Process.monitor(l)
    println("a waiting for go")
    let line = IO.read_line()
    send(l, "boom2")
    receive do
      (:down, _, _, reason) -> println("linker down: ${reason}")
    after 15000 -> println("a: no down for linker") end
  end
end
