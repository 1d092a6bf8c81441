fn classify(v) do
  case v do
    0 | 1 -> "tiny"
    n when n < 0 -> "negative"
    n -> do
      let half = n / 2
      "half is #{half}"
    end
  end
end

fn main() do
  println(classify(0))
  println(classify(1))
  println(classify(-5))
  println(classify(9))
end
