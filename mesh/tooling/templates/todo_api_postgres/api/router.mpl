# Routes and middleware. Reads of todos are clustered routes (`HTTP.clustered(1, …)`):
# in a cluster the runtime places each request on one node and records it; standalone
# they run locally. Writes (every method but GET and HEAD) go through the rate limiter
# and get `429 {"error":"rate limited"}` once the window's budget is spent.
from Api.Health import handle_health
from Api.Todos import handle_list, handle_get, handle_create, handle_update, handle_delete
from Runtime.Registry import state
from Services.RateLimiter import RateLimiter

fn rate_limit(request :: Request, next) -> Response do
  let method = Request.method(request)
  if method == "GET" || method == "HEAD" do
    next(request)
  else
    if RateLimiter.allow(state().limiter) do
      next(request)
    else
      HTTP.response(429, json { error: "rate limited" })
    end
  end
end

pub fn router() -> Router do
  HTTP.router()
    |> HTTP.use(rate_limit)
    |> HTTP.on_get("/health", handle_health)
    |> HTTP.on_get("/todos", HTTP.clustered(1, handle_list))
    |> HTTP.on_post("/todos", handle_create)
    |> HTTP.on_get("/todos/:id", HTTP.clustered(1, handle_get))
    |> HTTP.on_put("/todos/:id", handle_update)
    |> HTTP.on_delete("/todos/:id", handle_delete)
end
