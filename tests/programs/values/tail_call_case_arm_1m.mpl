fn countdown(n :: Int) -> String do
  case n do
    0 -> "liftoff"
    _ -> countdown(n - 1)
  end
end

fn main() do
  println(countdown(1000000))
end
