fn main() do
  let r = case 1 do
    1 ->
    "one"
    _ -> "other"
  end
  println(r)
end
