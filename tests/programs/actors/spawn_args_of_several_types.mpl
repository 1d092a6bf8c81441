actor describe(name :: String, tags :: List<String>, score :: Int, active :: Bool) do
  println("#{name} #{tags} #{score} #{active}")
end

fn main() do
  spawn(describe, "probe", ["a", "b"], 7, true)
end
