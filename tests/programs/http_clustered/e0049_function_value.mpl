pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let f = HTTP.clustered
  println("unreachable")
end
