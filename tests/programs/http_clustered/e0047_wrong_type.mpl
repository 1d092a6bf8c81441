pub fn double(n :: Int) -> Int do
  n * 2
end

fn main() do
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(double))
  println("unreachable")
end
