fn main() do
  let u = println("hello")
  println("#{u}")
  let n = nil
  println("[#{n}]")
  let w = if false do println("no") end
  println("#{w}")
  let l = while false do println("loop") end
  println("#{l}")
  let unit = ()
  println("#{unit}")
end
