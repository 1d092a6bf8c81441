fn add_opts(a :: Int?, b :: Int?) -> Int? do
  let x = a?
  println("got #{x}")
  let y = b?
  Some(x + y)
end

fn main() do
  let r1 = add_opts(Some(1), Some(2))
  let r2 = add_opts(Some(1), None)
  let r3 = add_opts(None, Some(5))
  println("#{r1} #{r2} #{r3}")
end
