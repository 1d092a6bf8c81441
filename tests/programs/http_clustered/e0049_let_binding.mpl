pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let wrapped = HTTP.clustered(handler)
  println("unreachable")
end
