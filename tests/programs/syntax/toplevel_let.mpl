let limit = 3

fn main() do
  println("x")
end
