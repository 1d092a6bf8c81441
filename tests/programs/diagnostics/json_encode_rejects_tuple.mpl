fn main() do
  println(Json.encode((1, 2)))
end
