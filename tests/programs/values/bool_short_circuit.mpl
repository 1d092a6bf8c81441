fn noisy(label :: String, v :: Bool) -> Bool do
  println("eval #{label}")
  v
end

fn main() do
  let a = false and noisy("a", true)
  let b = true or noisy("b", false)
  let c = true and noisy("c", false)
  let d = false || noisy("d", true)
  let e = false && noisy("e", true)
  println("#{a} #{b} #{c} #{d} #{e}")
end
