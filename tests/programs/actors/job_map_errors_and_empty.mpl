fn main() do
  let results = Job.map([5, 0, 20], fn(n) -> 100 / n end)
  println("#{results}")
  let none = Job.map([], fn(n :: Int) -> n end)
  println("#{none}")
end
