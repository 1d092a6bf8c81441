fn main() do
  println("#{true.length()}")
end
