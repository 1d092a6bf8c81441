# `for` over a range and a map, `while` with break and continue.
fn main() do
  for i in 1..4 do
    println("i = #{i}")
  end
  for {k, v} in %{"a" => 1} do
    println("#{k} => #{v}")
  end
  let mut = 0
  while true do
    if mut > 3 do
      break
    end
    println("loop")
    break
  end
end
