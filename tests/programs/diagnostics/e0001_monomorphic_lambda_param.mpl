fn main() do
  let apply = fn f -> f(1) <> f("x") end
  println(apply(fn v -> "#{v}" end))
end
