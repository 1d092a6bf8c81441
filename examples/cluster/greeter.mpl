# Two nodes on one machine (spec 07 §2 greeter, §7.5 node monitors, §9 global
# registry). Run the same program twice; ROLE picks the part it plays:
#
#   ROLE=beta  SELF=beta@127.0.0.1:7002  PEER=alpha@127.0.0.1:7001 COOKIE=s3cret-cookie mesh run examples/cluster/greeter.mpl
#   ROLE=alpha SELF=alpha@127.0.0.1:7001 PEER=beta@127.0.0.1:7002  COOKIE=s3cret-cookie mesh run examples/cluster/greeter.mpl
#
# (Both default to the spec's names and cookie when SELF/PEER/COOKIE are unset.)
#
# beta starts its node, registers its main process globally as "ledger" and
# waits. alpha connects to beta (which also copies beta's global names), spawns
# a `greeter` on beta, greets it and sends 42 to the "ledger". beta's output:
#
#   beta ready
#   Hello, remote world!          (printed by the greeter, which runs on beta)
#   ledger recorded 42
#   lost contact with alpha@127.0.0.1:7001
#
# (the first two lines after `beta ready` come from two processes, so their
# order may vary). alpha prints `I am alpha@127.0.0.1:7001, peers:
# [beta@127.0.0.1:7002]` and ends; beta notices with its node monitor and ends.

actor greeter(prefix :: String) do
  receive do
    who -> println("${prefix}, ${who}!")
  end
end

fn alpha(me :: String, peer :: String, cookie :: String) do
  # the spec's example, with the node names taken from the environment
  let rc = Node.start(me, cookie)
  if rc == 0 do
    Node.connect(peer)
    println("I am ${Node.self()}, peers: ${Node.list()}")
    let pid = Node.spawn(peer, greeter, "Hello")
    send(pid, "remote world")
    send(Global.whereis("ledger"), 42)
  end
end

fn beta(me :: String, peer :: String, cookie :: String) do
  let rc = Node.start(me, cookie)
  if rc == 0 do
    Global.register("ledger", self())
    println("beta ready")
    receive do
      entry -> println("ledger recorded ${entry}")
    end
    # alpha is connected (or has just left): either way a (:nodedown, name)
    # arrives, at once if alpha is already gone (spec 07 §7.5)
    Node.monitor(peer)
    receive do
      (:nodedown, who) -> println("lost contact with ${who}")
    end
  else
    println("beta could not start its node: ${rc}")
  end
end

fn main() do
  let cookie = Env.get("COOKIE", "s3cret-cookie")
  if Env.get("ROLE", "alpha") == "alpha" do
    alpha(Env.get("SELF", "alpha@127.0.0.1:7001"), Env.get("PEER", "beta@127.0.0.1:7002"), cookie)
  else
    beta(Env.get("SELF", "beta@127.0.0.1:7002"), Env.get("PEER", "alpha@127.0.0.1:7001"), cookie)
  end
end
