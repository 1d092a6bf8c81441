fn main() do
  let a = wrap(1)
  let b = wrap("s")
  println("#{a} #{b}")
end

fn wrap(x) do
  [x, x]
end
