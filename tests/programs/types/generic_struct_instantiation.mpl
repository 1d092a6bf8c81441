struct Pair<A, B> do
  left :: A
  right :: B
end deriving(Display)

fn swap<A, B>(p :: Pair<A, B>) -> Pair<B, A> do
  Pair { left: p.right, right: p.left }
end

fn main() do
  let p = Pair { left: 1, right: "a" }
  let q = swap(p)
  println("#{p} #{q}")
  let s = q.left <> "!"
  println("#{q.right + 1} #{s}")
end
