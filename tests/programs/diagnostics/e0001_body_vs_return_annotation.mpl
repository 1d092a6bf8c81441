fn label() -> Int do
  "x"
end

fn main() do
  println("#{label()}")
end
