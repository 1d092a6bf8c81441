# Spec 07 §4.2: a wrong cookie fails the handshake on both sides; nothing is delivered.
fn worker(n :: Int) do
  println("worker ran ${n}")
end

fn main() do
  let a = Env.get("A", "")
  let role = Env.get("ROLE", "a")
  Node.start(Env.get("SELF", ""), Env.get("COOKIE", ""))
  if role == "a" do
    Global.register("a_main", self())
    println("a ready")
    receive do
      msg -> println("a got ${msg}")
    after 20000 -> println("a: timeout") end
    println("a list ${Node.list()}")
  else
    if role == "intruder" do
      println("intruder connect ${Node.connect(a)}")
      println("intruder list ${Node.list()}")
      println("intruder whereis ${Global.whereis("a_main")}")
      send(Global.whereis("a_main"), "sneaky")
      let p = Node.spawn(a, worker, 1)
      send(p, 2)
      println("intruder done")
    else
      println("probe connect ${Node.connect(a)}")
      send(Global.whereis("a_main"), "probe")
    end
  end
end
