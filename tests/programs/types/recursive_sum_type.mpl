type Tree do
  Leaf
  Node(Tree, Int, Tree)
end

fn total(t :: Tree) -> Int do
  case t do
    Leaf -> 0
    Node(l, v, r) -> total(l) + v + total(r)
  end
end

fn insert(t :: Tree, x :: Int) -> Tree do
  case t do
    Leaf -> Node(Leaf, x, Leaf)
    Node(l, v, r) -> if x < v do Node(insert(l, x), v, r) else Node(l, v, insert(r, x)) end
  end
end

fn to_list(t :: Tree) -> List<Int> do
  case t do
    Leaf -> []
    Node(l, v, r) -> to_list(l) ++ [v] ++ to_list(r)
  end
end

fn main() do
  let t = List.reduce([5, 2, 8, 1], Leaf, fn(acc, x) -> insert(acc, x) end)
  println("#{total(t)} #{to_list(t)}")
end
