fn find_neg(xs :: List<Int>) -> Int do
  for x in xs do
    if x < 0 do
      return x
    end
  end
  0
end

fn main() do
  println("#{find_neg([4, -3, -8])} #{find_neg([1, 2])}")
  let f = fn x do
    if x > 10 do
      return "big"
    end
    "small"
  end
  println("#{f(20)} #{f(1)}")
end
