# Spec 06 §1.6 (middleware): a middleware is `fn(request, next) -> Response`.
# Calling `next(request)` runs the rest of the chain; returning a response
# without calling it short-circuits. Middleware apply to every route.
#
#   PORT=9001 mesh run examples/http/api_key.mpl
#   curl http://localhost:9001/ping                      -> 401 {"error":"api key required"}
#   curl -H 'X-Api-Key: k' http://localhost:9001/ping    -> 200 pong
#
# The spec example serves on 9001; here PORT overrides it.

fn api_key_gate(request :: Request, next) -> Response do
  case Request.header(request, "X-Api-Key") do
    Some(_) -> next(request)
    None -> HTTP.response(401, json { error: "api key required" })
  end
end

fn ping(_request) do
  HTTP.response(200, "pong")
end

fn main() do
  let r = HTTP.router()
    |> HTTP.use(api_key_gate)
    |> HTTP.on_get("/ping", ping)
  HTTP.serve(r, Env.get_int("PORT", 9001))
end
