type Token do
  Num(Int)
  Word(text :: String)
  Eof
end deriving(Eq, Display, Debug)

type Maybe<T> do
  Just(T)
  Nothing
end deriving(Display)

type Tree do
  Leaf
  Node(Tree, Int, Tree)
end

fn sum_tree(t :: Tree) -> Int do
  case t do
    Leaf -> 0
    Node(l, v, r) -> sum_tree(l) + v + sum_tree(r)
  end
end

fn main() do
  let toks = [Num(3), Token.Word("hi"), Token.Eof]
  println("#{toks}")
  println("#{List.map([1, 2], Num)}")
  let m :: Maybe<Int> = Nothing
  println("#{Just(5)} #{m}")
  let t = Node(Node(Leaf, 1, Leaf), 2, Node(Leaf, 3, Leaf))
  println("#{sum_tree(t)}")
end
