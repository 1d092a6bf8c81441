struct Box<T> do
  value :: T
end deriving(Display, Eq)

fn main() do
  let a = Box { value: 42 }
  let b = Box { value: "hello" }
  let c = Box { value: [1, 2] }
  let d = Box { value: 42 }
  println("#{a} #{b} #{c}")
  println("#{a == d}")
end
