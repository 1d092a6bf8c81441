fn main() do
  let b = true
  let s = case b do
    true -> "yes"
  end
  println(s)
end
