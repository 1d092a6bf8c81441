type Light do
  Red
  Amber
  Green
end

fn main() do
  let l = Red
  let s = case l do
    Red -> "stop"
  end
  println(s)
end
