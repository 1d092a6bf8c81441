fn main() do
  let s :: String = 4.5
  println(s)
end
