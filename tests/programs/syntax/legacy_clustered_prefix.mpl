clustered pub fn work() -> Int do
  1
end

fn main() do
  println("x")
end
