fn main() do
  let a = 1; let b = a + 1
  println("#{a} #{b}"); println("second")
  let c = if b > 1 do "big" else "small" end; println(c)
end
