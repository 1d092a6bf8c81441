fn main() do
  let o = Some(1)
  case o do
    Some(x) | None -> println("x")
  end
end
