fn main() do
  let r = Range.new(1, 4)
  let r2 = 1..4
  println("#{r} #{r2} #{Range.length(r)} #{Range.length(1..4)} #{Range.to_list(r2)}")
  println("#{Range.length(10..0)} #{Range.length(5..5)} #{Range.to_list(10..0)} #{Range.to_list(Range.new(5, 5))}")
  println("#{Range.to_list(-2..2)} #{Range.length(Range.new(-3, -1))}")
  println("#{Range.map(1..4, fn x -> x * x end)} #{Range.map(3..1, fn x -> x end)}")
  println("#{Range.filter(0..10, fn x -> x % 2 == 0 end)} #{Range.filter(0..3, fn x -> x > 5 end)}")
  for i in 10..0 do
    println("never #{i}")
  end
  let seen = for i in 0..5 do
    i
  end
  println("#{seen}")
  let n = 3
  println("#{Range.to_list(n..n + 2)}")
end
