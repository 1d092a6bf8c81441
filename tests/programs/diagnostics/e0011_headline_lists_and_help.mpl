type Shape do
  One(Int)
  Two(Int, Int)
end

fn first(s :: Shape) -> Int do
  case s do
    One(a) | Two(a, b) -> a
  end
end

fn main() do
  println("#{first(One(1))}")
end
