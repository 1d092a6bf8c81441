# Spec 07 §1 (node names) and §2/§7.5/§9 return codes, in one process.
# Env: BUSY = a name whose port is already bound, CLOSED = a name nobody listens on,
#      COOKIE = the cookie.
fn worker(n :: Int) do
  println("worker ran ${n}")
end

fn try_start(name :: String, cookie :: String) do
  println("start [${name}] -> ${Node.start(name, cookie)}")
end

fn main() do
  let cookie = Env.get("COOKIE", "")
  let busy = Env.get("BUSY", "")
  let closed = Env.get("CLOSED", "")
  println("self before: [${Node.self()}]")
  println("list before: ${Node.list()}")
  println("connect before: ${Node.connect(closed)}")
  println("monitor before: ${Node.monitor(closed)}")
  println("register before: ${Global.register("early", self())}")
  println("whereis early is self: ${Global.whereis("early") == self()}")
  try_start("", cookie)
  try_start("@127.0.0.1:4000", cookie)
  try_start("app@", cookie)
  try_start("app@127.0.0.1:abc", cookie)
  try_start("app@127.0.0.1:99999", cookie)
  try_start("app@[::1", cookie)
  try_start("app@[::1]x", cookie)
  try_start("app@fe80::zz:1", cookie)
  try_start("app@127.0.0.1:0", "")
  try_start(busy, cookie)
  println("self after failures: [${Node.self()}]")
  let rc = Node.start("codes@127.0.0.1:0", cookie)
  println("start port 0 -> ${rc}")
  println("self: ${Node.self()}")
  println("list: ${Node.list()}")
  println("start again -> ${Node.start("other@127.0.0.1:0", cookie)}")
  println("connect closed -> ${Node.connect(closed)}")
  println("connect bad name -> ${Node.connect("bad-name")}")
  println("connect bad port -> ${Node.connect("x@127.0.0.1:99999")}")
  println("list after failed connects: ${Node.list()}")
  println("monitor empty -> ${Node.monitor("")}")
  println("monitor ghost -> ${Node.monitor(closed)}")
  receive do
    (:nodedown, who) -> println("nodedown ${who}")
  after 3000 -> println("no nodedown") end
  println("whereis missing: ${Global.whereis("missing")}")
  println("unregister missing -> ${Global.unregister("missing")}")
  println("register empty -> ${Global.register("", self())}")
  println("register dup -> ${Global.register("early", self())}")
  println("unregister early -> ${Global.unregister("early")}")
  println("whereis early after: ${Global.whereis("early")}")
  let dead = Node.spawn(closed, worker, 1)
  send(dead, 5)
  let ref = Process.monitor(dead)
  receive do
    (:down, r, p, reason) -> println("dead pid down ${r == ref} ${reason}")
  after 3000 -> println("dead pid: no down") end
  println("done")
end
