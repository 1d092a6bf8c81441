fn main() do
  let xs = [3, 1, 2]
  print("a")
  print("")
  print("b\n")
  println("#{map(xs, fn x -> x + 1 end)} #{filter(xs, fn x -> x != 1 end)} #{reduce(xs, 0, fn(a, x) -> a + x end)}")
  println("#{head(xs)} #{tail(xs)}")
  let nan = 0.0 / 0.0
  println("#{compare(1, 2)} #{compare(2, 2)} #{compare(3, 2)} #{compare("a", "b")} #{compare([1, 2], [1])}")
  println("#{compare(1.0, nan)} #{compare(nan, nan)} #{compare(false, true)} #{compare((1, "b"), (1, "a"))}")
  let n :: Int = default()
  let s :: String = default()
  println("#{n} [#{s}]")
  let o :: Option<Int> = None
  let r :: Result<Int, String> = Err("e")
  println("#{Some(1)} #{o} #{Ok(2)} #{r} #{Less} #{Equal} #{Greater}")
  println("#{compare("Z", "a")} #{compare("é", "z")} #{compare("", "a")} #{compare("ab", "a")}")
  println("#{compare(Some(1), None)} #{compare(Ok(5), Err("x"))} #{compare(Greater, Less)}")
end
