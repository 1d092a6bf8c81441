fn main() do
  let squares = for x in [1, 2, 3] do
    x * x
  end
  println("#{squares}")
  let evens = for i in 0..10 when i % 2 == 0 do
    i
  end
  println("#{evens}")
  let skipped = for x in 0..6 do
    if x == 2 do
      continue
    end
    x
  end
  println("#{skipped}")
  let stopped = for x in 0..100 do
    if x == 3 do
      break
    end
    x * 2
  end
  println("#{stopped}")
  let m = %{"a" => 1, "b" => 2}
  let entries = for {k, v} in m do
    "#{k}=#{v}"
  end
  println("#{entries}")
  let vals = for {_, v} in m do v * 10 end
  println("#{vals}")
  let s = Set.from_list([3, 1, 3, 2])
  let from_set = for x in s do x end
  println("#{from_set}")
  let grid = for i in 1..3 do
    for j in 1..3 do
      i * j
    end
  end
  println("#{grid}")
  for x in [1, 2] do
    println("side #{x}")
  end
end
