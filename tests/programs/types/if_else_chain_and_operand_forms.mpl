fn classify(n :: Int) -> String do
  if n < 0 do
    "neg"
  else if n == 0 do
    "zero"
  else
    "pos"
  end
end

fn main() do
  println("#{classify(-3)} #{classify(0)} #{classify(9)}")
  let v = 1 + if true do 10 else 20 end
  let w = case v do
    11 -> "eleven"
    _ -> "other"
  end
  println("#{v} #{w}")
end
