from String import frobnicate

fn main() do
  println("x")
end
