fn main() do
  let s :: String = :name
  println(s)
end
