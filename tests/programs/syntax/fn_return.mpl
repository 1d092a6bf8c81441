fn find_first_even(xs :: List<Int>) -> Int do
  for x in xs do
    if x % 2 == 0 do
      return x
    end
  end
  -1
end

fn describe(n :: Int) -> String do
  case n do
    0 -> return "zero"
    _ -> "nonzero"
  end
end

fn log_positive(n :: Int) do
  if n <= 0 do
    println("skip #{n}")
    return
  end
  println("value #{n}")
end

fn main() do
  println("#{find_first_even([1, 3, 4, 6])} #{find_first_even([1])}")
  println("#{describe(0)} #{describe(5)}")
  log_positive(-1)
  log_positive(2)
  let f = fn x do
    if x > 0 do
      return "pos"
    end
    "nonpos"
  end
  println("#{f(1)} #{f(0)}")
end
