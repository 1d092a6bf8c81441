struct Box<T> do
  item :: T
end deriving(Display, Eq, Debug)

struct Pair<A, B> do
  left :: A
  right :: B
end deriving(Display, Eq, Ord)

type Maybe<T> do
  Just(T)
  Nothing
end deriving(Display, Eq)

fn main() do
  let bi = Box { item: 42 }
  let bs = Box { item: "hello" }
  println("#{bi} #{bs}")
  println(bs.inspect())
  println("#{bi == Box { item: 42 }} #{bs == Box { item: "bye" }}")
  let nested = Box { item: Box { item: 1.5 } }
  println("#{nested}")
  let p = Pair { left: Box { item: 1 }, right: "r" }
  println("#{p}")
  let j :: Maybe<Box<Int>> = Just(Box { item: 3 })
  let n :: Maybe<Box<Int>> = Nothing
  println("#{j} #{n} #{j == n}")
  println("#{Box { item: [1, 2] }}")
  println("#{Pair { left: 1, right: 2 } < Pair { left: 1, right: 3 }}")
  println("#{Box { item: Just("x") }}")
end
