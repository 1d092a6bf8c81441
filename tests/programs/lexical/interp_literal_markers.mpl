fn main() do
  let x = 5
  println("#1 and $2 and # {x} and $ {x}")
  println("\#{x} \${x}")
  println("#{x}# #{x}$")
  println("a#b$c#")
end
