pub fn two_args(request :: Request, extra :: Int) -> Response do
  HTTP.response(200, "#{extra}")
end

fn main() do
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(two_args))
  println("unreachable")
end
