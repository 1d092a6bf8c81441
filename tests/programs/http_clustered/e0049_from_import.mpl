from HTTP import clustered

pub fn handler(_r :: Request) -> Response do
  HTTP.response(200, "x")
end

fn main() do
  let r = HTTP.router() |> HTTP.on_get("/a", clustered(handler))
  println("x")
end
