fn main() do
  let n = 2
  println("#{n} ${n + 1} #n $n # $ {n}")
  println("a#{String.length("xyz")}b")
  let s = "in"
  println("#{s}${s}")
end
