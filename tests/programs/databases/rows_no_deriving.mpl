# `T.from_row` exists only for a struct deriving Row.
struct Plain do
  name :: String
end

fn main() do
  println("${Plain.from_row(%{"name" => "x"})}")
end
