fn f(x) x + 1

fn main() do
  println("#{f(1)}")
end
