# Spec 07 §9 example (ledger). With ROLE=taken the name is registered first.
actor ledger() do
  receive do
    entry -> println("ledger recorded ${entry}")
  end
end

fn main() do
  if Env.get("ROLE", "") == "taken" do
    Global.register("ledger", self())
    println("pre-registered")
  end
  Node.start(Env.get("SELF", ""), Env.get("COOKIE", ""))
  let pid = spawn(ledger)
  case Global.register("ledger", pid) do
    0 -> send(Global.whereis("ledger"), 42)
    _ -> println("ledger name already taken")
  end
end
