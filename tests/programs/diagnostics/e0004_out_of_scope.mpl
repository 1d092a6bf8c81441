fn main() do
  if true do
    let inner = 1
    println("#{inner}")
  end
  println("#{inner}")
end
