service Threshold do
  fn init(limit :: Int) -> Int do
    limit
  end

  call Classify(n :: Int) :: String do |limit|
    case n > limit do
      true -> (limit, "yes")
      false -> (limit, "no")
    end
  end
end

fn main() do
  let t = Threshold.start(10)
  println(Threshold.classify(t, 15))
  println(Threshold.classify(t, 3))
end
