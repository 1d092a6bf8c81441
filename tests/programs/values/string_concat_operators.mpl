fn main() do
  let a = "foo" <> "bar"
  let b = "x" ++ "y"
  let xs = [1, 2] ++ [3]
  let ys = [0] <> xs
  println("#{a} #{b} #{xs} #{ys}")
end
