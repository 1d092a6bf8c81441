fn main() do
  let z = 0.0 * -1.0
  println("#{z} #{z == 0.0}")
end
