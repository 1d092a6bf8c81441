pub struct Pair<A, B> do
  left :: A
  right :: B
end deriving(Eq, Display)

fn main() do
  let p = Pair { left: 1, right: "a" }
  println("#{p}")
  let q = Pair { left: 1.5, right: [1, 2] }
  println("#{q}")
  println("#{Pair { left: 1, right: 2 } == Pair { left: 1, right: 2 }}")
  println("#{p.left + 1} #{p.right}")
end
