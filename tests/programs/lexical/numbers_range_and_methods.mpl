fn main() do
  for i in 1..5 do
    print("#{i} ")
  end
  println("")
  let r = 0..3
  println("#{Range.length(r)} #{Range.to_list(r)}")
  println(42.to_string())
  println("#{42.to_string().length()}")
  println(3.5.to_string())
  println("#{1..5}")
end
