# Integration-test server for tests/integration/test_http_clustered.py: `HTTP.clustered`
# routes on a lone node (no cluster env), so N = 1 runs locally and N >= 2 answers 503.
# Port from PORT (0 = any free port; the readiness line shows the real one).
import Api.Reports
from Api.Reports import show_report

pub fn one(request :: Request) -> Response do
  let who = case Request.query(request, "who") do
    Some(w) -> w
    None -> "nobody"
  end
  HTTP.response_with_headers(200, "one says hi to ${who}", %{"X-Handler" => "one"})
end

pub fn two(_request :: Request) -> Response do
  HTTP.response(200, "two must not run on a lone node")
end

pub fn three(_request :: Request) -> Response do
  HTTP.response(200, "three must not run")
end

pub fn boom(_request :: Request) -> Response do
  panic("clustered handler exploded")
end

pub fn plain(_request :: Request) -> Response do
  HTTP.response(200, "plain")
end

# Middleware runs on the ingress node, outside the clustered dispatch (spec 06 §1.6).
fn gate(request :: Request, next) -> Response do
  case Request.header(request, "X-Deny") do
    Some(_) -> HTTP.response(401, "denied before dispatch")
    None -> next(request)
  end
end

fn main() do
  let port = Env.get_int("PORT", 0)
  let r = HTTP.router()
    |> HTTP.use(gate)
    |> HTTP.on_get("/one", HTTP.clustered(1, one))
    |> HTTP.on_post("/one", HTTP.clustered(1, one))
    |> HTTP.on_get("/two", HTTP.clustered(two))
    |> HTTP.route("/three", HTTP.clustered(3, three))
    |> HTTP.on_get("/reports", HTTP.clustered(1, Reports.list_reports))
    |> HTTP.on_get("/reports/:id", HTTP.clustered(1, show_report))
    |> HTTP.on_get("/boom", HTTP.clustered(1, boom))
    |> HTTP.on_get("/plain", plain)
  HTTP.serve(r, port)
end
