fn main() do
  let x = 1
  let x = x + 1
  let y :: Int = 10
  let _ = println("side effect")
  let (a, b) = (x, y)
  let s :: String = "typed"
  println("#{x} #{y} #{a + b} #{s}")
  let block_val = if true do
    let inner = 5
    inner * 2
  else
    0
  end
  println("#{block_val}")
end
