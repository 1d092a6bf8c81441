fn main() do
  fn square(x) = x * x
  fn fact(0) = 1
  fn fact(n) = n * fact(n - 1)
  fn label(n) do
    "v#{n}"
  end
  println("#{square(5)} #{fact(5)} #{label(1)}")
end
