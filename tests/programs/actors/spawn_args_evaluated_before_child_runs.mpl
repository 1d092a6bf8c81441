fn note(label :: String, value :: Int) -> Int do
  println("evaluating #{label}")
  value
end

actor show(a :: Int, b :: Int) do
  println("child sees #{a} and #{b}")
end

fn main() do
  spawn(show, note("first", 1), note("second", 2))
  println("spawn returned")
end
