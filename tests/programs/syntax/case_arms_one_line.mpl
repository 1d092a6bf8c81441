fn main() do
  let r = case 2 do 2 -> "two" _ -> "other" end
  println(r)
end
