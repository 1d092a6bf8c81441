module Helpers do
  fn helper() = 1
end

fn main() do
  println("x")
end
