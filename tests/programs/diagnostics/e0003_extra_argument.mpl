fn main() do
  let inc = fn a -> a + 1 end
  println("#{inc(1, 2)}")
end
