type UserId = Int
pub type Name = String
type Pairing = (Int, String)
type Lookup = Map<String, Int>

fn next_id(id :: UserId) -> UserId = id + 1

fn main() do
  let id :: UserId = 41
  let n :: Name = "ada"
  let p :: Pairing = (1, "one")
  let m :: Lookup = %{"a" => 1}
  let plain :: Int = next_id(id)
  println("#{next_id(id)} #{n} #{p} #{m} #{plain}")
end
