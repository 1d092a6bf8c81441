type Token do
  Num(Int)
  Eof
end

fn main() do
  let t = Num(1)
  let r = case t do
    Num(a, b) -> a
    Eof -> 0
  end
  println("#{r}")
end
