# The two-role program of the distribution seed: Node.spawn of a top-level function whose
# arguments are a pid (found through Global) and an Int.
fn worker(reply_to :: Pid, n :: Int) do
  send(reply_to, n * 2)
end

fn main() do
  let a = Env.get("A", "")
  let cookie = Env.get("COOKIE", "")
  if Env.get("ROLE", "a") == "a" do
    Node.start(a, cookie)
    Global.register("a_main", self())
    println("a ready")
    receive do
      n -> println("a got #{n}")
    after 15000 -> println("a: timeout") end
  else
    Node.start(Env.get("B", ""), cookie)
    let rc = Node.connect(a)
    println("b connect #{rc} #{Node.list()}")
    let target = Global.whereis("a_main")
    println("b sees a_main #{target}")
    let pid = Node.spawn(a, worker, target, 21)
    println("b spawned #{pid}")
  end
end
