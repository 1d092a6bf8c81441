println("at top level")

fn main() do
  println("x")
end
