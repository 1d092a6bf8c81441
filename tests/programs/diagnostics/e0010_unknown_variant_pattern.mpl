type Color do
  Red
  Blue
end

fn main() do
  let c = Red
  let s = case c do
    Red -> "r"
    Purple(_) -> "p"
    _ -> "other"
  end
  println(s)
end
