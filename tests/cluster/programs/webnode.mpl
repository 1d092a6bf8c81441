# A node that also serves HTTP (issue 13): both listeners share the process's descriptors,
# so idle HTTP clients can push it to its fd limit while peers connect to the node port.
actor echo() do
  receive do
    (from, msg) -> send(from, "echo #{msg}")
  end
  echo()
end

fn hello(request) do
  HTTP.response(200, "hello from #{Node.self()}")
end

fn main() do
  println("start #{Node.start(Env.get("SELF", ""), Env.get("COOKIE", ""))}")
  println("register #{Global.register("web_echo", spawn(echo))}")
  let router = HTTP.router() |> HTTP.on_get("/", hello)
  HTTP.serve(router, Env.get_int("PORT", 0))
end
