fn grade(score :: Int) -> String do
  if score >= 90 do
    "A"
  else if score >= 80 do
    "B"
  else if score >= 70 do
    "C"
  else
    "F"
  end
end

fn main() do
  println("#{grade(95)} #{grade(85)} #{grade(75)} #{grade(10)}")
  let c = false
  println("#{1 + if c do 1 else 2 end}")
  let ok = true
  println(if ok do "one-line" else "other" end)
  let u = if false do println("never") end
  println("#{u}")
  if true do
    println("no else")
  end
end
