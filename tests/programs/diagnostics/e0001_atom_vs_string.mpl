fn main() do
  let x :: String = :name
  println(x)
end
