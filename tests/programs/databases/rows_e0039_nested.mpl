# Spec 06 §3.6: E0039 for each unmappable field: nested Option, a struct, a map, a tuple.
struct Point do
  x :: Int
end

struct Shape do
  name :: String
  nested :: Option<Option<Int>>
  origin :: Point
  meta :: Map<String, String>
  pair :: (Int, Int)
end deriving(Row)

fn main() do
  println("unreachable")
end
