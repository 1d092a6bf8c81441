fn divide(a :: Int, b :: Int) -> Int do
  a / b
end

fn main() do
  let good = Job.async(fn -> divide(84, 2) end)
  let bad = Job.async(fn -> divide(1, 0) end)
  println("good: #{Job.await(good)}")
  println("bad: #{Job.await(bad)}")
  println("bad again: #{Job.await(bad)}")
  println("main still running")
end
