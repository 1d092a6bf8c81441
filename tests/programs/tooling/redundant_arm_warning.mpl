fn main() do
  let x = 1
  case x do
    _ -> println("any")
    1 -> println("one")
  end
end
