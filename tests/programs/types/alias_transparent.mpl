type UserId = Int
type Names = List<String>
type MaybeAge = Int?

fn next_id(id :: UserId) -> UserId do
  id + 1
end

fn main() do
  let raw :: Int = 41
  let id = next_id(raw)
  let ns :: Names = ["a"]
  let plain :: List<String> = ns ++ ["b"]
  let age :: MaybeAge = Some(3)
  println("#{id} #{plain} #{age}")
end
