fn make_adder(n :: Int) -> Fun(Int) -> Int do
  fn x -> x + n end
end

fn main() do
  let add5 = make_adder(5)
  let offset = 100
  let shift = fn x -> x + offset end
  println("#{add5(1)} #{shift(1)} #{List.map([1, 2], add5)}")
  let compose = fn f, g -> fn x -> g(f(x)) end end
  let h = compose(add5, shift)
  println("#{h(0)}")
end
