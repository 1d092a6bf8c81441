struct Point do
  x :: Int
  y :: Int
end deriving(Eq, Ord, Display, Debug, Hash)

struct Empty do
end deriving(Eq, Display, Debug, Hash)

struct Named do
  name :: String
  score :: Float
end deriving(Display, Debug)

fn main() do
  let p = Point { x: 1, y: 2 }
  let q = Point { x: 1, y: 3 }
  let r = Point { x: 0, y: 9 }
  println("#{p}")
  println(p.inspect())
  println(p.to_string())
  println("#{p == q} #{p != q} #{p == Point { x: 1, y: 2 }}")
  println("#{p < q} #{r < p} #{q > p} #{p <= p} #{q >= r}")
  println("#{compare(p, q)} #{compare(q, q)} #{compare(q, r)}")
  println("#{p.hash()}")
  println("#{Empty {}.hash()}")
  println("#{1.hash()} #{"ab".hash()} #{true.hash()}")
  println("#{Empty {}} #{Empty {}.inspect()}")
  let n = Named { name: "ann", score: 2.0 }
  println("#{n} #{n.inspect()}")
end
