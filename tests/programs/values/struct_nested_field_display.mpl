struct Inner do
  v :: Int
end

struct Named do
  label :: String
end deriving(Display)

struct Outer do
  inner :: Inner
  named :: Named
  tags :: List<String>
  score :: Float
  maybe :: Int?
end deriving(Display, Debug)

fn main() do
  let o = Outer { inner: Inner { v: 1 }, named: Named { label: "n" }, tags: ["a", "b"], score: 1.5, maybe: Some(4) }
  println("#{o}")
  println(o.inspect())
end
