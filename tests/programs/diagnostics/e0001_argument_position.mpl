fn pad(s :: String, width :: Int) -> String do
  s
end

fn main() do
  println(pad("a", "wide"))
end
