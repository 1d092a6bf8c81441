fn pick(0) = "zero"

struct Gap do
  n :: Int
end

fn pick(n) = "n"

fn main() do
  println(pick(0))
end
