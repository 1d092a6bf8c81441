type Light do
  Red
  Green
end

fn main() do
  let l = Green
  let s = case l do
    _ -> "any"
    Red -> "red"
  end
  println(s)
end
