# GET /text for bench/http/run.py: the same response as the uvicorn+starlette and Go peers.
# Port from PORT (0 = any free port; the readiness line shows the real one).

fn text(_request :: Request) -> Response do
  HTTP.response(200, "Hello, World!")
end

fn main() do
  let port = Env.get_int("PORT", 0)
  let router = HTTP.router() |> HTTP.on_get("/text", text)
  HTTP.serve(router, port)
end
