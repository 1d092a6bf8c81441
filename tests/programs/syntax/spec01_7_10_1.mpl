fn main() do
  let odd_squares = for i in 0..10 when i % 2 == 1 do
    i * i
  end
  let inventory = %{"pens" => 3, "ink" => 0}
  for {item, count} in inventory do
    if count == 0 do
      continue
    end
    println("#{item}: #{count}")
  end
  println("#{odd_squares}")
end
