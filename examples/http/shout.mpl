# Spec 06 §1.1 (shape of an HTTP program): build a router, add routes, serve.
# `:name` segments are captured and read with `Request.param`.
#
#   PORT=9000 mesh run examples/http/shout.mpl
#   curl http://localhost:9000/shout/ada      ->  {"greeting":"ADA"}
#
# The spec example serves on 9000; here PORT overrides it.

fn shout(request) do
  let who = case Request.param(request, "name") do
    Some(n) -> n
    None -> "nobody"
  end
  HTTP.response(200, json { greeting: String.to_upper(who) })
end

fn main() do
  let router = HTTP.router()
    |> HTTP.on_get("/shout/:name", shout)
  HTTP.serve(router, Env.get_int("PORT", 9000))
end
