fn main() do
  let xs = for i in 0..10 do
    if i == 5 do
      break
    end
    if i % 2 == 0 do
      continue
    end
    i
  end
  println("#{xs}")
end
