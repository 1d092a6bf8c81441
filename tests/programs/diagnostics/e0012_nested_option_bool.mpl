fn main() do
  let o = Some(true)
  let s = case o do
    Some(true) -> "yes"
    None -> "none"
  end
  println(s)
end
