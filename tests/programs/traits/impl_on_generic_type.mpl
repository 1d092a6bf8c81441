interface Show do
  fn show(self) -> String
end

struct Box<T> do
  item :: T
end deriving()

impl Show for Box do
  fn show(self) -> String do
    "box of #{self.item}"
  end
end

type Maybe<T> do
  Just(T)
  Nothing
end deriving()

impl Show for Maybe do
  fn show(self) -> String do
    case self do
      Just(x) -> "just #{x}"
      Nothing -> "nothing"
    end
  end
end

fn main() do
  let a = Box { item: 42 }
  let b = Box { item: "hi" }
  println(a.show())
  println(b.show())
  let m :: Maybe<Int> = Nothing
  println(Just(1.5).show())
  println(m.show())
  let nested = Box { item: Box { item: 1 } }
  println(nested.show())
end
