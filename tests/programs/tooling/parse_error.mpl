fn main( do
  println("x")
end
